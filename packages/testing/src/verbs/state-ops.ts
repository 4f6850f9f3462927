/**
 * The state verbs of the newer engines (shapes from rocky-sdk 0.29.0's models):
 * `rocky state reconcile-watermark` (writes the state store of the invocation's state path unless
 * `--dry-run`) and `rocky state schedule spool` (reads the webhook spool, changes nothing).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import type { SimPipeline } from "../project/config.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { readState, Warehouse, writeState } from "../project/world.js";
import { inMemory } from "./warehouse.js";

/** Whether `fullName` (`catalog.schema.table`) is a target of the replication `pipeline`. */
function targetOf(pipeline: SimPipeline, fullName: string): boolean {
  const part = (template: string) =>
    template
      .split(/\{[^}]*\}/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^.]+");
  return new RegExp(
    `^${part(pipeline.catalogTemplate)}\\.${part(pipeline.schemaTemplate)}\\.[^.]+$`,
  ).test(fullName);
}

/**
 * `rocky state reconcile-watermark --pipeline P [--table T]... [--dry-run]`: each incremental
 * cursor of the pipeline's recorded targets set from its physical target: kept where the target
 * holds the table, cleared (`watermark: null`) where it is gone. A `--table` with no recorded
 * cursor is refused; without `--dry-run` the cursors are written.
 */
export async function handleReconcileWatermark(ctx: Ctx): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, str(ctx.parsed.flags, "pipeline"));
  if (pipeline.type !== "replication") {
    throw new RuntimeFailure(
      `pipeline '${pipeline.name}' is type '${pipeline.type}': watermarks belong to replication pipelines`,
    );
  }
  const state = readState(ctx);
  const recorded = Object.keys(state.watermarks)
    .filter((t) => targetOf(pipeline, t))
    .sort();
  const asked = ctx.parsed.flags.get("table");
  const tables = Array.isArray(asked) ? asked : recorded;
  for (const t of tables) {
    if (!recorded.includes(t)) {
      throw new RuntimeFailure(
        `no recorded watermark for table '${t}' in pipeline '${pipeline.name}'`,
      );
    }
  }
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.targetAdapter)));
  const dryRun = bool(ctx.parsed.flags, "dry-run");
  const watermarks: JsonObject[] = tables.map((table) => {
    const previous = state.watermarks[table] ?? null;
    const targetMax = warehouse.has(table) ? previous : null;
    return { table, previous, target_max: targetMax, watermark: targetMax };
  });
  if (!dryRun) {
    for (const w of watermarks) {
      if (w.watermark === null) delete state.watermarks[w.table as string];
      else state.watermarks[w.table as string] = w.watermark as string;
    }
    writeState(ctx, state);
  }
  return {
    json: {
      version: ctx.version,
      command: "state reconcile-watermark",
      pipeline: pipeline.name,
      dry_run: dryRun,
      watermarks,
    },
    exitCode: 0,
    progress: [],
  };
}

const PENDING_FIELDS = ["pipeline", "kind", "token", "body_hash", "demand_uid", "received_at"];

/** One spool file: a pending entry, or why it is skipped. */
function spoolEntry(dir: string, file: string): { pending: JsonObject } | { skipped: JsonObject } {
  let text: string;
  try {
    text = readFileSync(join(dir, file), "utf8");
  } catch (err) {
    return { skipped: { file, reason: "unreadable", detail: (err as Error).message } };
  }
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (err) {
    return { skipped: { file, reason: "malformed", detail: (err as Error).message } };
  }
  const o = (
    doc !== null && typeof doc === "object" && !Array.isArray(doc) ? doc : {}
  ) as JsonObject;
  const missing = PENDING_FIELDS.find((k) => typeof o[k] !== "string");
  if (missing !== undefined) {
    return { skipped: { file, reason: "malformed", detail: `missing field \`${missing}\`` } };
  }
  if (Number.isNaN(Date.parse(o.received_at as string))) {
    return {
      skipped: { file, reason: "bad_timestamp", detail: `'${o.received_at}' is not RFC 3339` },
    };
  }
  return { pending: Object.fromEntries(PENDING_FIELDS.map((k) => [k, o[k] as string])) };
}

/**
 * `rocky state schedule spool`: the demands in `<project>/.rocky/pending-demands` (`*.json`),
 * oldest first then by `demand_uid`; consumed (`.done`) entries are not pending, quarantined
 * (`.corrupt`) ones are counted. A missing spool is an empty queue.
 */
export async function handleScheduleSpool(ctx: Ctx): Promise<VerbResult> {
  const dir = join(dirname(ctx.configPath), ".rocky", "pending-demands");
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const pending: JsonObject[] = [];
  const skipped: JsonObject[] = [];
  for (const f of files.filter((x) => x.endsWith(".json"))) {
    const e = spoolEntry(dir, f);
    if ("pending" in e) pending.push(e.pending);
    else skipped.push(e.skipped);
  }
  const key = (e: JsonObject) => `${e.received_at}\u0000${e.demand_uid}`;
  pending.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    json: {
      version: ctx.version,
      command: "state schedule spool",
      spool_path: dir,
      pending,
      skipped,
      counts: {
        pending: pending.length,
        skipped: skipped.length,
        corrupt: files.filter((f) => f.endsWith(".corrupt")).length,
      },
    },
    exitCode: 0,
    progress: [],
  };
}
