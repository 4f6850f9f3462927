/**
 * What rocky-sim remembers between invocations (its memory folder, project/memory.ts): the
 * simulated warehouse (the tables it holds) and the simulated state store (runs and watermarks,
 * per state path, as rocky keeps one store per `--state-path`). rocky-sim never reads a real
 * warehouse: a table exists for it when the fake project or an earlier simulated run put it
 * there. A DuckDB adapter without `path` is an in-memory database: empty, and nothing written to
 * it outlives the process (rocky-duckdb opens `:memory:`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JsonObject } from "../json.js";
import { type Column, WAREHOUSE_DOC, type WarehouseDoc, type WarehouseTable } from "./fake.js";
import type { ProjectFs } from "./files.js";

/** Where one invocation's memory is: the project's files and its memory folder. */
export interface Memory {
  readonly fs: ProjectFs;
  /** The folder holding `warehouse.json` and `state.json` (project/memory.ts). */
  readonly memoryDir: string;
  readonly statePath: string;
}

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
    private readonly file: string,
  ) {}

  /**
   * The warehouse of the memory folder; before any write there, the project's own (the fake
   * project's under `assumeConfig`), or an empty one.
   */
  static open(m: Memory, inMemory: boolean): Warehouse {
    if (inMemory) return new Warehouse(new Map(), false, "");
    const own = join(m.memoryDir, "warehouse.json");
    const doc = (existsSync(own) ? readJson(m.fs, own) : readJson(m.fs, WAREHOUSE_DOC)) as
      | Partial<WarehouseDoc>
      | undefined;
    const tables = new Map<string, WarehouseTable>();
    for (const [name, t] of Object.entries(doc?.tables ?? {})) {
      if (t !== null && typeof t === "object" && Array.isArray(t.columns)) tables.set(name, t);
    }
    return new Warehouse(tables, true, own);
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
    writeJson(this.file, { tables: Object.fromEntries(this.tables) });
  }
}

function readStates(m: Memory): Record<string, Partial<StateStore>> {
  try {
    return JSON.parse(readFileSync(join(m.memoryDir, "state.json"), "utf8")) as Record<
      string,
      Partial<StateStore>
    >;
  } catch {
    return {};
  }
}

/** The simulated state store of the invocation's state path. */
export function readState(m: Memory): StateStore {
  const s = readStates(m)[m.statePath] ?? {};
  return { runs: Array.isArray(s.runs) ? s.runs : [], watermarks: s.watermarks ?? {} };
}

/** Whether a run has written the store of the state path yet. */
export function hasState(m: Memory): boolean {
  return Object.hasOwn(readStates(m), m.statePath);
}

/** Saves the store of the state path (other state paths' stores are kept). */
export function writeState(m: Memory, state: StateStore): void {
  const doc: Record<string, unknown> = readStates(m);
  doc[m.statePath] = state;
  writeJson(join(m.memoryDir, "state.json"), doc as JsonObject);
}
