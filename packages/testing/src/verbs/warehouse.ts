/**
 * The simulated warehouse of a replication pipeline: the sources rocky would discover, the
 * tables each one holds, and where a run writes them (templates and the shadow rewrite).
 * rocky-sim cannot read a warehouse, so the sources are invented (`acme`, `globex`, `initech`).
 */
import { RuntimeFailure } from "../context.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import type { CommandBehavior } from "../types.js";

export const CATALOG = "warehouse";
export const DEFAULT_TABLES: readonly string[] = ["orders", "customers", "payments"];
export const DEFAULT_SHADOW_SUFFIX = "_rocky_shadow";
export const DISCOVER_SOURCES: readonly string[] = ["acme", "globex", "initech"];

/** FNV-1a 32-bit: a stable, dependency-free hash for deterministic fake numbers. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function rowsFor(schema: string, table: string): number {
  return 1000 + (stableHash(`${schema}.${table}`) % 99000);
}

/** One discovered source (a connector): rocky-core source.rs `DiscoveredConnector`. */
export interface SimSource {
  id: string;
  schema: string;
  sourceType: string;
  /** Component name -> value, in schema_pattern order. */
  components: [string, string][];
}

/** rocky-core shadow.rs `ShadowConfig`: a schema override wins over the suffix. */
export interface ShadowConfig {
  suffix: string;
  schemaOverride: string | null;
}

/** Where the tables of one run land. */
export interface TargetSpec {
  /** The `--filter` text, "" when absent (output.rs prints `filter.unwrap_or("")`). */
  filter: string;
  catalogTemplate: string;
  schemaTemplate: string;
  sources: readonly SimSource[];
  tables: readonly string[];
  /** Only a table named by `--filter table=<name>`. */
  tableFilter: string | null;
  /** Set only with `--shadow` or `--branch` (main.rs builds no ShadowConfig otherwise). */
  shadow: ShadowConfig | null;
}

export interface Target {
  table: string;
  source: SimSource;
  /** Production (non-shadow) schema. */
  schema: string;
  /** Written schema/table (shadow rewrite applied). */
  outSchema: string;
  outTable: string;
  fullName: string;
  productionFullName: string;
  assetKey: string[];
  rows: number;
}

function resolveTemplate(template: string, source: SimSource): string {
  let out = template;
  for (const [name, value] of source.components) out = out.split(`{${name}}`).join(value);
  return out;
}

export function targetsOf(spec: TargetSpec): Target[] {
  const out: Target[] = [];
  for (const source of spec.sources) {
    const catalog = resolveTemplate(spec.catalogTemplate, source);
    const schema = resolveTemplate(spec.schemaTemplate, source);
    for (const table of spec.tables) {
      if (spec.tableFilter !== null && spec.tableFilter !== table) continue;
      // shadow.rs `shadow_target`: schema override keeps the table name, else the suffix is appended.
      const outSchema = spec.shadow?.schemaOverride ?? schema;
      const outTable =
        spec.shadow !== null && spec.shadow.schemaOverride === null
          ? `${table}${spec.shadow.suffix}`
          : table;
      // run.rs: asset_key = [source_type, ...component values (sorted by component name), table];
      // it names the source, so shadow mode does not change it.
      const values = [...source.components]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, v]) => v);
      out.push({
        table,
        source,
        schema,
        outSchema,
        outTable,
        fullName: `${catalog}.${outSchema}.${outTable}`,
        productionFullName: `${catalog}.${schema}.${table}`,
        assetKey: [source.sourceType, ...values, table],
        rows: rowsFor(schema, table),
      });
    }
  }
  return out;
}

export function tablesOf(behavior: CommandBehavior): readonly string[] {
  return behavior.tables !== undefined && behavior.tables.length > 0
    ? behavior.tables
    : DEFAULT_TABLES;
}

/** main.rs → commands/mod.rs `parse_filter`: the first `=` splits; no `=` at all is an error. */
export function splitFilter(filter: string): { key: string; value: string } {
  const eq = filter.indexOf("=");
  if (eq === -1) {
    throw new RuntimeFailure(`invalid filter '${filter}': expected key=value (e.g., client=acme)`);
  }
  return { key: filter.slice(0, eq), value: filter.slice(eq + 1) };
}

/**
 * The connectors rocky would discover. rocky-sim cannot know the real sources, so it invents
 * `acme`, `globex` and `initech` (the first schema_pattern component) and, for a `key=value`
 * filter on a component, exactly one matching source; `id=` and `table=` are reserved keys
 * (commands/mod.rs `matches_filter` / `filter_table_matches`).
 */
export function sourcesFor(
  project: SimProject,
  pipeline: SimPipeline,
  filter: string | null,
): { sources: SimSource[]; tableFilter: string | null } {
  const components = pipeline.components.length > 0 ? pipeline.components : ["tenant"];
  const sourceType = project.adapters.get(pipeline.sourceAdapter)?.type ?? "duckdb";
  const mk = (value: string, id?: string): SimSource => {
    const pairs = components.map((c, i): [string, string] => [c, i === 0 ? value : "main"]);
    const schema = `${pipeline.prefix}${pairs.map(([, v]) => v).join(pipeline.separator)}`;
    return { id: id ?? schema, schema, sourceType, components: pairs };
  };
  if (filter === null) return { sources: DISCOVER_SOURCES.map((v) => mk(v)), tableFilter: null };
  const { key, value } = splitFilter(filter);
  if (key === "table") return { sources: DISCOVER_SOURCES.map((v) => mk(v)), tableFilter: value };
  if (key === "id") {
    const rest = value.startsWith(pipeline.prefix) ? value.slice(pipeline.prefix.length) : value;
    return { sources: [mk(rest.split(pipeline.separator)[0] ?? rest, value)], tableFilter: null };
  }
  return { sources: [mk(value)], tableFilter: null };
}

export function specFor(
  project: SimProject,
  pipeline: SimPipeline,
  filter: string | null,
  behavior: CommandBehavior,
  shadow: ShadowConfig | null,
): TargetSpec {
  const { sources, tableFilter } = sourcesFor(project, pipeline, filter);
  return {
    filter: filter ?? "",
    catalogTemplate: pipeline.catalogTemplate,
    schemaTemplate: pipeline.schemaTemplate,
    sources,
    tables: tablesOf(behavior),
    tableFilter,
    shadow,
  };
}
