/**
 * What rocky-sim remembers between invocations, in `.rocky-sim/` under the cwd (rocky ignores the
 * folder): the simulated warehouse (the tables it holds) and the simulated state store (runs and
 * watermarks, per state path, as rocky keeps one store per `--state-path`). rocky-sim never reads
 * a real warehouse: a table exists for it when the fake project or an earlier simulated run put it
 * there. A DuckDB adapter without `path` is an in-memory database: empty, and nothing written to
 * it outlives the process (rocky-duckdb opens `:memory:`).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Json, JsonObject } from "../json.js";
import { type Column, WAREHOUSE_DOC, type WarehouseDoc, type WarehouseTable } from "./fake.js";
import type { ProjectFs } from "./files.js";

const STATE_DOC = ".rocky-sim/state.json";

/** One run the simulated state store recorded (history.rs `RunRecord`, the fields shown). */
export interface RunRecord {
  readonly run_id: string;
  readonly started_at: string;
  readonly finished_at: string;
  readonly status: string;
  readonly duration_ms: number;
  readonly pipeline: string | null;
  readonly models: readonly {
    readonly model_name: string;
    readonly duration_ms: number;
    readonly status: string;
    readonly sql_hash: string | null;
    readonly started_at: string;
    /** The `tenant` a replication table was copied for (cost.rs `--by tenant`). */
    readonly tenant?: string;
  }[];
}

/** The simulated state store of one state path. */
export interface StateStore {
  runs: RunRecord[];
  /** table full name -> last watermark (state.rs `WatermarkState`). */
  watermarks: Record<string, string>;
}

function readJson(fs: ProjectFs, path: string): unknown {
  try {
    return JSON.parse(fs.read(path)) as unknown;
  } catch {
    return undefined;
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** The simulated warehouse of the cwd. */
export class Warehouse {
  private constructor(
    private readonly tables: Map<string, WarehouseTable>,
    /** False for an in-memory database: writes are not kept. */
    private readonly persistent: boolean,
  ) {}

  /** The warehouse `fs` shows (the fake project's under `assumeConfig`), or an empty one. */
  static open(fs: ProjectFs, inMemory: boolean): Warehouse {
    if (inMemory) return new Warehouse(new Map(), false);
    const doc = readJson(fs, WAREHOUSE_DOC) as Partial<WarehouseDoc> | undefined;
    const tables = new Map<string, WarehouseTable>();
    for (const [name, t] of Object.entries(doc?.tables ?? {})) {
      if (t !== null && typeof t === "object" && Array.isArray(t.columns)) tables.set(name, t);
    }
    return new Warehouse(tables, true);
  }

  has(fullName: string): boolean {
    return this.tables.has(fullName);
  }

  get(fullName: string): WarehouseTable | undefined {
    return this.tables.get(fullName);
  }

  /** `catalog.schema.table` names, sorted. */
  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  /** Records a table a run wrote. */
  put(fullName: string, columns: readonly Column[], rows: number): void {
    this.tables.set(fullName, { columns, rows });
  }

  save(): void {
    if (!this.persistent) return;
    writeJson(WAREHOUSE_DOC, { tables: Object.fromEntries(this.tables) });
  }
}

/** The simulated state store of `statePath`. */
export function readState(statePath: string): StateStore {
  let doc: Record<string, Partial<StateStore>> = {};
  try {
    doc = JSON.parse(readFileSync(STATE_DOC, "utf8")) as typeof doc;
  } catch {
    // No state yet: a fresh store.
  }
  const s = doc[statePath] ?? {};
  return { runs: Array.isArray(s.runs) ? s.runs : [], watermarks: s.watermarks ?? {} };
}

/** Whether a run has written the store of `statePath` yet. */
export function hasState(statePath: string): boolean {
  try {
    const doc = JSON.parse(readFileSync(STATE_DOC, "utf8")) as Record<string, unknown>;
    return Object.hasOwn(doc, statePath);
  } catch {
    return false;
  }
}

/** Saves the store of `statePath` (other state paths' stores are kept). */
export function writeState(statePath: string, state: StateStore): void {
  let doc: Record<string, unknown> = {};
  try {
    doc = JSON.parse(readFileSync(STATE_DOC, "utf8")) as typeof doc;
  } catch {
    // First write.
  }
  doc[statePath] = state as unknown as Json;
  writeJson(STATE_DOC, doc as JsonObject);
}
