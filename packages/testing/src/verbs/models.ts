/**
 * `rocky compile` (compile.rs) and `rocky test` (test.rs) over the models of `--models` (default
 * `models`, relative to the cwd). Neither needs a config. Compile reports each model's strategy,
 * target, dependencies and hints (rocky-compiler incrementality.rs); test runs each model against
 * an in-memory DuckDB holding only what `data/seed.sql` creates (test.rs), so a model reading a
 * table the seed does not create fails, and so does every model reading a failed one.
 */
import { join } from "node:path";
import { type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import {
  dagLayers,
  loadModels,
  ModelsError,
  modelColumns,
  type SimModel,
} from "../project/models.js";

/** The models of `--models` (default `models`); rocky's `no models found in <dir>` otherwise. */
export async function modelsFor(ctx: Ctx): Promise<SimModel[]> {
  const dir = str(ctx.parsed.flags, "models") ?? "models";
  try {
    return await loadModels(ctx.fs, dir);
  } catch (err) {
    if (err instanceof ModelsError) throw new RuntimeFailure(err.message);
    throw err;
  }
}

/** plan.rs `ModelNotFound`, as compile.rs and test.rs report an unknown `--model`. */
function selected(models: readonly SimModel[], name: string | null): SimModel[] {
  if (name === null) return [...models];
  const m = models.find((x) => x.name === name);
  if (m === undefined) {
    throw new RuntimeFailure(`model '${name}' not found (no transformation model with that name)`);
  }
  return [m];
}

const SUFFIXES = ["_at", "_date", "_timestamp", "_synced"];
const EXACT = [
  "created_at",
  "updated_at",
  "inserted_at",
  "modified_at",
  "loaded_at",
  "_fivetran_synced",
  "event_time",
  "event_timestamp",
  "ingested_at",
  "synced_at",
];

/** incrementality.rs `infer_incrementality` from column names (rocky-sim knows no types). */
function incrementalityHint(model: SimModel): Json | null {
  if (model.strategy !== "full_refresh") return null;
  for (const c of modelColumns(model)) {
    const lower = c.name.toLowerCase();
    const signal = EXACT.includes(lower)
      ? `column name '${lower}' is a well-known monotonic column`
      : SUFFIXES.some((s) => lower.endsWith(s))
        ? `column name '${lower}' ends with '${SUFFIXES.find((s) => lower.endsWith(s))}' (timestamp pattern)`
        : lower === "id" || lower.endsWith("_id")
          ? `column name '${lower}' matches auto-increment ID pattern`
          : null;
    if (signal !== null) {
      return {
        is_candidate: true,
        recommended_column: c.name,
        confidence: "medium",
        signals: [signal],
      };
    }
  }
  return null;
}

function modelDetail(model: SimModel): JsonObject {
  const detail: JsonObject = {
    name: model.name,
    strategy: { ...model.strategyConfig },
    target: { catalog: model.catalog, schema: model.schema, table: model.table },
  };
  const hint = incrementalityHint(model);
  if (hint !== null) detail.incrementality_hint = hint;
  detail.cost_hint = {
    estimated_rows: 10000,
    estimated_bytes: 2560000,
    estimated_cost_usd: 0.0000228,
    confidence: "medium",
  };
  if (model.dependsOn.length > 0) detail.depends_on = [...model.dependsOn];
  return detail;
}

/** compile.rs `CompileOutput` of `models`; `failure` adds an error diagnostic. */
export function compileDocument(
  version: string,
  models: readonly SimModel[],
  failure: boolean,
): JsonObject {
  const last = models[models.length - 1];
  const diagnostics: Json[] =
    failure && last !== undefined
      ? [
          {
            code: "E010",
            severity: "Error",
            message: `unknown column 'amount_usd' in ${last.name}`,
            model: last.name,
            span: { file: last.file, line: 3, col: 5 },
            suggestion: "did you mean 'amount'?",
          },
        ]
      : [];
  return {
    version,
    command: "compile",
    models: models.length,
    execution_layers: dagLayers(models).length,
    diagnostics,
    has_errors: failure,
    compile_timings: {
      project_load_ms: 1,
      semantic_graph_ms: 0,
      typecheck_ms: 0,
      typecheck_join_keys_ms: 0,
      contracts_ms: 0,
      total_ms: 1,
    },
    models_detail: models.map(modelDetail),
  };
}

/** compile.rs; the scenario's `failure` adds an error diagnostic (JSON, then exit 1). */
export async function handleCompile(ctx: Ctx): Promise<VerbResult> {
  const models = selected(await modelsFor(ctx), str(ctx.parsed.flags, "model"));
  const failure = ctx.behavior.failure === true;
  const out: VerbResult = {
    json: compileDocument(ctx.version, models, failure),
    exitCode: failure ? 1 : 0,
    progress: [logLine(ctx.format, "INFO", "compile finished", { models: models.length })],
  };
  // compile.rs: JSON first, then `bail!("compilation failed with errors")`.
  if (failure) out.error = "Error: compilation failed with errors";
  return out;
}

/** The tables `data/seed.sql` creates (test.rs loads it into the in-memory database). */
function seededTables(ctx: Ctx): Set<string> {
  const path = join("data", "seed.sql");
  const out = new Set<string>();
  if (!ctx.fs.exists(path)) return out;
  for (const m of ctx.fs
    .read(path)
    .matchAll(
      /create\s+(?:or\s+replace\s+)?table\s+(?:if\s+not\s+exists\s+)?([A-Za-z_][A-Za-z0-9_.]*)/gi,
    )) {
    out.add((m[1] as string).toLowerCase());
  }
  return out;
}

/** The relations a model reads that are not models. */
function externalReads(model: SimModel, models: readonly SimModel[]): string[] {
  const out: string[] = [];
  const sql = model.sql.replace(/--[^\n]*/g, "");
  for (const m of sql.matchAll(/\b(?:from|join)\s+([A-Za-z_][A-Za-z0-9_.]*)/gi)) {
    const name = m[1] as string;
    if (!models.some((x) => x.name === name)) out.push(name);
  }
  return out;
}

/**
 * test_runner.rs: `models` (of the project `all`) in execution order (executor.rs, layer by layer)
 * and their failures, each with its error.
 */
export function testResults(
  ctx: Ctx,
  all: readonly SimModel[],
  models: readonly SimModel[],
): {
  order: SimModel[];
  failures: { name: string; error: string }[];
  errors: Map<string, string>;
} {
  const seeded = seededTables(ctx);
  const errors = new Map<string, string>();
  for (const m of dagLayers(all).flat()) {
    const missing = externalReads(m, all).find((r) => !seeded.has(r.toLowerCase()));
    const badUpstream = m.dependsOn.find((d) => errors.has(d));
    const absent = missing ?? badUpstream;
    if (absent !== undefined) {
      errors.set(m.name, `DuckDB error: Catalog Error: Table with name ${absent} does not exist!`);
    }
  }
  const last = models[models.length - 1];
  if (ctx.behavior.failure === true && last !== undefined && !errors.has(last.name)) {
    errors.set(last.name, `assertion failed: ${last.name} returned 2 unexpected rows`);
  }
  // executor.rs runs the layers in order: the selected models in that order.
  const chosen = new Set(models.map((m) => m.name));
  const order = dagLayers(all)
    .flat()
    .filter((m) => chosen.has(m.name));
  const failures = order
    .filter((m) => errors.has(m.name))
    .map((m) => ({ name: m.name, error: errors.get(m.name) as string }));
  return { order, failures, errors };
}

/** test.rs `TestOutput`; the scenario's `failure` fails the last model (JSON, exit 1). */
export async function handleTest(ctx: Ctx): Promise<VerbResult> {
  const all = await modelsFor(ctx);
  const models = selected(all, str(ctx.parsed.flags, "model"));
  const { order, failures, errors } = testResults(ctx, all, models);
  const json: JsonObject = {
    version: ctx.version,
    command: "test",
    total: models.length,
    passed: models.length - failures.length,
    failed: failures.length,
    failures,
    // test_runner.rs: the models that succeeded, then those that failed.
    model_results: [
      ...order.filter((m) => !errors.has(m.name)).map((m) => ({ model: m.name, status: "pass" })),
      ...failures.map((f) => ({ model: f.name, status: "fail", error: f.error })),
    ],
  };
  const out: VerbResult = {
    json,
    exitCode: failures.length > 0 ? 1 : 0,
    progress: [logLine(ctx.format, "INFO", "test started", {})],
  };
  // test.rs: JSON first, then `bail!("test failures detected")`.
  if (failures.length > 0) out.error = "Error: test failures detected";
  return out;
}
