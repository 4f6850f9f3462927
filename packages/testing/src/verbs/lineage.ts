/**
 * The model-graph verbs: `rocky lineage <model>[.<column>]` (lineage.rs), `rocky catalog`
 * (catalog.rs) and `rocky dag` (dag.rs), over the fake project's models.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { AT, COLUMNS, done, MODELS, positional, requireModel } from "./report-kit.js";
import { CATALOG, stableHash } from "./warehouse.js";

const edge = (from: string, to: string, column: string): JsonObject => ({
  source: { model: from, column },
  target: { model: to, column },
  transform: "direct",
});

/** lineage.rs: `model` or `model.column` (split on the first dot), `--column`, direction flags. */
async function lineage(ctx: Ctx): Promise<VerbResult> {
  const target = positional(ctx);
  const dot = target.indexOf(".");
  const model = dot === -1 ? target : target.slice(0, dot);
  const column = dot === -1 ? str(ctx.parsed.flags, "column") : target.slice(dot + 1);
  const [name, schema, upstream] = requireModel(model);
  const downstream = MODELS.filter(([, , up]) => up === name).map(([n]) => n);
  const v = ctx.version;
  if (column !== null) {
    if (!COLUMNS.includes(column)) {
      throw new RuntimeFailure(`column '${column}' not found in model '${name}'`);
    }
    const down = bool(ctx.parsed.flags, "downstream");
    const trace = down
      ? downstream.map((d) => edge(name, d, column))
      : upstream === null
        ? []
        : [edge(upstream, name, column)];
    const json: JsonObject = {
      version: v,
      command: "lineage",
      model: name,
      column,
      direction: down ? "downstream" : "upstream",
      trace,
    };
    if (down) json.downstream_consumers = downstream.map((d) => ({ model: d, column }));
    return done(ctx, json);
  }
  return done(ctx, {
    version: v,
    command: "lineage",
    model: name,
    columns: COLUMNS.map((c) => ({ name: c, data_type: c === "amount" ? "DOUBLE" : "BIGINT" })),
    upstream: upstream === null ? [] : [upstream],
    downstream,
    edges: upstream === null ? [] : COLUMNS.map((c) => edge(upstream, name, c)),
    nodes: [{ model: name, target_schema: schema }],
  });
}

/** catalog.rs: writes `<out>/catalog.json` when the format includes json. */
async function catalog(ctx: Ctx): Promise<VerbResult> {
  if (ctx.behavior.failure === true) throw new RuntimeFailure("failed to compile models");
  const only = str(ctx.parsed.flags, "catalog");
  const assets = MODELS.slice(1).map(([name, schema, up]) => ({
    model_name: name,
    fqn: `${CATALOG}.${schema}.${name}`,
    kind: "Model",
    columns: COLUMNS.map((c) => ({ name: c, data_type: "BIGINT", nullable: true })),
    upstream_models: up === null ? [] : [up],
    downstream_models: MODELS.filter(([, , u]) => u === name).map(([n]) => n),
  }));
  const kept = only === null || only === CATALOG ? assets : [];
  const edges =
    kept.length === 0
      ? []
      : [
          {
            source_model: "customer_orders",
            source_column: "amount",
            target_model: "revenue_summary",
            target_column: "amount",
            transform: "direct",
            confidence: "High",
          },
        ];
  const json: JsonObject = {
    version: ctx.version,
    command: "catalog",
    generated_at: AT,
    project_name: "sim",
    config_hash: (stableHash(ctx.configPath) >>> 0).toString(16).padStart(8, "0"),
    assets: kept,
    edges,
    stats: {
      asset_count: kept.length,
      edge_count: edges.length,
      column_count: kept.length * COLUMNS.length,
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

/** dag.rs: 3 nodes, 2 edges, 3 layers; column lineage on request. */
async function dag(ctx: Ctx): Promise<VerbResult> {
  if (ctx.behavior.failure === true) throw new RuntimeFailure("DAG has no nodes: missing root");
  const json: JsonObject = {
    version: ctx.version,
    command: "dag",
    schema_version: "1",
    nodes: MODELS.map(([name, schema, up]) => ({
      id: `transformation:${name}`,
      kind: "transformation",
      label: name,
      pipeline: "sim",
      depends_on: up === null ? [] : [`transformation:${up}`],
      target: { catalog: CATALOG, schema, table: name },
    })),
    edges: MODELS.filter(([, , up]) => up !== null).map(([name, , up]) => ({
      from: `transformation:${up}`,
      to: `transformation:${name}`,
      edge_type: "data",
    })),
    execution_layers: MODELS.map(([name]) => [`transformation:${name}`]),
    summary: {
      total_nodes: 3,
      total_edges: 2,
      execution_layers: 3,
      counts_by_kind: { transformation: 3 },
    },
  };
  if (bool(ctx.parsed.flags, "column-lineage")) {
    json.column_lineage = MODELS.filter(([, , up]) => up !== null).map(([name, , up]) =>
      edge(up as string, name, "amount"),
    );
  }
  return done(ctx, json);
}

/** The handlers, keyed by verb as rocky spells it. */
export const handleLineage = lineage;
export const handleCatalog = catalog;
export const handleDag = dag;
