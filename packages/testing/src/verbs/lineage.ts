/**
 * The model-graph verbs over the project's models: `rocky lineage <model>[.<column>]`
 * (lineage.rs), `rocky catalog` (catalog.rs) and `rocky dag` (dag.rs, from the config's pipelines).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { ConfigLoadError, loadProject, type SimPipeline } from "../project/config.js";
import { Lineage, type LineageEdge } from "../project/lineage.js";
import { loadModels, ModelsError } from "../project/models.js";
import { modelsFor } from "./models.js";
import { done, positional } from "./report-kit.js";
import { modelsDirOf } from "./run-models.js";
import { stableHash } from "./warehouse.js";

const edgeJson = (e: LineageEdge): JsonObject => ({
  source: { ...e.source },
  target: { ...e.target },
  transform: e.transform,
});

/** `LineageOutput` of `model` (its columns, neighbours and every edge touching it). */
export function modelLineage(version: string, lineage: Lineage, name: string): JsonObject | null {
  const model = lineage.model(name);
  if (model === undefined) return null;
  const upstream = lineage.upstream(name);
  const downstream = lineage.downstream(name);
  const nodes = [name, ...upstream, ...downstream].sort();
  return {
    version,
    command: "lineage",
    model: name,
    columns: lineage.columnsOf(name).map((c) => ({ name: c.name })),
    upstream,
    downstream,
    edges: lineage.edges
      .filter((e) => e.target.model === name || e.source.model === name)
      .map(edgeJson),
    nodes: nodes.map((n) => ({ model: n, target_schema: lineage.model(n)?.schema ?? "" })),
  };
}

/** `ColumnLineageOutput`: the trace of `model.column`, and its direct downstream consumers. */
export function columnLineage(
  version: string,
  lineage: Lineage,
  name: string,
  column: string,
  direction: "upstream" | "downstream",
): JsonObject | null {
  if (!lineage.columnsOf(name).some((c) => c.name === column)) return null;
  const down = lineage.traceDown(name, column);
  return {
    version,
    command: "lineage",
    model: name,
    column,
    direction,
    trace: (direction === "upstream" ? lineage.traceUp(name, column) : down).map(edgeJson),
    downstream_consumers: down
      .filter((e) => e.source.model === name)
      .map((e) => ({ model: e.target.model, column: e.target.column })),
  };
}

/** lineage.rs: `model` or `model.column` (split on the first dot), `--column`, direction flags. */
export async function handleLineage(ctx: Ctx): Promise<VerbResult> {
  const target = positional(ctx);
  const dot = target.indexOf(".");
  const name = dot === -1 ? target : target.slice(0, dot);
  const column = dot === -1 ? str(ctx.parsed.flags, "column") : target.slice(dot + 1);
  const lineage = new Lineage(await modelsFor(ctx));
  if (lineage.model(name) === undefined) throw new RuntimeFailure(`model '${name}' not found`);
  if (column === null) return done(ctx, modelLineage(ctx.version, lineage, name) as JsonObject);
  const direction = bool(ctx.parsed.flags, "downstream") ? "downstream" : "upstream";
  const json = columnLineage(ctx.version, lineage, name, column, direction);
  if (json === null) throw new RuntimeFailure(`column '${column}' not found in model '${name}'`);
  return done(ctx, json);
}

/** catalog.rs: every model as an asset with its columns, and the column edges; writes catalog.json. */
export async function handleCatalog(ctx: Ctx): Promise<VerbResult> {
  if (ctx.behavior.failure === true) throw new RuntimeFailure("failed to compile models");
  const lineage = new Lineage(await modelsFor(ctx));
  const only = str(ctx.parsed.flags, "catalog");
  const models = [...lineage.models]
    .filter((m) => only === null || m.catalog === only)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const kept = new Set(models.map((m) => m.name));
  const assets = models.map((m) => ({
    fqn: `${m.catalog}.${m.schema}.${m.table}`,
    model_name: m.name,
    kind: "Model",
    columns: lineage
      .columnsOf(m.name)
      .map((c) => ({ name: c.name, nullable: true }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    upstream_models: lineage.upstream(m.name),
    downstream_models: lineage.downstream(m.name),
  }));
  const edges = lineage.edges
    .filter((e) => kept.has(e.target.model))
    .map((e) => ({
      source_model: e.source.model,
      source_column: e.source.column,
      target_model: e.target.model,
      target_column: e.target.column,
      transform: e.transform,
      confidence: "High",
    }));
  const columns = assets.reduce((n, a) => n + a.columns.length, 0);
  const json: JsonObject = {
    version: ctx.version,
    command: "catalog",
    generated_at: new Date().toISOString(),
    project_name: "sim",
    config_hash: stableHash(ctx.configPath).toString(16).padStart(16, "0"),
    assets,
    edges,
    stats: {
      asset_count: assets.length,
      edge_count: edges.length,
      column_count: columns,
      orphan_columns: 0,
      assets_with_star: 0,
      duration_ms: 1,
    },
  };
  const format = str(ctx.parsed.flags, "format") ?? "both";
  if (format !== "parquet") {
    const out = str(ctx.parsed.flags, "out") ?? join(".rocky", "catalog");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "catalog.json"), `${JSON.stringify(json, null, 2)}\n`);
  }
  return done(ctx, json);
}

