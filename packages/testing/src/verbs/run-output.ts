/**
 * A run's output: output.rs `RunOutput` for each pipeline arm of run.rs, the status and exit code
 * it implies (main.rs: Failure exits 1 after `Error: <n> model(s) failed`, PartialFailure 2), the
 * scenario's failures, the interrupted form (run.rs `Interrupted`) and the padded stream of the
 * `stdoutBytes` scenario.
 */
import { type Ctx, logLine, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import type { CommandBehavior, SimFailureKind } from "../types.js";

/** One table a run wrote. */
export interface Written {
  readonly assetKey: readonly string[];
  readonly fullName: string;
  /** The key failures name it by (the table, or the model). */
  readonly name: string;
  readonly durationMs: number;
  readonly metadata: JsonObject;
  /** `rows_copied`: null where the adapter reports none (DuckDB). */
  readonly rows: number | null;
  /** run.rs: the `tenant` schema component, on replication materializations. */
  readonly tenant?: string;
  /** Snapshot materializations carry `cost_usd: null`. */
  readonly costUsd?: number | null;
}

/** One failed table (output.rs `TableError`). */
export interface RunError {
  readonly assetKey: readonly string[];
  readonly error: string;
  readonly failureKind: string;
}

/** What distinguishes the arms of run.rs in the output. */
export interface RunShape {
  readonly pipelineType: string;
  readonly filter: string;
  readonly shadow: boolean;
  /** Replication fills `metrics` and `tables_copied`; the other arms print `metrics: null`. */
  readonly replication: boolean;
  readonly execution: JsonObject;
  /** Quality and snapshot runs print no `cost_summary`. */
  readonly costSummary: boolean;
  readonly checkResults?: Json[];
  readonly idempotencyKey?: string | null;
  readonly adapterType: string;
}

/** run.rs run ids: `run-YYYYMMDD-HHMMSS-mmm` (UTC). */
export function newRunId(at: Date = new Date()): string {
  const iso = at.toISOString(); // 2026-01-02T03:04:05.678Z
  return `run-${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}-${iso.slice(20, 23)}`;
}

/** The scenario's `failure` / `partialFailure`: which of `written` fail instead, and how. */
export function scenarioFailures(
  written: readonly Written[],
  behavior: CommandBehavior,
): { ok: Written[]; failed: RunError[] } {
  let failing = new Set<string>();
  let kind: SimFailureKind = "query-rejected";
  if (behavior.failure === true) {
    failing = new Set(written.map((w) => w.name));
    kind = "connection-failed";
  } else if (behavior.partialFailure !== undefined && behavior.partialFailure !== false) {
    const pf = behavior.partialFailure;
    if (pf !== true && pf.failureKind !== undefined) kind = pf.failureKind;
    const names = pf === true ? undefined : pf.tables;
    if (names === undefined || names.length === 0) {
      const last = written[written.length - 1];
      if (last !== undefined) failing.add(last.name);
    } else failing = new Set(names);
  }
  return {
    ok: written.filter((w) => !failing.has(w.name)),
    failed: written
      .filter((w) => failing.has(w.name))
      .map((w) => ({
        assetKey: w.assetKey,
        error: `simulated ${kind} while writing ${w.fullName}`,
        failureKind: kind,
      })),
  };
}

function materialization(w: Written, startedAt: string): JsonObject {
  const m: JsonObject = {
    asset_key: [...w.assetKey],
    rows_copied: w.rows,
    duration_ms: w.durationMs,
    started_at: startedAt,
    metadata: w.metadata,
    cost_usd: w.costUsd === undefined ? 0.0 : w.costUsd,
  };
  if (w.tenant !== undefined) m.tenant = w.tenant;
  return m;
}

/** output.rs `RunOutput` with the fields serde writes, in its order. */
export function runDocument(
  ctx: Ctx,
  shape: RunShape,
  ok: readonly Written[],
  failed: readonly RunError[],
  startedAt: string,
): JsonObject {
  const total = ok.length + failed.length;
  const status = failed.length === 0 ? "Success" : ok.length === 0 ? "Failure" : "PartialFailure";
  const durations = ok.map((w) => w.durationMs).sort((a, b) => a - b);
  const sum = durations.reduce((a, b) => a + b, 0);
  const pct = (p: number): number =>
    durations.length === 0
      ? 0
      : (durations[Math.min(durations.length - 1, Math.floor((durations.length * p) / 100))] ?? 0);
  const doc: JsonObject = { version: ctx.version, command: "run", status };
  if (shape.idempotencyKey !== undefined && shape.idempotencyKey !== null) {
    doc.idempotency_key = shape.idempotencyKey;
  }
  Object.assign(doc, {
    pipeline_type: shape.pipelineType,
    filter: shape.filter,
    duration_ms: sum + 5,
    tables_copied: shape.replication ? ok.length : 0,
    tables_failed: failed.length,
  });
  if (shape.shadow) doc.shadow = true;
  doc.materializations = ok.map((w) => materialization(w, startedAt));
  doc.check_results = shape.checkResults ?? [];
  if (failed.length > 0) {
    doc.errors = failed.map((e) => ({
      asset_key: [...e.assetKey],
      error: e.error,
      failure_kind: e.failureKind,
    }));
  }
  doc.execution = shape.execution;
  doc.metrics = shape.replication
    ? {
        tables_processed: ok.length,
        tables_failed: failed.length,
        error_rate_pct: total === 0 ? 0 : (failed.length * 100) / total,
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
      }
    : null;
  doc.permissions = {
    grants_added: 0,
    grants_revoked: 0,
    catalogs_created: 0,
    schemas_created: 0,
  };
  doc.drift = { tables_checked: 0, tables_drifted: 0, actions_taken: [] };
  doc.interrupted = false;
  if (shape.costSummary) {
    // output.rs `CostSummary`: `total_cost_usd` is the sum of per-model costs, absent with none.
    const summary: JsonObject = {};
    if (ok.length > 0) summary.total_cost_usd = 0.0;
    summary.total_duration_ms = sum;
    summary.per_model = ok.map((w) => ({
      asset_key: [...w.assetKey],
      duration_ms: w.durationMs,
      cost_usd: 0.0,
    }));
    summary.adapter_type = shape.adapterType;
    doc.cost_summary = summary;
  }
  return doc;
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

/**
 * The verb result of a run: exit 0, 2 after a partial failure (main.rs `PartialFailure`), or 1
 * after the JSON with `Error: <n> model(s) failed` (run.rs `run_status_exit_result`).
 */
export function runResult(ctx: Ctx, json: JsonObject, runId: string): VerbResult {
  ctx.onInterrupt = () => interruptedRun(json);
  ctx.runId = runId;
  const failed = Number(json.tables_failed ?? 0);
  const mats = Array.isArray(json.materializations) ? (json.materializations as JsonObject[]) : [];
  const errors = Array.isArray(json.errors) ? (json.errors as JsonObject[]) : [];
  const progress = [
    logLine(ctx.format, "INFO", "starting run", {
      pipeline_type: json.pipeline_type ?? null,
      filter: json.filter ?? "",
      tables: mats.length + errors.length,
      shadow: json.shadow === true,
    }),
  ];
  for (const m of mats) {
    const meta = m.metadata as JsonObject;
    progress.push(
      logLine(ctx.format, "INFO", "table copied", { table: meta.target_table_full_name ?? null }),
    );
  }
  for (const e of errors) {
    progress.push(logLine(ctx.format, "ERROR", "table failed", { asset_key: e.asset_key ?? null }));
  }
  progress.push(
    logLine(ctx.format, "INFO", "run finished", {
      tables_copied: mats.length,
      tables_failed: failed,
    }),
  );
  const out: VerbResult = {
    json,
    exitCode: json.status === "Failure" ? 1 : json.status === "PartialFailure" ? 2 : 0,
    progress,
  };
  if (json.status === "Failure") {
    out.error = `Error: ${failed} model(s) failed (run_id: ${runId}, see the \`errors\` array in the JSON output)`;
  }
  const target = ctx.behavior.stdoutBytes;
  if (target !== undefined && target > 0) {
    out.stream = (write) => streamPadded(json, target, write);
  }
  return out;
}

/** Writes `json` with extra materializations (copies of the first) so it is about `bytes` long. */
async function streamPadded(
  json: JsonObject,
  bytes: number,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  const sep = ",\n    ";
  const mats = (json.materializations as Json[]) ?? [];
  const first = (mats[0] ?? {
    asset_key: ["pad"],
    rows_copied: null,
    duration_ms: 1,
    started_at: "1970-01-01T00:00:00Z",
    metadata: { strategy: "full_refresh", target_table_full_name: "pad.pad.pad" },
    cost_usd: 0.0,
  }) as JsonObject;
  const entry = (i: number): string => {
    const name = `pad_${String(i).padStart(9, "0")}`;
    const key = [...((first.asset_key as string[]) ?? [])];
    key[key.length - 1] = name;
    const meta = { ...(first.metadata as JsonObject), target_table_full_name: `pad.pad.${name}` };
    return JSON.stringify({ ...first, asset_key: key, metadata: meta });
  };
  const baseLen = JSON.stringify(json, null, 2).length + 1;
  const entryLen = entry(0).length + sep.length;
  // One more than the estimate: the padded document must reach `bytes`.
  const extra = Math.max(0, Math.ceil((bytes - baseLen) / entryLen) + 1);
  const doc: JsonObject = { ...json };
  const PLACEHOLDER = "__ROCKY_SIM_MATERIALIZATIONS__";
  doc.materializations = [PLACEHOLDER];
  if (typeof json.tables_copied === "number") doc.tables_copied = json.tables_copied + extra;
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
