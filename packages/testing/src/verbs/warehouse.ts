/**
 * Replication over the simulated warehouse (project/world.ts): the sources rocky would discover
 * (the schemas matching the pipeline's `schema_pattern`, discover.rs), which of them a `--filter`
 * keeps (commands/mod.rs `parse_filter`, `matches_filter`, `filter_table_matches`), and where a
 * run writes each table (the target templates and rocky-core shadow.rs `shadow_target`). Nothing
 * is invented: a filter that matches no source selects nothing, as in rocky.
 */
import { basename, extname } from "node:path";
import { RuntimeFailure } from "../context.js";
import type { SimAdapter, SimPipeline, SimProject } from "../project/config.js";
import type { Column } from "../project/fake.js";
import type { Warehouse } from "../project/world.js";
import type { CommandBehavior } from "../types.js";

export const DEFAULT_SHADOW_SUFFIX = "_rocky_shadow";

/** The tables the governance verbs (branch promote, preview) report: the scenario's, or the fake ones. */
export function tablesOf(behavior: CommandBehavior): readonly string[] {
  return behavior.tables !== undefined && behavior.tables.length > 0
    ? behavior.tables
    : ["orders", "customers", "payments"];
}

/** FNV-1a 32-bit: a stable, dependency-free hash for deterministic fake numbers. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One discovered source (a connector): rocky-core source.rs `DiscoveredConnector`. */
export interface SimSource {
  id: string;
  catalog: string;
  schema: string;
  sourceType: string;
  /** Component name -> value, in schema_pattern order (rocky keeps an IndexMap). */
  components: [string, string][];
  tables: { name: string; columns: readonly Column[]; rows: number }[];
}

/** rocky-core shadow.rs `ShadowConfig`: a schema override wins over the suffix. */
export interface ShadowConfig {
  suffix: string;
  schemaOverride: string | null;
}

/** One table a replication run copies. */
export interface Target {
  table: string;
  source: SimSource;
  columns: readonly Column[];
  rows: number;
  /** Production catalog and schema (templates applied). */
  catalog: string;
  schema: string;
  /** Written schema/table (shadow rewrite applied). */
  outSchema: string;
  outTable: string;
  fullName: string;
  productionFullName: string;
  /** run.rs: `[source_type, ...component values in pattern order, target table name]`. */
  assetKey: string[];
  /** The `tenant` component, when the pattern has one (run.rs `TableTask::tenant`). */
  tenant: string | null;
}

/**
 * The catalog a DuckDB database is attached as: its file's stem, `memory` in memory (rocky opens
 * `path` with DuckDB, which names the catalog after the file).
 */
export function duckdbCatalog(adapter: SimAdapter | undefined): string | null {
  if (adapter === undefined || adapter.type !== "duckdb") return null;
  return adapter.path === null ? "memory" : basename(adapter.path, extname(adapter.path));
}

/** Whether `adapter` is an in-memory DuckDB (nothing in it outlives the process). */
export function inMemory(adapter: SimAdapter | undefined): boolean {
  return adapter?.type === "duckdb" && adapter.path === null;
}

/** discover.rs: the schemas of the source adapter that match `schema_pattern`, in name order. */
export function discoverSources(
  project: SimProject,
  pipeline: SimPipeline,
  warehouse: Warehouse,
  behavior: CommandBehavior,
): SimSource[] {
  const adapter = project.adapters.get(pipeline.sourceAdapter);
  const catalog = duckdbCatalog(adapter);
  const components = pipeline.components;
  const bySchema = new Map<string, SimSource>();
  for (const full of warehouse.names()) {
    const [cat, schema, table] = full.split(".") as [string, string, string];
    if (catalog !== null && cat !== catalog) continue;
    if (!schema.startsWith(pipeline.prefix)) continue;
    const values = schema.slice(pipeline.prefix.length).split(pipeline.separator);
    if (values.length !== components.length || values.some((v) => v === "")) continue;
    let source = bySchema.get(schema);
    if (source === undefined) {
      source = {
        id: schema,
        catalog: cat,
        schema,
        sourceType: adapter?.type ?? "duckdb",
        components: components.map((c, i): [string, string] => [c, values[i] as string]),
        tables: [],
      };
      bySchema.set(schema, source);
    }
    const t = warehouse.get(full);
    source.tables.push({ name: table, columns: t?.columns ?? [], rows: t?.rows ?? 0 });
  }
  const sources = [...bySchema.values()].sort((a, b) => (a.schema < b.schema ? -1 : 1));
  for (const s of sources) s.tables.sort((a, b) => (a.name < b.name ? -1 : 1));
  // The scenario's `tables` replaces what each source holds (rocky-sim's own knob).
  if (behavior.tables !== undefined && behavior.tables.length > 0) {
    for (const s of sources) {
      s.tables = behavior.tables.map((name) => ({ name, columns: [["id", "BIGINT"]], rows: 100 }));
    }
  }
  return sources;
}

