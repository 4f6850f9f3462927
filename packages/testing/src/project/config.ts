/**
 * The part of a rocky project (`rocky.toml`) that rocky-sim needs: pipelines with their types,
 * naming templates, models folder, tables and targets; adapters; the state backend. Read with a
 * real TOML parser; everything else in the file is ignored. Field names follow
 * rocky-core/src/config.rs (`[adapter]` or `[adapter.<name>]`, `[pipeline.<name>]`, `[state]
 * backend`; `adapters`/`pipelines` are accepted aliases).
 */
import type { ProjectFs } from "./files.js";

export type PipelineType = "replication" | "transformation" | "quality" | "snapshot" | "load";

/** A `catalog.schema[.table]` reference (config.rs `TableRef`). */
export interface TableRef {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string | null;
}

export interface SimPipeline {
  readonly name: string;
  /** config.rs: `type` defaults to "replication" when absent. */
  readonly type: PipelineType | string;
  /** source.schema_pattern.prefix (replication). */
  readonly prefix: string;
  readonly separator: string;
  readonly components: readonly string[];
  readonly catalogTemplate: string;
  readonly schemaTemplate: string;
  readonly targetAdapter: string;
  readonly sourceAdapter: string;
  /** Replication `strategy` (full_refresh when absent). */
  readonly strategy: string;
  /** Transformation `models` glob ("" when absent: rocky reads `models/**`). */
  readonly models: string;
  /** Quality `tables`; snapshot `[source]` as one entry. */
  readonly tables: readonly TableRef[];
  /** Snapshot and load `[target]`. */
  readonly target: TableRef | null;
  /** Load `source_dir`, relative to the config file. */
  readonly sourceDir: string;
  /** Load `format` (auto-detected when absent). */
  readonly format: string | null;
  /** `[execution] concurrency`: a number, or null for `adaptive` (the default). */
  readonly concurrency: number | null;
  /** `[checks]`: the aggregate checks a run reports (config.rs `ChecksConfig`). */
  readonly checks: PipelineChecks;
}

/** config.rs `ChecksConfig`: the toggles rocky-sim reports as check results. */
export interface PipelineChecks {
  readonly rowCount: boolean;
  readonly columnMatch: boolean;
  /** `fail_on_error` (default true): an error-severity failure fails a quality run. */
  readonly failOnError: boolean;
}

/** config.rs `AggregateCheckToggle`: `true`, or `{ enabled = true, severity = … }`. */
function toggle(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  return v !== null && typeof v === "object" && (v as Table).enabled === true;
}

function checksOf(v: unknown): PipelineChecks {
  const t = tableOf(v);
  return {
    rowCount: toggle(t.row_count),
    columnMatch: toggle(t.column_match),
    failOnError: t.fail_on_error !== false,
  };
}

export interface SimAdapter {
  readonly type: string;
  /** doctor.rs `credential_kind`: which credential key the adapter sets. */
  readonly credential: string;
  /** DuckDB `path`, relative to the cwd; null for an in-memory database. */
  readonly path: string | null;
}

export interface SimProject {
  /** The config file's path, as given to `--config`. */
  readonly path: string;
  /** In file order (rocky keeps an IndexMap). */
  readonly pipelines: readonly SimPipeline[];
  /** name -> adapter, in file order. */
  readonly adapters: ReadonlyMap<string, SimAdapter>;
  /** `[state] backend`, "local" by default (config.rs `StateBackend::Local` is `#[default]`). */
  readonly stateBackend: string;
}

/** A config that could not be loaded; `message` is rocky's `ConfigError` display text. */
export class ConfigLoadError extends Error {
  constructor(
    message: string,
    readonly notFound: boolean,
  ) {
    super(message);
  }
}

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const strOr = (v: unknown, d: string): string => (typeof v === "string" ? v : d);
const tableOf = (v: unknown): Table => (isTable(v) ? v : {});

const CREDENTIAL_KEYS: readonly [string, string][] = [
  ["token", "token"],
  ["oauth_token", "oauth_token"],
  ["private_key_path", "key_pair"],
  ["client_id", "oauth_client"],
  ["api_key", "api_key"],
  ["password", "password"],
];

