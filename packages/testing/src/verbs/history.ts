/**
 * The run-history verbs, read from the simulated state store of the invocation's state path
 * (project/world.ts): `rocky history` (history.rs), `rocky metrics <model>` (metrics.rs),
 * `rocky optimize` (optimize.rs) and `rocky cost <run>` (cost.rs). Each starts empty, as a fresh
 * rocky project does, and sees the runs rocky-sim has recorded.
 */
import { bool, type Ctx, num, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { type RunRecord, readState } from "../project/world.js";
import { done, positional } from "./report-kit.js";
import { stableHash } from "./warehouse.js";

/** The env half of a recipe identity: one per project (rocky hashes the adapter set). */
const ENV_HASH = "5919aa68ac32d571393795d31418e93a6fdedf90dd9a09d89612e186e1c7f6bd";

/** rocky-core recipe_identity.rs: a 64-hex recipe hash per model and SQL. */
function recipeHash(model: string, sql: string | null): string {
  let out = "";
  for (let i = 0; out.length < 64; i++) {
    out += stableHash(`${model}\u0000${sql ?? ""}\u0000${i}`)
      .toString(16)
      .padStart(8, "0");
  }
  return out.slice(0, 64);
}

const recipe = (model: string, sql: string | null): JsonObject => ({
  recipe_hash: recipeHash(model, sql),
  env_hash: ENV_HASH,
  hash_scheme: "v1",
});

/** The recorded runs, newest first (state.rs `list_runs`); none with the `emptyHistory` scenario. */
function runsOf(ctx: Ctx): RunRecord[] {
  if (ctx.behavior.emptyHistory === true) return [];
  return [...readState(ctx).runs].reverse();
}

function runJson(r: RunRecord, audit: boolean): JsonObject {
  const json: JsonObject = {
    run_id: r.run_id,
    started_at: r.started_at,
    status: r.status,
    trigger: "Manual",
    models_executed: r.models.length,
    duration_ms: r.duration_ms,
    models: r.models.map((m) => ({
      model_name: m.model_name,
      duration_ms: m.duration_ms,
      status: m.status,
      recipe_identity: recipe(m.model_name, m.sql_hash),
    })),
  };
  if (r.pipeline !== null) json.pipeline = r.pipeline;
  // history.rs `--audit`: the audit trail run.rs records for a local run.
  if (audit)
    Object.assign(json, { session_source: "Cli", hostname: "rocky-sim", rocky_version: "1.71.0" });
  return json;
}

/** history.rs: runs newest first; `--model` executions (+ rolling stats); `--recipe` executions. */
export async function handleHistory(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const runs = runsOf(ctx);
  const model = str(f, "model");
  if (model !== null) {
    // history.rs prints the execution status through `{:?}`, quotes included.
    const executions = runs.flatMap((r) =>
      r.models
        .filter((m) => m.model_name === model)
        .map((m) => ({
          started_at: m.started_at,
          duration_ms: m.duration_ms,
          status: JSON.stringify(m.status),
          sql_hash: m.sql_hash ?? "",
          recipe_identity: recipe(m.model_name, m.sql_hash),
        })),
    );
    const json: JsonObject = {
      version: ctx.version,
      command: "history",
      model,
      executions,
      count: executions.length,
    };
    if (bool(f, "rolling-stats")) {
      const stat = { mean: 0, std_dev: 0, latest_z_score: 0 };
      json.rolling_stats = {
        window: num(f, "window") ?? 20,
        samples: executions.length,
        duration_ms: stat,
        rows_affected: stat,
        health_score: 1,
      };
    }
    return done(ctx, json);
  }
  const recipeFlag = str(f, "recipe");
  if (recipeFlag !== null) {
    const executions = runs.flatMap((r) =>
      r.models
        .filter((m) => recipeHash(m.model_name, m.sql_hash) === recipeFlag)
        .map((m) => ({
          started_at: m.started_at,
          duration_ms: m.duration_ms,
          status: m.status,
          recipe_identity: recipe(m.model_name, m.sql_hash),
          model_name: m.model_name,
          run_id: r.run_id,
        })),
    );
    return done(ctx, {
      version: ctx.version,
      command: "history",
      recipe_hash: recipeFlag,
      executions,
      count: executions.length,
    });
  }
  const audit = bool(f, "audit");
  return done(ctx, {
    version: ctx.version,
    command: "history",
    runs: runs.map((r) => runJson(r, audit)),
    count: runs.length,
  });
}

/** metrics.rs: rocky 1.71 records no quality snapshots, so every model reports none. */
export async function handleMetrics(ctx: Ctx): Promise<VerbResult> {
  return done(ctx, {
    version: ctx.version,
    command: "metrics",
    model: positional(ctx),
    snapshots: [],
    count: 0,
    message: "no quality metrics available",
  });
}

/** optimize.rs `optimize_output`: one recommendation per executed model, once there is history. */
export async function handleOptimize(ctx: Ctx): Promise<VerbResult> {
  const runs = runsOf(ctx);
  if (runs.length === 0) {
    return done(ctx, {
      version: ctx.version,
      command: "optimize",
      recommendations: [],
      total_models_analyzed: 0,
      message: "no run history available",
    });
  }
  const filter = str(ctx.parsed.flags, "model");
  const names = [...new Set(runs.flatMap((r) => r.models.map((m) => m.model_name)))]
    .sort()
    .filter((n) => filter === null || n.includes(filter));
  const recommendations: Json[] = names.map((name) => {
    const history = runs.flatMap((r) => r.models.filter((m) => m.model_name === name));
    return {
      model_name: name,
      current_strategy: "table",
      recommended_strategy: "table",
      estimated_monthly_savings: 0.0,
      reasoning: `insufficient history: ${history.length} runs (need 5)`,
      compute_cost_per_run: 0.000012,
      storage_cost_per_month: 0.0023,
      downstream_references: 0,
    };
  });
  return done(ctx, {
    version: ctx.version,
    command: "optimize",
    recommendations,
    total_models_analyzed: names.length,
    // output.rs `OptimizeOutput::new` sets it whenever there is history.
    incrementality_note:
      "Run `rocky compile --output json` for inferred incrementality hints on full_refresh models",
  });
}

/** cost.rs: `latest` or a recorded run id; no runs, an unknown run or model fails (exit 1). */
export async function handleCost(ctx: Ctx): Promise<VerbResult> {
  const target = positional(ctx);
  const runs = runsOf(ctx);
  if (runs.length === 0) {
    throw new RuntimeFailure("no runs recorded yet — nothing to report cost for");
  }
  const run = target === "latest" ? runs[0] : runs.find((r) => r.run_id === target);
  if (run === undefined) throw new RuntimeFailure(`no run with id '${target}' in the state store`);
  const f = ctx.parsed.flags;
  const model = str(f, "model");
  let perModel: JsonObject[] = run.models.map((m) => ({
    model_name: m.model_name,
    status: m.status,
    duration_ms: m.duration_ms,
    cost_usd: 0.0,
    ...(m.tenant === undefined ? {} : { tenant: m.tenant }),
  }));
  if (model !== null) {
    perModel = perModel.filter((m) => m.model_name === model);
    if (perModel.length === 0) {
      throw new RuntimeFailure(`model '${model}' not found in run '${run.run_id}'`);
    }
  }
  const json: JsonObject = {
    version: ctx.version,
    command: "cost",
    run_id: run.run_id,
    status: run.status.toLowerCase(),
    trigger: "manual",
    started_at: run.started_at,
    finished_at: run.finished_at,
    duration_ms: run.duration_ms,
    adapter_type: "duckdb",
    total_cost_usd: 0.0,
    total_duration_ms: perModel.reduce((n, m) => n + (m.duration_ms as number), 0),
    per_model: perModel,
  };
  const by = str(f, "by");
  if (by !== null) {
    if (by !== "tenant" && by !== "model") {
      throw new RuntimeFailure(`unknown --by dimension '${by}' — expected 'tenant' or 'model'`);
    }
    // cost.rs: models without a recorded tenant collect under `<unattributed>`.
    const keyOf = (m: JsonObject): string =>
      by === "model"
        ? String(m.model_name)
        : typeof m.tenant === "string"
          ? m.tenant
          : "<unattributed>";
    const keys = [...new Set(perModel.map(keyOf))].sort();
    json.groups = keys.map((key) => {
      const members = perModel.filter((m) => keyOf(m) === key);
      return {
        dimension: by,
        key,
        model_count: members.length,
        total_cost_usd: 0.0,
        total_duration_ms: members.reduce((n, m) => n + (m.duration_ms as number), 0),
      };
    });
  }
  return done(ctx, json);
}
