/**
 * `rocky discover` (discover.rs) and `rocky state` / `state show` (state.rs `state_show`), read
 * from the simulated warehouse and state store.
 */
import { type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { hasState, readState, Warehouse } from "../project/world.js";
import { discoverSources, inMemory } from "./warehouse.js";

/** discover.rs: the replication pipeline's sources (registry.rs `resolve_replication_pipeline`). */
export async function handleDiscover(ctx: Ctx): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, str(ctx.parsed.flags, "pipeline"));
  if (pipeline.type !== "replication") {
    throw new RuntimeFailure(
      `pipeline '${pipeline.name}' is type '${pipeline.type}', but this command only supports replication pipelines`,
    );
  }
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.sourceAdapter)));
  const sources = discoverSources(project, pipeline, warehouse, ctx.behavior);
  return {
    json: {
      version: ctx.version,
      command: "discover",
      sources: sources.map((s) => ({
        id: s.id,
        components: Object.fromEntries(s.components),
        source_type: s.sourceType,
        last_sync_at: null,
        tables: s.tables.map((t) => ({ name: t.name })),
      })),
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "discovering sources", {})],
  };
}

/** state.rs `state_show`: the store's watermarks (no config needed); other sub-verbs are not emulated. */
export async function handleState(ctx: Ctx): Promise<VerbResult> {
  const sub = ctx.parsed.subcommand;
  if (sub === "reconcile-watermark") {
    return (await import("./state-ops.js")).handleReconcileWatermark(ctx);
  }
  if (sub === "schedule spool") return (await import("./state-ops.js")).handleScheduleSpool(ctx);
  if (sub !== null && sub !== "show") {
    throw new RuntimeFailure(`rocky-sim does not emulate 'rocky state ${sub}'`);
  }
  const state = readState(ctx);
  return {
    json: {
      version: ctx.version,
      command: "state",
      watermarks: Object.entries(state.watermarks)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([table, at]) => ({ table, last_value: at, updated_at: at })),
      schema_version_supported: 22,
      // state.rs: none on disk until a run has written the store.
      schema_version_on_disk: hasState(ctx) ? 22 : null,
    },
    exitCode: 0,
    progress: [],
  };
}
