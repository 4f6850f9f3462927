// Reads the playground's DuckDB file directly (not through rocky), so the tests see
// what the engine really wrote.
import { DuckDBInstance } from "@duckdb/node-api";

/** Every base table of the database file as `schema.table`. */
export async function listTables(dbPath: string): Promise<string[]> {
  return withDb(dbPath, async (c) => {
    const r = await c.runAndReadAll(
      "select table_schema || '.' || table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1",
    );
    return r.getRows().map((row) => String(row[0]));
  });
}

/** A table's rows, in a stable order, as one JSON string (byte-for-byte comparable). */
export async function tableContents(dbPath: string, table: string): Promise<string> {
  return withDb(dbPath, async (c) => {
    const r = await c.runAndReadAll(`select * from ${table} order by all`);
    return JSON.stringify({ columns: r.columnNames(), rows: r.getRowsJson() }, (_k, v) =>
      typeof v === "bigint" ? v.toString() : v,
    );
  });
}

/** Snapshot of every listed table's contents. */
export async function snapshot(
  dbPath: string,
  tables: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of tables) out.set(t, await tableContents(dbPath, t));
  return out;
}

async function withDb<T>(
  dbPath: string,
  fn: (c: Awaited<ReturnType<DuckDBInstance["connect"]>>) => Promise<T>,
): Promise<T> {
  // Read-only, and closed before rocky runs again: DuckDB allows one writer process.
  const db = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