interface DagNode {
  id: string;
  json: JsonObject;
  dependsOn: string[];
}

/** dag.rs `unified_dag`: a transformation pipeline's models; other pipelines' stages. */
async function pipelineNodes(ctx: Ctx, p: SimPipeline): Promise<DagNode[]> {
  if (p.type === "transformation") {
    const dir = modelsDirOf(ctx.configPath, p.models);
    let models: Awaited<ReturnType<typeof loadModels>> = [];
    try {
      if (ctx.fs.isDir(dir)) models = await loadModels(ctx.fs, dir);
    } catch (err) {
      if (!(err instanceof ModelsError)) throw err;
    }
    const names = new Set(models.map((m) => m.name));
    return models.map((m) => {
      const dependsOn = m.dependsOn.filter((d) => names.has(d)).map((d) => `transformation:${d}`);
      const json: JsonObject = {
        id: `transformation:${m.name}`,
        kind: "transformation",
        label: m.name,
        pipeline: p.name,
        target: { catalog: m.catalog, schema: m.schema, table: m.table },
        strategy: { ...m.strategyConfig },
      };
      if (dependsOn.length > 0) json.depends_on = dependsOn;
      return { id: json.id as string, json, dependsOn };
    });
  }
  const stages: [string, string][] =
    p.type === "replication"
      ? [
          ["source", "source"],
          ["load", "load"],
        ]
      : [[p.type, p.type]];
  const nodes: DagNode[] = [];
  for (const [i, [kind, label]] of stages.entries()) {
    const id = `${kind}:${p.name}`;
    const prev = nodes[i - 1];
    const json: JsonObject = { id, kind, label: `${p.name} (${label})`, pipeline: p.name };
    if (prev !== undefined) json.depends_on = [prev.id];
    nodes.push({ id, json, dependsOn: prev === undefined ? [] : [prev.id] });
  }
  return nodes;
}

/** dag.rs: every pipeline's nodes, the data edges, the layers, a summary. */
export async function handleDag(ctx: Ctx): Promise<VerbResult> {
  if (ctx.behavior.failure === true) throw new RuntimeFailure("DAG has no nodes: missing root");
  let project: Awaited<ReturnType<typeof loadProject>>;
  try {
    project = await loadProject(ctx.configPath, ctx.fs);
  } catch (err) {
    if (err instanceof ConfigLoadError) throw new RuntimeFailure(err.message);
    throw err;
  }
  const nodes: DagNode[] = [];
  for (const p of project.pipelines) nodes.push(...(await pipelineNodes(ctx, p)));
  nodes.sort((a, b) => (a.id < b.id ? -1 : 1));
  const edges: Json[] = nodes.flatMap((n) =>
    n.dependsOn.map((from) => ({ from, to: n.id, edge_type: "data" })),
  );
  const layers: string[][] = [];
  const placed = new Set<string>();
  let left = [...nodes];
  while (left.length > 0) {
    const ready = left.filter((n) => n.dependsOn.every((d) => placed.has(d)));
    const layer = ready.length > 0 ? ready : left;
    layers.push(layer.map((n) => n.id));
    for (const n of layer) placed.add(n.id);
    left = left.filter((n) => !placed.has(n.id));
  }
  const counts: Record<string, number> = {};
  for (const n of nodes) counts[n.json.kind as string] = (counts[n.json.kind as string] ?? 0) + 1;
  const json: JsonObject = {
    version: ctx.version,
    schema_version: "1",
    command: "dag",
    nodes: nodes.map((n) => n.json),
    edges,
    execution_layers: layers,
    summary: {
      total_nodes: nodes.length,
      total_edges: edges.length,
      execution_layers: layers.length,
      counts_by_kind: Object.fromEntries(Object.entries(counts).sort()),
    },
  };
  if (bool(ctx.parsed.flags, "column-lineage")) {
    const models = nodes
      .filter((n) => n.json.kind === "transformation")
      .map((n) => n.json.label as string);
    const dirModels = await modelsFor(ctx).catch(() => []);
    const lineage = new Lineage(dirModels.filter((m) => models.includes(m.name)));
    json.column_lineage = lineage.edges
      .filter((e) => models.includes(e.source.model))
      .map(edgeJson);
  }
  return done(ctx, json);
}
