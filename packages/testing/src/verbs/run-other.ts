/**
 * The quality, snapshot and load arms of run.rs (run_local.rs `run_quality`, `run_snapshot`;
 * load.rs `run_load`). Quality checks production tables and copies nothing; a snapshot MERGEs one
 * source table into a history table; a load reads the files of `source_dir` into tables.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { type Ctx, logLine, RuntimeFailure, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import type { Column } from "../project/fake.js";
import { Warehouse } from "../project/world.js";
import { checkResults, errorFailures } from "./checks.js";
import { newRunId, runDocument, runResult, type Written } from "./run-output.js";
import { recordRun } from "./run-record.js";
import { executionOf } from "./run-replication.js";
import { inMemory } from "./warehouse.js";

/** run_local.rs `run_quality`: the configured tables (a schema without `table` is all of it). */
export async function qualityRun(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
): Promise<VerbResult> {
  const adapter = project.adapters.get(pipeline.targetAdapter);
  const warehouse = Warehouse.open(ctx, inMemory(adapter));
  const tables: { assetKey: string[]; rows: number }[] = [];
  for (const ref of pipeline.tables) {
    const names =
      ref.table !== null
        ? [`${ref.catalog}.${ref.schema}.${ref.table}`]
        : warehouse.names().filter((n) => n.startsWith(`${ref.catalog}.${ref.schema}.`));
    for (const name of names) {
      tables.push({ assetKey: name.split("."), rows: warehouse.get(name)?.rows ?? 0 });
    }
  }
  const results = checkResults(ctx, pipeline, tables);
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const json = runDocument(
    ctx,
    {
      pipelineType: "quality",
      filter: "",
      shadow: false,
      replication: false,
      execution: executionOf(pipeline, false) as JsonObject,
      costSummary: false,
      checkResults: results,
      adapterType: adapter?.type ?? "duckdb",
    },
    [],
    [],
    startedAt,
  );
  const failures = errorFailures(results);
  const fails = failures > 0 && pipeline.checks.failOnError;
  // run_local.rs: error failures count as failed tables; the status stays as derived.
  if (fails) json.tables_failed = failures;
  recordRun(ctx, json, runId, startedAt, pipeline.name, warehouse, []);
  const result = runResult(ctx, json, runId);
  if (fails) {
    result.exitCode = 1;
    result.error = `Error: quality pipeline failed: ${failures} error-severity check(s) failed`;
  }
  return result;
}

/**
 * run_local.rs `run_snapshot`: one MERGE into the history table. On DuckDB it fails, as rocky's
 * generated SQL does there (`INSERT (*) VALUES (source.*, …)` is not DuckDB SQL, and the target
 * schema is not created): the JSON with `tables_failed: 1`, then `snapshot pipeline failed`.
 */
export async function snapshotRun(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
): Promise<VerbResult> {
  const adapter = project.adapters.get(
    pipeline.target === null ? "default" : pipeline.targetAdapter,
  );
  const target = pipeline.target;
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const ok: Written[] = [];
  const duckdb = adapter?.type === "duckdb";
  if (!duckdb && target !== null && target.table !== null) {
    const fullName = `${target.catalog}.${target.schema}.${target.table}`;
    ok.push({
      assetKey: [target.catalog, target.schema, target.table],
      fullName,
      name: target.table,
      durationMs: 4,
      metadata: { strategy: "snapshot_scd2", target_table_full_name: fullName },
      rows: null,
      costUsd: null,
    });
  }
  const json = runDocument(
    ctx,
    {
      pipelineType: "snapshot",
      filter: "",
      shadow: false,
      replication: false,
      execution: { concurrency: 1, tables_processed: 0, tables_failed: 0 },
      costSummary: false,
      adapterType: adapter?.type ?? "duckdb",
    },
    ok,
    [],
    startedAt,
  );
  json.tables_copied = ok.length;
  json.tables_failed = ok.length === 0 ? 1 : 0;
  const warehouse = Warehouse.open(ctx, inMemory(adapter));
  recordRun(ctx, json, runId, startedAt, pipeline.name, warehouse, []);
  const result = runResult(ctx, json, runId);
  if (ok.length === 0) {
    result.exitCode = 1;
    result.error = "Error: snapshot pipeline failed";
  }
  return result;
}

const FORMATS: Readonly<Record<string, string>> = {
  ".csv": "csv",
  ".parquet": "parquet",
  ".jsonl": "json_lines",
  ".json": "json_lines",
};

function csvColumns(text: string): Column[] {
  const header = text.split("\n")[0] ?? "";
  return header
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "")
    .map((c) => [c, "VARCHAR"] as const);
}

/** load.rs `run_load`: every file of `source_dir` (relative to the config) into its table. */
export async function loadRun(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
): Promise<VerbResult> {
  const root = dirname(ctx.configPath);
  const dir = join(root, pipeline.sourceDir);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new RuntimeFailure(`failed to read source directory '${pipeline.sourceDir}'`, [
      (err as Error).message,
    ]);
  }
  const target = pipeline.target;
  const files: JsonObject[] = [];
  const writes: { fullName: string; columns: readonly Column[]; rows: number }[] = [];
  for (const name of names) {
    const format = FORMATS[extname(name)];
    if (format === undefined || (pipeline.format !== null && pipeline.format !== format)) continue;
    const path = join(dir, name);
    const bytes = statSync(path).size;
    const text = format === "parquet" ? "" : readFileSync(path, "utf8");
    const lines = text.split("\n").filter((l) => l.trim() !== "").length;
    const rows = format === "csv" ? Math.max(0, lines - 1) : lines;
    const table = target?.table ?? basename(name, extname(name));
    const fullName = `${target?.catalog ?? ""}.${target?.schema ?? "main"}.${table}`;
    files.push({
      file: join(pipeline.sourceDir, name),
      target: fullName,
      rows_loaded: rows,
      bytes_read: bytes,
      duration_ms: 3,
    });
    writes.push({ fullName, columns: format === "csv" ? csvColumns(text) : [], rows });
  }
  const json: JsonObject = {
    version: ctx.version,
    command: "load",
    source_dir: pipeline.sourceDir,
    format: pipeline.format ?? "auto",
    files_loaded: files.length,
    files_failed: 0,
    total_rows: files.reduce((n, f) => n + (f.rows_loaded as number), 0),
    total_bytes: files.reduce((n, f) => n + (f.bytes_read as number), 0),
    files,
    duration_ms: 3 * files.length + 5,
  };
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.targetAdapter)));
  for (const w of writes) warehouse.put(w.fullName, w.columns, w.rows);
  warehouse.save();
  return {
    json,
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "loading files", { files: files.length })],
  };
}
