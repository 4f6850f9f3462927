/**
 * The run-history verbs: `rocky history` (history.rs), `rocky metrics <model>` (metrics.rs),
 * `rocky optimize` (optimize.rs) and `rocky cost <run>` (cost.rs).
 */
import { bool, type Ctx, num, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { AT, done, MODELS, positional, RECIPE, SIM_RUN_ID } from "./report-kit.js";

function runRecord(runId: string, status: string, audit: boolean): JsonObject {
  const rec: JsonObject = {
    run_id: runId,
    started_at: AT,
    status,
    trigger: "Manual",
    models_executed: status === "SkippedIdempotent" ? 0 : 2,
    duration_ms: 1200,
    models:
      status === "SkippedIdempotent"
        ? []
        : MODELS.slice(1).map(([name]) => ({
            model_name: name,
            duration_ms: 600,
            status: "success",
            rows_affected: 100,
            recipe_identity: { recipe_hash: RECIPE, hash_scheme: "v1" },
          })),
    pipeline: "sim",
  };
  if (audit) {
    Object.assign(rec, {
      triggering_identity: "sim@example.com",
      git_commit: "0000000",
      git_branch: "main",
      hostname: "sim-host",
      session_source: "Cli",
      rocky_version: "1.71.0",
    });
  }
  return rec;
}

/** history.rs: runs newest first; `--model` executions (+ rolling stats); `--recipe` executions. */
async function history(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const v = ctx.version;
  const empty = ctx.behavior.emptyHistory === true;
  const model = str(f, "model");
  const execution = (name: string): JsonObject => ({
    started_at: AT,
    duration_ms: 600,
    rows_affected: 100,
    status: "success",
    sql_hash: "abcd1234",
    recipe_identity: { recipe_hash: RECIPE, hash_scheme: "v1" },
    model_name: name,
  });
  if (model !== null) {
    const executions = empty ? [] : [execution(model), execution(model)];
    const json: JsonObject = {
      version: v,
      command: "history",
      model,
      executions,
      count: executions.length,
    };
    if (bool(f, "rolling-stats")) {
      const dim = { mean: 600, std_dev: 0, latest_z_score: 0 };
      json.rolling_stats = {
        window: num(f, "window") ?? 20,
        samples: executions.length,
        duration_ms: dim,
        rows_affected: { mean: 100, std_dev: 0, latest_z_score: 0 },
        health_score: 1,
      };
    }
    return done(ctx, json);
  }
  const recipe = str(f, "recipe");
  if (recipe !== null) {
    const executions =
      empty || recipe !== RECIPE ? [] : [{ ...execution("customer_orders"), run_id: SIM_RUN_ID }];
    return done(ctx, {
      version: v,
      command: "history",
      recipe_hash: recipe,
      executions,
      count: executions.length,
    });
  }
  const audit = bool(f, "audit");
  const runs = empty
    ? []
    : [
        runRecord("run-20260102-000000-000", "SkippedIdempotent", audit),
        runRecord(SIM_RUN_ID, "Success", audit),
      ];
  return done(ctx, { version: v, command: "history", runs, count: runs.length });
}

/** metrics.rs: an unknown model (no snapshots) is a `message`, exit 0. */
async function metrics(ctx: Ctx): Promise<VerbResult> {
  const model = positional(ctx);
  const f = ctx.parsed.flags;
  const column = str(f, "column");
  const known = MODELS.some(([n]) => n === model);
  const json: JsonObject = {
    version: ctx.version,
    command: "metrics",
    model,
    count: 0,
    snapshots: [],
  };
  if (!known) {
    json.message = `no quality snapshots recorded for model '${model}'`;
    return done(ctx, json);
  }
  const snapshots = [1, 2, 3].map((i) => ({
    run_id: `run-2026010${i}-000000-000`,
    timestamp: `2026-01-0${i}T00:00:00Z`,
    row_count: 1000 * i,
    null_rates: { customer_id: 0.01 * i },
    freshness_lag_seconds: 60,
  }));
  json.snapshots = snapshots;
  json.count = snapshots.length;
  if (column !== null) {
    json.column = column;
    json.column_trend = snapshots.map((s) => ({
      run_id: s.run_id,
      timestamp: s.timestamp,
      row_count: s.row_count,
      null_rate: 0.01,
    }));
  }
  if (bool(f, "alerts")) {
    json.alerts = [
      {
        type: "null_rate_spike",
        severity: "warning",
        column: "customer_id",
        message: "null rate rose from 1% to 3%",
        run_id: "run-20260103-000000-000",
      },
    ];
  }
  return done(ctx, json);
}

async function optimize(ctx: Ctx): Promise<VerbResult> {
  const model = str(ctx.parsed.flags, "model");
  const all = MODELS.slice(1).map(([name]) => ({
    model_name: name,
    current_strategy: "full_refresh",
    recommended_strategy: "incremental",
    estimated_monthly_savings: 12.5,
    compute_cost_per_run: 0.4,
    storage_cost_per_month: 1.2,
    downstream_references: name === "customer_orders" ? 1 : 0,
    reasoning: "append-only source; incremental avoids a full rebuild",
  }));
  const recommendations = model === null ? all : all.filter((r) => r.model_name === model);
  return done(ctx, {
    version: ctx.version,
    command: "optimize",
    recommendations,
    total_models_analyzed: model === null ? MODELS.length : 1,
  });
}

/** cost.rs: `latest` or a recorded run id; an unknown run or model fails (exit 1, no JSON). */
async function cost(ctx: Ctx): Promise<VerbResult> {
  const target = positional(ctx);
  if (target !== "latest" && target !== SIM_RUN_ID)
    throw new RuntimeFailure(`run '${target}' not found`);
  const f = ctx.parsed.flags;
  const model = str(f, "model");
  let per_model: JsonObject[] = MODELS.slice(1).map(([name], i) => ({
    model_name: name,
    status: "success",
    duration_ms: 600,
    rows_affected: 100,
    bytes_scanned: 1000 * (i + 1),
    cost_usd: 0.25 * (i + 1),
    tenant: i === 0 ? "acme" : "globex",
  }));
  if (model !== null) {
    per_model = per_model.filter((m) => m.model_name === model);
    if (per_model.length === 0)
      throw new RuntimeFailure(`model '${model}' not found in run '${SIM_RUN_ID}'`);
  }
  const total = per_model.reduce((s, m) => s + (m.cost_usd as number), 0);
  const json: JsonObject = {
    version: ctx.version,
    command: "cost",
    run_id: SIM_RUN_ID,
    status: "success",
    trigger: "manual",
    started_at: AT,
    finished_at: AT,
    duration_ms: 1200,
    adapter_type: "duckdb",
    total_cost_usd: total,
    total_duration_ms: 600 * per_model.length,
    per_model,
  };
  const by = str(f, "by");
  if (by !== null) {
    if (by !== "tenant" && by !== "model") {
      throw new RuntimeFailure(`invalid --by '${by}': expected 'tenant' or 'model'`);
    }
    json.groups = per_model.map((m) => ({
      dimension: by,
      key: (by === "tenant" ? m.tenant : m.model_name) as Json,
      model_count: 1,
      total_duration_ms: m.duration_ms as number,
      total_cost_usd: m.cost_usd as number,
    })) as Json[];
  }
  return done(ctx, json);
}

export {
  cost as handleCost,
  history as handleHistory,
  metrics as handleMetrics,
  optimize as handleOptimize,
};
