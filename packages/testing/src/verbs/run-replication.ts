/**
 * The replication arm of run.rs: discover the sources in the simulated warehouse, keep those the
 * filter selects, copy each table to its (shadow-rewritten) target, and check it when the
 * pipeline's `[checks]` ask (row_count, column_match: rocky-core checks.rs `CheckResult`).
 */
import type { Ctx, VerbResult } from "../context.js";
import type { Json } from "../json.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import { Warehouse } from "../project/world.js";
import { checkResults } from "./checks.js";
import type { RunFlags } from "./run-flags.js";
import { newRunId, runDocument, runResult, scenarioFailures, type Written } from "./run-output.js";
import { recordRun } from "./run-record.js";
import {
  applyFilter,
  discoverSources,
  inMemory,
  type ShadowConfig,
  targetsOf,
} from "./warehouse.js";

/** output.rs `ExecutionSummary`: adaptive concurrency (the default) starts at 32. */
export function executionOf(pipeline: SimPipeline, replication: boolean): Json {
  if (pipeline.concurrency !== null) {
    return { concurrency: pipeline.concurrency, tables_processed: 0, tables_failed: 0 };
  }
  return replication
    ? {
        concurrency: 32,
        tables_processed: 0,
        tables_failed: 0,
        adaptive_concurrency: true,
        final_concurrency: 32,
        rate_limits_detected: 0,
      }
    : { concurrency: 32, tables_processed: 0, tables_failed: 0 };
}

export async function replicationRun(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
  rf: RunFlags,
  shadow: ShadowConfig | null,
): Promise<VerbResult> {
  const target = project.adapters.get(pipeline.targetAdapter);
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.sourceAdapter)));
  const sources = applyFilter(
    discoverSources(project, pipeline, warehouse, ctx.behavior),
    rf.filter,
  );
  const targets = targetsOf(pipeline, sources, shadow);
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const written: Written[] = targets.map((t) => ({
    assetKey: t.assetKey,
    fullName: t.fullName,
    name: t.table,
    durationMs: 5 + (t.rows % 250),
    metadata: {
      strategy: pipeline.strategy,
      watermark: startedAt,
      target_table_full_name: t.fullName,
    },
    // rocky-duckdb reports no row count for a copy.
    rows: target?.type === "duckdb" ? null : t.rows,
    ...(t.tenant === null ? {} : { tenant: t.tenant }),
  }));
  const { ok, failed } = scenarioFailures(written, ctx.behavior);
  const checked = targets.filter((t) => ok.some((w) => w.fullName === t.fullName));
  const execution = executionOf(pipeline, true) as Record<string, Json>;
  execution.tables_processed = written.length;
  execution.tables_failed = failed.length;
  const json = runDocument(
    ctx,
    {
      pipelineType: "replication",
      filter: rf.filter ?? "",
      shadow: shadow !== null,
      replication: true,
      execution,
      costSummary: true,
      checkResults: checkResults(
        ctx,
        pipeline,
        checked.map((t) => ({
          assetKey: t.assetKey,
          rows: t.rows,
        })),
      ),
      idempotencyKey: rf.idempotencyKey,
      adapterType: target?.type ?? "duckdb",
    },
    ok,
    failed,
    startedAt,
  );
  const copied = checked.map((t) => ({ fullName: t.fullName, columns: t.columns, rows: t.rows }));
  const memory = inMemory(target) ? Warehouse.open(ctx, true) : warehouse;
  recordRun(
    ctx,
    json,
    runId,
    startedAt,
    pipeline.name,
    memory,
    copied,
    copied.map((c) => c.fullName),
  );
  return runResult(ctx, json, runId);
}
