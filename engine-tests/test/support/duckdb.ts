// Reads (and seeds) a project's DuckDB file directly with @duckdb/node-api, not through rocky,
// so the tests see what the engine really wrote. Open only while no rocky runs: DuckDB allows
// one writer process, and every connection here is closed before returning.
import { createHash } from "node:crypto";
import { DuckDBInstance } from "@duckdb/node-api";

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

/** One relation of the database file. */
export interface Relation {
  /** `schema.name` (the file's own catalog is implied). */
  readonly name: string;
  readonly type: "BASE TABLE" | "VIEW";
}

const LIST = `select table_schema || '.' || table_name, table_type
  from information_schema.tables
  where table_catalog = current_database() and table_type in ('BASE TABLE', 'VIEW')
  order by 1`;

/** Every table and view of the file, sorted. */
export async function listRelations(dbPath: string): Promise<Relation[]> {
  return withDb(dbPath, "READ_ONLY", (c) => relations(c));
}

/** Every base table of the file as `schema.table`, sorted. */
export async function listTables(dbPath: string): Promise<string[]> {
  return (await listRelations(dbPath)).filter((r) => r.type === "BASE TABLE").map((r) => r.name);
}

/**
 * A content hash of every table and view: sha256 over the column names, their types and
 * every row in a stable order (views: their definition and rows). Two equal hashes mean
 * the same relation, byte for byte, as DuckDB returns it.
 */
export async function contentHashes(dbPath: string): Promise<Map<string, string>> {
  return withDb(dbPath, "READ_ONLY", async (c) => {
    const out = new Map<string, string>();
    for (const r of await relations(c)) {
      const rows = await c.runAndReadAll(`select * from ${quoteName(r.name)} order by all`);
      const definition =
        r.type === "VIEW"
          ? (await c.runAndReadAll(viewSql(r.name))).getRows().map((row) => String(row[0]))
          : [];
      const doc = JSON.stringify(
        {
          type: r.type,
          definition,
          columns: rows.columnNames(),
          types: rows.columnTypes().map(String),
          rows: rows.getRowsJson(),
        },
        (_k, v) => (typeof v === "bigint" ? v.toString() : v),
      );
      out.set(r.name, createHash("sha256").update(doc).digest("hex"));
    }
    return out;
  });
}

/** The entries of `hashes` whose relation name does not end with `suffix` (the production side). */
export function withoutShadow(
  hashes: ReadonlyMap<string, string>,
  suffix: string,
): Map<string, string> {
  return new Map([...hashes].filter(([name]) => !name.endsWith(suffix)));
}

/** A relation's row count. */
export async function rowCount(dbPath: string, name: string): Promise<number> {
  return withDb(dbPath, "READ_ONLY", async (c) => {
    const r = await c.runAndReadAll(`select count(*) from ${quoteName(name)}`);
    return Number(r.getRows()[0]?.[0]);
  });
}

/** Runs SQL statements against the file (seeding, appending source rows), then closes it. */
export async function execSql(dbPath: string, sql: string): Promise<void> {
  await withDb(dbPath, "READ_WRITE", async (c) => {
    await c.run(sql);
  });
}

async function relations(c: Connection): Promise<Relation[]> {
  const r = await c.runAndReadAll(LIST);
  return r.getRows().map((row) => ({
    name: String(row[0]),
    type: String(row[1]) === "VIEW" ? "VIEW" : "BASE TABLE",
  }));
}

function viewSql(name: string): string {
  const [schema, view] = splitName(name);
  return `select sql from duckdb_views() where database_name = current_database() and schema_name = '${schema.replaceAll("'", "''")}' and view_name = '${view.replaceAll("'", "''")}'`;
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf(".");
  return [name.slice(0, dot), name.slice(dot + 1)];
}

function quoteName(name: string): string {
  return splitName(name)
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}

async function withDb<T>(
  dbPath: string,
  mode: "READ_ONLY" | "READ_WRITE",
  fn: (c: Connection) => Promise<T>,
): Promise<T> {
  const db = await DuckDBInstance.create(dbPath, { access_mode: mode });
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