/** main.rs → commands/mod.rs `parse_filter`: the first `=` splits; no `=` at all is an error. */
export function splitFilter(filter: string): { key: string; value: string } {
  const eq = filter.indexOf("=");
  if (eq === -1) {
    throw new RuntimeFailure(`invalid filter '${filter}': expected key=value (e.g., client=acme)`);
  }
  return { key: filter.slice(0, eq), value: filter.slice(eq + 1) };
}

/** mod.rs `matches_filter` and `filter_table_matches`: the sources and tables a filter keeps. */
export function applyFilter(sources: readonly SimSource[], filter: string | null): SimSource[] {
  if (filter === null) return [...sources];
  const { key, value } = splitFilter(filter);
  if (key === "table") {
    return sources
      .map((s) => ({ ...s, tables: s.tables.filter((t) => t.name === value) }))
      .filter((s) => s.tables.length > 0);
  }
  if (key === "id") return sources.filter((s) => s.id === value);
  return sources.filter((s) => s.components.some(([k, v]) => k === key && v === value));
}

function resolveTemplate(template: string, source: SimSource): string {
  let out = template;
  for (const [name, value] of source.components) out = out.split(`{${name}}`).join(value);
  return out;
}

/**
 * run.rs: one target per source table, the shadow rewrite applied (shadow.rs `shadow_target`: a
 * schema override keeps the table name, else the suffix is appended). Two sources written to the
 * same shadow table are refused, as rocky does before copying anything.
 */
export function targetsOf(
  pipeline: SimPipeline,
  sources: readonly SimSource[],
  shadow: ShadowConfig | null,
): Target[] {
  const out: Target[] = [];
  const claimed = new Map<string, string>();
  for (const source of sources) {
    const catalog = resolveTemplate(pipeline.catalogTemplate, source);
    const schema = resolveTemplate(pipeline.schemaTemplate, source);
    for (const t of source.tables) {
      const outSchema = shadow?.schemaOverride ?? schema;
      const outTable =
        shadow !== null && shadow.schemaOverride === null ? `${t.name}${shadow.suffix}` : t.name;
      const fullName = `${catalog}.${outSchema}.${outTable}`;
      const prior = claimed.get(fullName);
      if (prior !== undefined) {
        throw new RuntimeFailure(
          `two sources resolve to the same target table '${fullName}': '${prior}' and '${source.schema}.${t.name}'. Writing both would leave whichever ran last, and the run would still report copying two tables. This happens when \`--shadow-schema\` replaces a schema template whose only distinguishing component is the connector (e.g. \`staging__{source}\`). Use \`--shadow-suffix\` instead, which keeps the template and renames the table, or give the sources distinct target tables.`,
        );
      }
      claimed.set(fullName, `${source.schema}.${t.name}`);
      out.push({
        table: t.name,
        source,
        columns: t.columns,
        rows: t.rows,
        catalog,
        schema,
        outSchema,
        outTable,
        fullName,
        productionFullName: `${catalog}.${schema}.${t.name}`,
        assetKey: [source.sourceType, ...source.components.map(([, v]) => v), outTable],
        tenant: source.components.find(([k]) => k === "tenant")?.[1] ?? null,
      });
    }
  }
  return out;
}
