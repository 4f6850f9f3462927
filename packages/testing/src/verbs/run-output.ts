/**
 * A run's output: output.rs `RunOutput` of a replication or quality run, the interrupted form
 * (run.rs `Interrupted`), the progress lines and the padded stream of the `stdoutBytes` scenario.
 */
import { type Ctx, logLine, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import type { CommandBehavior, SimFailureKind } from "../types.js";
import { type Target, type TargetSpec, targetsOf } from "./warehouse.js";

export function materialization(t: Target, startedAt: string): JsonObject {
  return {
    asset_key: t.assetKey,
    rows_copied: t.rows,
    duration_ms: 5 + (t.rows % 250),
    started_at: startedAt,
    metadata: {
      strategy: "full_refresh",
      watermark: startedAt,
      target_table_full_name: t.fullName,
    },
    cost_usd: 0.0,
  };
}

export interface RunResult {
  json: JsonObject;
  exitCode: number;
  targets: Target[];
  failed: Set<string>;
  /** Optional error line for stderr after the output. */
  error?: string;
}

export interface RunExtras {
  version: string;
  parallel: number | null;
  idempotencyKey: string | null;
  startedAt: string;
  runId: string;
}

/** output.rs `RunOutput` of a replication run (field order as serde writes it for the fields shown). */
export function buildRun(
  spec: TargetSpec,
  extras: RunExtras,
  behavior: CommandBehavior,
): RunResult {
  const targets = targetsOf(spec);
  const failed = new Set<string>();
  let failureKind: SimFailureKind = "query-rejected";
  if (behavior.failure === true) {
    for (const t of targets) failed.add(t.table);
    failureKind = "connection-failed";
  } else if (behavior.partialFailure !== undefined && behavior.partialFailure !== false) {
    const pf = behavior.partialFailure;
    const names = pf === true ? undefined : pf.tables;
    if (pf !== true && pf.failureKind !== undefined) failureKind = pf.failureKind;
    if (names === undefined || names.length === 0) {
      const last = targets[targets.length - 1];
      if (last !== undefined) failed.add(last.table);
    } else {
      for (const name of names) failed.add(name);
    }
  }
  const ok = targets.filter((t) => !failed.has(t.table));
  const bad = targets.filter((t) => failed.has(t.table));
  const status =
    bad.length === 0 ? "Success" : ok.length === 0 && bad.length > 0 ? "Failure" : "PartialFailure";
  const mats = ok.map((t) => materialization(t, extras.startedAt));
  const durations = ok.map((t) => 5 + (t.rows % 250)).sort((a, b) => a - b);
  const pct = (p: number): number =>
    durations.length === 0
      ? 0
      : (durations[Math.min(durations.length - 1, Math.floor((durations.length * p) / 100))] ?? 0);
  const json: JsonObject = {
    version: extras.version,
    command: "run",
    status,
    pipeline_type: "replication",
    filter: spec.filter,
    duration_ms: durations.reduce((a, b) => a + b, 0),
    tables_copied: ok.length,
    tables_failed: bad.length,
    materializations: mats,
    check_results: [],
    execution: {
      concurrency: extras.parallel ?? 4,
      tables_processed: targets.length,
      tables_failed: bad.length,
    },
    metrics: {
      tables_processed: targets.length,
      tables_failed: bad.length,
      error_rate_pct: targets.length === 0 ? 0 : (bad.length * 100) / targets.length,
      statements_executed: ok.length * 2,
      retries_attempted: 0,
      retries_succeeded: 0,
      anomalies_detected: 0,
      table_duration_p50_ms: pct(50),
      table_duration_p95_ms: pct(95),
      table_duration_max_ms: durations[durations.length - 1] ?? 0,
      query_duration_p50_ms: pct(50),
      query_duration_p95_ms: pct(95),
      query_duration_max_ms: durations[durations.length - 1] ?? 0,
    },
    permissions: {
      grants_added: 0,
      grants_revoked: 0,
      catalogs_created: 0,
      schemas_created: new Set(ok.map((t) => t.outSchema)).size,
    },
    drift: { tables_checked: targets.length, tables_drifted: 0, actions_taken: [] },
    interrupted: false,
    cost_summary: {
      total_cost_usd: 0.0,
      total_duration_ms: durations.reduce((a, b) => a + b, 0),
      per_model: ok.map((t) => ({
        asset_key: t.assetKey,
        duration_ms: 5 + (t.rows % 250),
        cost_usd: 0.0,
      })),
      adapter_type: "duckdb",
    },
  };
  if (bad.length > 0) {
    json.errors = bad.map((t) => ({
      asset_key: t.assetKey,
      error: `simulated ${failureKind} while copying ${t.fullName}`,
      failure_kind: failureKind,
    }));
  }
  // output.rs field order: idempotency_key (omitted when None) after status; `shadow` (skipped when
  // false, set from `shadow_config.is_some()` in run.rs) after tables_failed.
  const ordered: JsonObject = {};
  for (const [k, v] of Object.entries(json)) {
    ordered[k] = v;
    if (k === "status" && extras.idempotencyKey !== null)
      ordered.idempotency_key = extras.idempotencyKey;
    if (k === "tables_failed" && spec.shadow !== null) ordered.shadow = true;
  }
  for (const k of Object.keys(json)) delete json[k];
  Object.assign(json, ordered);
  if (status === "Failure") {
    // run.rs `RunFailed`: the JSON is printed first, then `Error: ...` and exit 1.
    return {
      json,
      exitCode: 1,
      targets,
      failed,
      error: `Error: ${bad.length} model(s) failed (run_id: ${extras.runId}, see the \`errors\` array in the JSON output)`,
    };
  }
  // main.rs maps run.rs `PartialFailure` to exit 2 without printing the error.
  return { json, exitCode: status === "PartialFailure" ? 2 : 0, targets, failed };
}

/**
 * run.rs: on SIGINT/SIGTERM the run stops, prints its RunOutput with `interrupted: true` and exits
 * 130 (main.rs). rocky-sim is interrupted before any table is copied, so nothing is materialized
 * and output.rs `derive_run_status` gives `Failure` (no progress, a problem).
 */
export function interruptedRun(json: JsonObject): JsonObject {
  const out: JsonObject = { ...json, status: "Failure", tables_copied: 0, materializations: [] };
  delete out.errors;
  out.interrupted = true;
  return out;
}

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function runResult(
  ctx: Ctx,
  spec: TargetSpec,
  parallel: number | null,
  key: string | null,
  quality = false,
): VerbResult {
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const runId = newRunId();
  const res = buildRun(
    spec,
    { version: ctx.version, parallel, idempotencyKey: key, startedAt, runId },
    ctx.behavior,
  );
  if (quality) {
    // A quality run checks (and in tag mode rewrites) the PRODUCTION tables; it copies nothing.
    res.json.pipeline_type = "quality";
  }
  ctx.onInterrupt = () => interruptedRun(res.json);
  ctx.runId = runId;
  const progress = [
    logLine(ctx.format, "INFO", "starting run", {
      filter: spec.filter,
      tables: res.targets.length,
      shadow: spec.shadow !== null,
    }),
  ];
  for (const t of res.targets) {
    progress.push(
      res.failed.has(t.table)
        ? logLine(ctx.format, "ERROR", "table failed", { table: t.fullName })
        : logLine(ctx.format, "INFO", "table copied", { table: t.fullName, rows: t.rows }),
    );
  }
  progress.push(
    logLine(ctx.format, "INFO", "run finished", {
      tables_copied: res.targets.length - res.failed.size,
      tables_failed: res.failed.size,
    }),
  );
  const out: VerbResult = { json: res.json, exitCode: res.exitCode, progress };
  if (res.error !== undefined) out.error = res.error;
  const target = ctx.behavior.stdoutBytes;
  if (target !== undefined && target > 0) {
    out.stream = (write) => streamPadded(res.json, spec, startedAt, target, write);
  }
  return out;
}

/** Writes `json` with extra materializations so the document is about `bytes` long. */
async function streamPadded(
  json: JsonObject,
  spec: TargetSpec,
  startedAt: string,
  bytes: number,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  const sep = ",\n    ";
  const [firstSource] = spec.sources;
  const entry = (i: number): string => {
    const [t] = targetsOf({
      ...spec,
      sources: firstSource === undefined ? [] : [firstSource],
      tableFilter: null,
      tables: [`pad_${String(i).padStart(9, "0")}`],
    });
    return t === undefined ? "{}" : JSON.stringify(materialization(t, startedAt));
  };
  const baseLen = JSON.stringify(json, null, 2).length + 1;
  const entryLen = entry(0).length + sep.length;
  const extra = Math.max(0, Math.ceil((bytes - baseLen) / entryLen));
  const doc: JsonObject = { ...json };
  const mats = (json.materializations as Json[]) ?? [];
  const PLACEHOLDER = "__ROCKY_SIM_MATERIALIZATIONS__";
  doc.materializations = [PLACEHOLDER];
  doc.tables_copied = (json.tables_copied as number) + extra;
  const execution = { ...(json.execution as JsonObject) };
  execution.tables_processed = (execution.tables_processed as number) + extra;
  doc.execution = execution;
  const metrics = { ...(json.metrics as JsonObject) };
  metrics.tables_processed = (metrics.tables_processed as number) + extra;
  doc.metrics = metrics;
  const text = JSON.stringify(doc, null, 2);
  const cut = text.indexOf(`"${PLACEHOLDER}"`);
  const head = text.slice(0, cut);
  const tail = text.slice(cut + PLACEHOLDER.length + 2);
  const items = mats.map((m) => JSON.stringify(m));
  await write(head + items.join(sep));
  let chunk = "";
  for (let i = 0; i < extra; i++) {
    chunk += (i === 0 && items.length === 0 ? "" : sep) + entry(i);
    if (chunk.length >= 65536) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(`${chunk}${tail}\n`);
}
