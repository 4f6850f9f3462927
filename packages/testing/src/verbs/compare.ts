/**
 * `rocky compare` (main.rs Compare arm → compare.rs `compare`): each production target of the
 * pipeline against its shadow (shadow.rs `shadow_target`), read from the simulated warehouse. A
 * table the warehouse lacks cannot be read, which fails its comparison (compare.rs
 * `read_or_default`); counts and columns compare as rocky-core compare/mod.rs
 * `compare_row_counts`, `compare_schemas` and `evaluate_comparison` do.
 */
import { type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import type { Column } from "../project/fake.js";
import { loadModels, ModelsError } from "../project/models.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { Warehouse } from "../project/world.js";
import { modelsDirOf } from "./run-models.js";
import {
  applyFilter,
  DEFAULT_SHADOW_SUFFIX,
  discoverSources,
  inMemory,
  type ShadowConfig,
  splitFilter,
  targetsOf,
} from "./warehouse.js";

/** mod.rs `TRANSFORMATION_FILTER_KEYS`. */
const TRANSFORMATION_FILTER_KEYS: readonly string[] = ["table", "model", "catalog", "schema"];

interface Thresholds {
  warn: number;
  fail: number;
}

/** compare/mod.rs `ComparisonThresholds` (defaults 1 % warn, 5 % fail), from `--thresholds`. */
function thresholdsOf(raw: string | null): Thresholds {
  if (raw === null) return { warn: 0.01, fail: 0.05 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new RuntimeFailure("failed to parse thresholds JSON", [(err as Error).message]);
  }
  const fail = (why: string): never => {
    throw new RuntimeFailure("failed to parse thresholds JSON", [why]);
  };
  // serde reads a struct from a JSON object, or from an array of its fields in order.
  const fields = ["row_count_diff_pct_warn", "row_count_diff_pct_fail", "allow_column_order_diff"];
  let t: Record<string, unknown>;
  if (Array.isArray(parsed)) {
    if (parsed.length > fields.length) {
      fail(`invalid length ${parsed.length}, expected struct ComparisonThresholds with 3 elements`);
    }
    t = Object.fromEntries(parsed.map((v, i) => [fields[i] as string, v]));
  } else if (parsed !== null && typeof parsed === "object") {
    t = parsed as Record<string, unknown>;
  } else {
    return fail("invalid type: expected struct ComparisonThresholds");
  }
  for (const [k, v] of Object.entries(t)) {
    const want = k === "allow_column_order_diff" ? "boolean" : "number";
    if (fields.includes(k) && typeof v !== want)
      fail(`invalid type for \`${k}\`, expected ${want === "number" ? "f64" : "a boolean"}`);
  }
  const num = (v: unknown, d: number): number => (typeof v === "number" ? v : d);
  return { warn: num(t.row_count_diff_pct_warn, 0.01), fail: num(t.row_count_diff_pct_fail, 0.05) };
}

/** mod.rs `transformation_prod_targets`: the models' targets a filter keeps. */
async function transformationTargets(
  ctx: Ctx,
  pipeline: SimPipeline,
  filter: string | null,
): Promise<string[]> {
  const parsed = filter === null ? null : splitFilter(filter);
  if (parsed !== null && !TRANSFORMATION_FILTER_KEYS.includes(parsed.key)) {
    throw new RuntimeFailure(
      `transformation-pipeline \`compare\` does not support \`--filter ${parsed.key}=...\`. Supported keys: ${TRANSFORMATION_FILTER_KEYS.join(", ")}.`,
    );
  }
  const dir = modelsDirOf(ctx.configPath, pipeline.models);
  if (!ctx.fs.isDir(dir)) {
    throw new RuntimeFailure(
      `models directory '${dir}' does not exist — transformation-pipeline \`compare\` requires the project's \`models\` glob to resolve to an on-disk directory`,
    );
  }
  let models: Awaited<ReturnType<typeof loadModels>>;
  try {
    models = await loadModels(ctx.fs, dir);
  } catch (err) {
    if (err instanceof ModelsError) throw new RuntimeFailure(err.message);
    throw err;
  }
  const keep = (m: (typeof models)[number]): boolean => {
    if (m.strategy === "ephemeral") return false;
    if (parsed === null) return true;
    const field = { table: m.table, model: m.name, catalog: m.catalog, schema: m.schema }[
      parsed.key as "table"
    ];
    return field === parsed.value;
  };
  return models.filter(keep).map((m) => `${m.catalog}.${m.schema}.${m.table}`);
}

/** shadow.rs `shadow_target` on a `catalog.schema.table` name. */
function shadowOf(full: string, shadow: ShadowConfig): string {
  const [catalog, schema, table] = full.split(".") as [string, string, string];
  return shadow.schemaOverride !== null
    ? `${catalog}.${shadow.schemaOverride}.${table}`
    : `${catalog}.${schema}.${table}${shadow.suffix}`;
}

/** compare/mod.rs `compare_schemas`, as `SchemaDiff` Debug strings. */
function schemaDiffs(shadow: readonly Column[], prod: readonly Column[]): string[] {
  const diffs: string[] = [];
  for (const [name, type] of shadow) {
    const p = prod.find(([n]) => n === name);
    if (p === undefined) diffs.push(`ColumnAdded { name: ${JSON.stringify(name)} }`);
    else if (p[1] !== type) {
      diffs.push(
        `ColumnTypeDiff { name: ${JSON.stringify(name)}, shadow_type: ${JSON.stringify(type)}, prod_type: ${JSON.stringify(p[1])} }`,
      );
    }
  }
  for (const [name] of prod) {
    if (!shadow.some(([n]) => n === name))
      diffs.push(`ColumnRemoved { name: ${JSON.stringify(name)} }`);
  }
  return diffs;
}

/** The scenario's `compare` verdict forced on one pair (rocky-sim's own knob). */
function scenarioPair(
  pair: { shadowCount: number; prodCount: number; diffs: string[] },
  mode: "pass" | "warn" | "fail",
): void {
  // About 2 %: between the default warn (1 %) and fail (5 %) thresholds.
  if (mode === "warn")
    pair.shadowCount = pair.prodCount + Math.max(1, Math.round(pair.prodCount * 0.02));
  if (mode === "fail") {
    pair.diffs.push(
      'ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }',
      'ColumnRemoved { name: "legacy_id" }',
    );
  }
}

/** compare.rs: the result of one production/shadow pair. */
function comparePair(
  warehouse: Warehouse,
  prod: string,
  shadowName: string,
  t: Thresholds,
  forced: "pass" | "warn" | "fail" | null,
): JsonObject {
  const p = warehouse.get(prod);
  const s = warehouse.get(shadowName);
  const read = p !== undefined && s !== undefined;
  const pair = {
    prodCount: p?.rows ?? 0,
    shadowCount: s?.rows ?? 0,
    diffs: schemaDiffs(s?.columns ?? [], p?.columns ?? []),
  };
  if (read && forced !== null) scenarioPair(pair, forced);
  const match = pair.shadowCount === pair.prodCount;
  const pct =
    pair.prodCount === 0
      ? pair.shadowCount === 0
        ? 0
        : 1
      : Math.abs(pair.shadowCount - pair.prodCount) / pair.prodCount;
  const schemaMatch = read && pair.diffs.length === 0;
  let verdict = "pass";
  if (!read || !schemaMatch || (!match && pct >= t.fail)) verdict = "fail";
  else if (!match && pct >= t.warn) verdict = "warn";
  return {
    production_table: prod,
    shadow_table: shadowName,
    row_count_match: read && match,
    production_count: pair.prodCount,
    shadow_count: pair.shadowCount,
    row_count_diff_pct: pct,
    schema_match: schemaMatch,
    schema_diffs: pair.diffs,
    verdict,
  };
}

/** The production targets of the pipeline, as compare.rs enumerates them. */
export async function prodTargets(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
  filter: string | null,
  warehouse: Warehouse,
): Promise<string[]> {
  if (pipeline.type === "transformation") return transformationTargets(ctx, pipeline, filter);
  const sources = applyFilter(discoverSources(project, pipeline, warehouse, ctx.behavior), filter);
  return targetsOf(pipeline, sources, null).map((t) => t.fullName);
}

/** The comparison document and its exit (compare.rs: `<n> table(s) failed comparison`). */
export function buildCompare(
  ctx: Ctx,
  warehouse: Warehouse,
  targets: readonly string[],
  shadow: ShadowConfig,
  filter: string,
  thresholds: Thresholds = { warn: 0.01, fail: 0.05 },
): VerbResult {
  const mode = ctx.behavior.compare ?? "pass";
  // The scenario's verdict lands on one pair: the second for "warn", the last for "fail".
  const forcedAt = mode === "warn" ? Math.min(1, targets.length - 1) : targets.length - 1;
  const results: Json[] = targets.map((prod, i) =>
    comparePair(
      warehouse,
      prod,
      shadowOf(prod, shadow),
      thresholds,
      i === forcedAt && mode !== "pass" ? mode : null,
    ),
  );
  const count = (v: string) => results.filter((r) => (r as JsonObject).verdict === v).length;
  const failed = count("fail");
  const warned = count("warn");
  const json: JsonObject = {
    version: ctx.version,
    command: "compare",
    filter,
    tables_compared: results.length,
    tables_passed: count("pass"),
    tables_warned: warned,
    tables_failed: failed,
    results,
    overall_verdict: failed > 0 ? "fail" : warned > 0 ? "warn" : "pass",
  };
  const out: VerbResult = {
    json,
    exitCode: failed > 0 ? 1 : 0,
    progress: [logLine(ctx.format, "INFO", "comparing shadow tables", { filter })],
  };
  if (failed > 0) out.error = `Error: ${failed} table(s) failed comparison`;
  return out;
}

/** main.rs Compare arm → compare.rs. */
export async function handleCompare(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const thresholds = thresholdsOf(str(f, "thresholds"));
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, str(f, "pipeline"));
  if (pipeline.type !== "replication" && pipeline.type !== "transformation") {
    throw new RuntimeFailure(
      `\`compare\` supports replication and transformation pipelines; '${pipeline.name}' is a ${pipeline.type} pipeline. Shadow tables are only produced for those two.`,
    );
  }
  const filter = str(f, "filter");
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.targetAdapter)));
  const targets = await prodTargets(ctx, project, pipeline, filter, warehouse);
  // main.rs always builds a ShadowConfig for compare (suffix default `_rocky_shadow`).
  const shadow: ShadowConfig = {
    suffix: str(f, "shadow-suffix") ?? DEFAULT_SHADOW_SUFFIX,
    schemaOverride: str(f, "shadow-schema"),
  };
  return buildCompare(ctx, warehouse, targets, shadow, filter ?? "", thresholds);
}
