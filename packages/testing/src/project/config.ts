/**
 * The part of a rocky project (`rocky.toml`) that rocky-sim needs: pipelines with their types and
 * naming templates, adapters and the state backend. Read with a real TOML parser; everything else in
 * the file is ignored. Field names follow rocky-core/src/config.rs (`[adapter.<name>]`,
 * `[pipeline.<name>]`, `[state] backend`; `adapters`/`pipelines` are accepted aliases).
 */
import { existsSync, readFileSync } from "node:fs";

export type PipelineType = "replication" | "transformation" | "quality" | "snapshot" | "load";

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
}

export interface SimAdapter {
  readonly type: string;
  /** doctor.rs `credential_kind`: which credential key the adapter sets. */
  readonly credential: string;
}

export interface SimProject {
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

/**
 * Load the project from `path` (relative to the cwd, like rocky's `--config`), or from `assumed`
 * when the file does not exist and the scenario assumes one.
 */
export async function loadProject(path: string, assumed: string | undefined): Promise<SimProject> {
  let text: string;
  if (existsSync(path)) {
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigLoadError(`failed to read config file: ${(err as Error).message}`, false);
    }
  } else if (assumed !== undefined) {
    text = assumed;
  } else {
    // config.rs ConfigError::FileNotFound: "No rocky.toml found at '{path}'".
    throw new ConfigLoadError(`No rocky.toml found at '${path}'`, true);
  }
  const { parse } = await import("smol-toml");
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    throw new ConfigLoadError(`failed to parse TOML: ${(err as Error).message}`, false);
  }
  const adaptersRaw = doc.adapter ?? doc.adapters;
  const adapters = new Map<string, SimAdapter>();
  if (isTable(adaptersRaw)) {
    for (const [name, a] of Object.entries(adaptersRaw)) {
      const t = isTable(a) ? a : {};
      const keys: [string, string][] = [
        ["token", "token"],
        ["oauth_token", "oauth_token"],
        ["private_key_path", "key_pair"],
        ["client_id", "oauth_client"],
        ["api_key", "api_key"],
        ["password", "password"],
      ];
      const credential = keys.find(([k]) => t[k] !== undefined)?.[1] ?? "implicit";
      adapters.set(name, { type: strOr(t.type, "unknown"), credential });
    }
  }
  const pipelinesRaw = doc.pipeline ?? doc.pipelines;
  const pipelines: SimPipeline[] = [];
  if (isTable(pipelinesRaw)) {
    for (const [name, p] of Object.entries(pipelinesRaw)) {
      if (!isTable(p)) continue;
      const source = isTable(p.source) ? p.source : {};
      const target = isTable(p.target) ? p.target : {};
      const pattern = isTable(source.schema_pattern) ? source.schema_pattern : {};
      const components = Array.isArray(pattern.components)
        ? pattern.components.filter((c): c is string => typeof c === "string")
        : [];
      pipelines.push({
        name,
        type: strOr(p.type, "replication"),
        prefix: strOr(pattern.prefix, "raw__"),
        separator: strOr(pattern.separator, "__"),
        components,
        catalogTemplate: strOr(target.catalog_template, "warehouse"),
        schemaTemplate: strOr(target.schema_template, "staging__{tenant}"),
        targetAdapter: strOr(target.adapter, "default"),
        sourceAdapter: strOr(source.adapter, "default"),
      });
    }
  }
  const state = isTable(doc.state) ? doc.state : {};
  return { path, pipelines, adapters, stateBackend: strOr(state.backend, "local") };
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