function adapterOf(t: Table): SimAdapter {
  const credential = CREDENTIAL_KEYS.find(([k]) => t[k] !== undefined)?.[1] ?? "implicit";
  return {
    type: strOr(t.type, "unknown"),
    credential,
    path: typeof t.path === "string" ? t.path : null,
  };
}

/** config.rs `AdaptersFieldSchema`: one unnamed `[adapter]` (named "default") or a map. */
function adaptersOf(doc: Table): Map<string, SimAdapter> {
  const raw = doc.adapter ?? doc.adapters;
  const adapters = new Map<string, SimAdapter>();
  if (!isTable(raw)) return adapters;
  if (typeof raw.type === "string") {
    adapters.set("default", adapterOf(raw));
    return adapters;
  }
  for (const [name, a] of Object.entries(raw)) adapters.set(name, adapterOf(tableOf(a)));
  return adapters;
}

function tableRef(v: unknown): TableRef | null {
  if (!isTable(v) || typeof v.catalog !== "string" || typeof v.schema !== "string") return null;
  return {
    catalog: v.catalog,
    schema: v.schema,
    table: typeof v.table === "string" ? v.table : null,
  };
}

function pipelineOf(name: string, p: Table): SimPipeline {
  const type = strOr(p.type, "replication");
  const source = tableOf(p.source);
  const target = tableOf(p.target);
  const pattern = tableOf(source.schema_pattern);
  const components = Array.isArray(pattern.components)
    ? pattern.components.filter((c): c is string => typeof c === "string")
    : [];
  const tables =
    type === "snapshot"
      ? [tableRef(source)].filter((t): t is TableRef => t !== null)
      : Array.isArray(p.tables)
        ? p.tables.map(tableRef).filter((t): t is TableRef => t !== null)
        : [];
  return {
    name,
    type,
    prefix: strOr(pattern.prefix, "raw__"),
    separator: strOr(pattern.separator, "__"),
    components,
    catalogTemplate: strOr(target.catalog_template, "warehouse"),
    schemaTemplate: strOr(target.schema_template, "staging__{tenant}"),
    targetAdapter: strOr(target.adapter, "default"),
    sourceAdapter: strOr(source.adapter, "default"),
    strategy: strOr(p.strategy, "full_refresh"),
    models: strOr(p.models, ""),
    tables,
    target: tableRef(target),
    sourceDir: strOr(p.source_dir, ""),
    format: typeof p.format === "string" ? p.format : null,
    concurrency:
      typeof tableOf(p.execution).concurrency === "number"
        ? (tableOf(p.execution).concurrency as number)
        : null,
    checks: checksOf(p.checks),
  };
}

/** Load the project from `path` (relative to the cwd, like rocky's `--config`) through `fs`. */
export async function loadProject(path: string, fs: ProjectFs): Promise<SimProject> {
  let text: string;
  if (!fs.exists(path)) {
    // config.rs ConfigError::FileNotFound: "No rocky.toml found at '{path}'".
    throw new ConfigLoadError(`No rocky.toml found at '${path}'`, true);
  }
  try {
    text = fs.read(path);
  } catch (err) {
    throw new ConfigLoadError(`failed to read config file: ${(err as Error).message}`, false);
  }
  const { parse } = await import("smol-toml");
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    throw new ConfigLoadError(`failed to parse TOML: ${(err as Error).message}`, false);
  }
  const pipelines: SimPipeline[] = [];
  for (const [name, p] of Object.entries(tableOf(doc.pipeline ?? doc.pipelines))) {
    if (isTable(p)) pipelines.push(pipelineOf(name, p));
  }
  const state = tableOf(doc.state);
  return {
    path,
    pipelines,
    adapters: adaptersOf(doc),
    stateBackend: strOr(state.backend, "local"),
  };
}

/** registry.rs `resolve_pipeline`: by name, or the only one. Throws the engine's message. */
export function resolvePipeline(project: SimProject, name: string | null): SimPipeline {
  if (name !== null) {
    const p = project.pipelines.find((x) => x.name === name);
    if (p === undefined) throw new Error(`pipeline '${name}' not found in config`);
    return p;
  }
  const [only, ...rest] = project.pipelines;
  if (only === undefined) throw new Error("no pipelines defined in config");
  if (rest.length > 0) {
    throw new Error(
      `multiple pipelines defined (${project.pipelines.map((p) => p.name).join(", ")}). Use --pipeline <name> to select one.`,
    );
  }
  return only;
}
