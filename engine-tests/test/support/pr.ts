// A branch deployment's call, run the way Dagster+ runs it, and what production sees of a
// project before and after it: every relation's content hash read from the DuckDB file, and
// production's own view of rocky's state (watermarks) and run history.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RockyResource, type RockyResourceOptions } from "@dagster-rocky/resource";
import { contentHashes } from "./duckdb.js";
import { ROCKY_BIN } from "./engine.js";
import { productionEnv, prProcessEnv } from "./env.js";
import type { Project } from "./projects.js";

const CALL = join(dirname(fileURLToPath(import.meta.url)), "pr-call.mjs");

/** What a call in the branch-deployment process gave: its JSON result or its error's fields. */
export interface PrOutcome {
  readonly ok: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: rocky's JSON, checked by each test
  readonly result?: any;
  readonly error?: {
    readonly name: string;
    readonly code: string;
    readonly message: string;
    readonly exitCode: number | null;
  };
  /** rocky's stderr lines, when the call was given `logArg`. */
  readonly stderr: readonly string[];
}

/**
 * `new RockyResource({ binaryPath, shadowMode: "branch_deploy", ...resource })[method](...args)`
 * in a fresh Node process whose own environment is PR 42's branch deployment, started in the
 * project's directory (rocky's cwd). `logArg`: the index of the options argument to collect
 * rocky's stderr through `onLog`.
 */
export function prCall(
  project: Pick<Project, "dir">,
  method: string,
  args: readonly unknown[],
  options: { logArg?: number; resource?: Partial<RockyResourceOptions> } = {},
): PrOutcome {
  const spec = {
    resource: { binaryPath: ROCKY_BIN, shadowMode: "branch_deploy", ...options.resource },
    method,
    args,
    logArg: options.logArg,
  };
  const r = spawnSync(process.execPath, [CALL, JSON.stringify(spec)], {
    cwd: project.dir,
    env: prProcessEnv(),
    encoding: "utf8",
    timeout: 170_000,
  });
  if (r.status !== 0) {
    throw new Error(`pr-call.mjs exited ${r.status} (${r.signal ?? ""}): ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as PrOutcome;
}

/** A resource for production calls on a project: no Dagster+ variables in its env. */
export function production(
  project: Pick<Project, "dir">,
  options: Partial<RockyResourceOptions> = {},
): RockyResource {
  return new RockyResource({
    binaryPath: ROCKY_BIN,
    cwd: project.dir,
    shadowMode: "branch_deploy",
    env: productionEnv(),
    ...options,
  });
}

/** What production sees of a project. */
export interface ProductionView {
  /** Every table and view of the DuckDB file with its content hash. */
  readonly relations: ReadonlyMap<string, string>;
  /** `state()` as production reads it. */
  readonly watermarks: unknown;
  /** `history()` runs as production reads them: id and status. */
  readonly runs: readonly string[];
  /** `stateHealth()`'s last run, as production reads it. */
  readonly lastRun: { readonly status: string | null; readonly at: string | null };
}

/** Reads the DuckDB file, then production's state, history and state health. */
export async function productionView(project: Project): Promise<ProductionView> {
  const relations = await contentHashes(project.db);
  const rocky = production(project);
  const state = await rocky.state();
  const history = await rocky.history();
  const runs =
    history.kind === "runs" ? history.runs.map((r) => `${r.run_id} ${String(r.status)}`) : [];
  const health = await rocky.stateHealth();
  return {
    relations,
    watermarks: state.watermarks,
    runs,
    lastRun: { status: health.lastRunStatus, at: health.lastRunAt },
  };
}

/**
 * The relations of `before` that are not shadow tables (name ending in `suffix`), with their
 * hash after the call: missing or changed ones show up as a difference against `before`.
 */
export function productionRelationsAfter(
  before: ProductionView,
  after: ProductionView,
  suffix: string,
): { before: Map<string, string>; after: Map<string, string | undefined> } {
  const b = new Map([...before.relations].filter(([name]) => !name.endsWith(suffix)));
  const a = new Map([...b.keys()].map((name) => [name, after.relations.get(name)]));
  return { before: b, after: a };
}

/** Relations that appeared with the call and are not shadow tables (nor allowed by `allow`). */
export function newProductionRelations(
  before: ProductionView,
  after: ProductionView,
  suffix: string,
  allow: (name: string) => boolean = () => false,
): string[] {
  return [...after.relations.keys()].filter(
    (name) => !before.relations.has(name) && !name.endsWith(suffix) && !allow(name),
  );
}
