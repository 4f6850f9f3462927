/**
 * What a run leaves behind in rocky-sim's memory (project/world.ts): the tables it wrote, in the
 * simulated warehouse, and its run record (history.rs `RunRecord`) and watermarks in the state
 * store of the invocation's state path, as run.rs `persist_run_record` does.
 */
import type { Ctx } from "../context.js";
import type { JsonObject } from "../json.js";
import type { Column } from "../project/fake.js";
import { readState, type Warehouse, writeState } from "../project/world.js";
import { stableHash } from "./warehouse.js";

/** A table written, for the warehouse. */
export interface TableWrite {
  readonly fullName: string;
  readonly columns: readonly Column[];
  readonly rows: number;
}

/** Records the run of `json` (a RunOutput) and the tables it wrote. */
export function recordRun(
  ctx: Ctx,
  json: JsonObject,
  runId: string,
  startedAt: string,
  pipeline: string | null,
  warehouse: Warehouse,
  writes: readonly TableWrite[],
  watermarks: readonly string[] = [],
): void {
  for (const w of writes) warehouse.put(w.fullName, w.columns, w.rows);
  warehouse.save();
  const state = readState(ctx);
  const mats = Array.isArray(json.materializations) ? (json.materializations as JsonObject[]) : [];
  state.runs.push({
    run_id: runId,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    status: String(json.status ?? "Success"),
    duration_ms: Number(json.duration_ms ?? 0),
    pipeline,
    models: mats.map((m) => {
      const key = m.asset_key as string[];
      const meta = (m.metadata ?? {}) as JsonObject;
      return {
        model_name: key[key.length - 1] ?? "",
        duration_ms: Number(m.duration_ms ?? 0),
        status: "success",
        sql_hash: typeof meta.sql_hash === "string" ? meta.sql_hash : null,
        started_at: startedAt,
        ...(typeof m.tenant === "string" ? { tenant: m.tenant } : {}),
      };
    }),
  });
  for (const table of watermarks) state.watermarks[table] = startedAt;
  writeState(ctx, state);
}

/** A stable 16-hex digest (rocky prints `sql_hash` as 16 hex digits). */
export function hash16(text: string): string {
  return (
    stableHash(text).toString(16).padStart(8, "0") +
    stableHash(`${text}\u0000`).toString(16).padStart(8, "0")
  );
}
