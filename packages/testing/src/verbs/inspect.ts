/**
 * `rocky discover` (discover.rs) and `rocky state` / `state show` (state.rs `state_show`).
 */
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import {
  CATALOG,
  DISCOVER_SOURCES,
  rowsFor,
  type SimSource,
  sourcesFor,
  tablesOf,
} from "./warehouse.js";

/** discover.rs: loads the config, resolves the pipeline, lists the (invented) sources. */
export async function handleDiscover(ctx: Ctx): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, str(ctx.parsed.flags, "pipeline"));
  const { sources } = sourcesFor(project, pipeline, null);
  return {
    json: buildDiscover(
      ctx.version,
      sources,
      tablesOf(ctx.behavior),
      bool(ctx.parsed.flags, "with-schemas"),
    ),
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "discovering sources", {})],
  };
}

/** main.rs State arm: bare `state` and `state show` read the state store (no config needed). */
export async function handleState(ctx: Ctx): Promise<VerbResult> {
  const sub = ctx.parsed.subcommand;
  if (sub !== null && sub !== "show") {
    throw new RuntimeFailure(`rocky-sim does not emulate 'rocky state ${sub}'`);
  }
  const at = "2026-01-01T00:00:00Z";
  return { json: buildState(ctx.version, tablesOf(ctx.behavior), at), exitCode: 0, progress: [] };
}

/** discover.rs `DiscoverOutput`: one entry per (invented) connector with its components and tables. */
export function buildDiscover(
  version: string,
  sources: readonly SimSource[],
  tables: readonly string[],
  withSchemas: boolean,
): JsonObject {
  return {
    version,
    command: "discover",
    sources: sources.map((src) => ({
      id: src.id,
      components: Object.fromEntries(src.components),
      source_type: src.sourceType,
      last_sync_at: null,
      tables: tables.map((name) =>
        withSchemas ? { name, row_count: rowsFor(src.schema, name) } : { name },
      ),
    })),
  };
}

/** state.rs `state_show`: stored watermarks (rocky-sim has no state file: fixed values). */
export function buildState(version: string, tables: readonly string[], at: string): JsonObject {
  return {
    version,
    command: "state",
    watermarks: DISCOVER_SOURCES.flatMap((tenant) =>
      tables.map((t) => ({
        table: `${CATALOG}.staging__${tenant}.${t}`,
        last_value: at,
        updated_at: at,
      })),
    ),
    schema_version_supported: 22,
    schema_version_on_disk: 22,
  };
}
