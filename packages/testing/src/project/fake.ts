/**
 * rocky-sim's one fake project, as files: a `rocky.toml` for each pipeline shape rocky has
 * (replication, transformation, quality), three transformation models in `models/` for the
 * transformation shape (sidecar TOML and SQL, as rocky-core models.rs reads them), the simulated
 * warehouse those read (`.rocky-sim/warehouse.json`) and the same tables as SQL (`data/seed.sql`).
 * `assumeConfig` overlays these files (models included) on the cwd; `writeSimProject` writes them
 * into a folder, where a real rocky reads the same project.
 */

/** The pipeline shapes rocky-sim can write (rocky-core config.rs `PipelineConfig`). */
export type SimProjectShape = "replication" | "transformation" | "quality";

/** The DuckDB file the fake project names; rocky opens it relative to the cwd. */
const WAREHOUSE_FILE = "warehouse.duckdb";
/** DuckDB names a file's catalog after the file's stem. */
export const FAKE_CATALOG = "warehouse";
/** The fake warehouse's sources (`raw__<source>` schemas): the tenants acme, globex, initech. */
export const FAKE_TENANTS: readonly string[] = ["acme", "globex", "initech"];

/** How the fake project names its sources. */
export interface SourceNaming {
  /** The one `schema_pattern` component (`tenant` by default). */
  readonly component: string;
  /** Its values: one `raw__<value>` schema each (default `FAKE_TENANTS`). */
  readonly sources: readonly string[];
}

export const DEFAULT_NAMING: SourceNaming = { component: "tenant", sources: FAKE_TENANTS };

/** A column name and its SQL type. */
export type Column = readonly [string, string];

/** The source tables each `raw__<tenant>` schema holds, with their columns and row counts. */
const SOURCE_TABLES: readonly { name: string; columns: readonly Column[]; rows: number }[] = [
  {
    name: "orders",
    columns: [
      ["order_id", "BIGINT"],
      ["customer_id", "BIGINT"],
      ["amount", "DOUBLE"],
      ["status", "VARCHAR"],
      ["order_date", "DATE"],
    ],
    rows: 100,
  },
  {
    name: "customers",
    columns: [
      ["customer_id", "BIGINT"],
      ["name", "VARCHAR"],
    ],
    rows: 50,
  },
  {
    name: "payments",
    columns: [
      ["payment_id", "BIGINT"],
      ["order_id", "BIGINT"],
      ["amount", "DOUBLE"],
    ],
    rows: 150,
  },
];

/** One model of the fake project. */
export interface FakeModel {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly columns: readonly Column[];
  readonly sql: string;
}

/** The fake project's transformation models, in DAG order (the playground's quickstart shape). */
export const FAKE_MODELS: readonly FakeModel[] = [
  {
    name: "raw_orders",
    dependsOn: [],
    columns: [
      ["order_id", "BIGINT"],
      ["customer_id", "BIGINT"],
      ["amount", "DOUBLE"],
      ["status", "VARCHAR"],
      ["order_date", "DATE"],
    ],
    sql: "SELECT\n    order_id,\n    customer_id,\n    amount,\n    status,\n    order_date\nFROM raw__acme.orders\n",
  },
  {
    name: "customer_orders",
    dependsOn: ["raw_orders"],
    columns: [
      ["customer_id", "BIGINT"],
      ["total_revenue", "DOUBLE"],
      ["order_count", "BIGINT"],
    ],
    sql: "SELECT\n    customer_id,\n    SUM(amount) AS total_revenue,\n    COUNT(*) AS order_count\nFROM raw_orders\nWHERE status <> 'cancelled'\nGROUP BY customer_id\n",
  },
  {
    name: "revenue_summary",
    dependsOn: ["customer_orders"],
    columns: [
      ["customer_id", "BIGINT"],
      ["total_revenue", "DOUBLE"],
      ["order_count", "BIGINT"],
      ["avg_order_value", "DOUBLE"],
    ],
    sql: "SELECT\n    customer_id,\n    total_revenue,\n    order_count,\n    total_revenue / order_count AS avg_order_value\nFROM customer_orders\nWHERE order_count >= 2\n",
  },
];

const ADAPTER = `[adapter.default]
type = "duckdb"
path = "${WAREHOUSE_FILE}"
`;

/** The `rocky.toml` of a shape, with its one pipeline named `pipeline`. */
export function fakeConfig(
  shape: SimProjectShape,
  pipeline = "default",
  naming: SourceNaming = DEFAULT_NAMING,
): string {
  const p = `pipeline.${pipeline}`;
  const head = `# A rocky project written by @dagster-rocky/testing (rocky-sim's fake project, ${shape}).\n`;
  if (shape === "transformation") {
    return `${head}${ADAPTER}
[${p}]
type = "transformation"
models = "models/**"

[${p}.target]
adapter = "default"

[${p}.target.governance]
auto_create_schemas = true
`;
  }
  if (shape === "quality") {
    const tables = naming.sources
      .map(
        (t) =>
          `[[${p}.tables]]\ncatalog = "${FAKE_CATALOG}"\nschema = "raw__${t}"\ntable = "orders"\n`,
      )
      .join("\n");
    return `${head}${ADAPTER}
[${p}]
type = "quality"

[${p}.target]
adapter = "default"

${tables}
[${p}.checks]
enabled = true
row_count = true
`;
  }
  return `${head}${ADAPTER}
[${p}]
type = "replication"
strategy = "full_refresh"

[${p}.source]
adapter = "default"

[${p}.source.discovery]
adapter = "default"

[${p}.source.schema_pattern]
prefix = "raw__"
separator = "__"
components = ["${naming.component}"]

[${p}.target]
adapter = "default"
catalog_template = "${FAKE_CATALOG}"
schema_template = "staging__{${naming.component}}"

[${p}.target.governance]
auto_create_schemas = true
`;
}

/** The project rocky-sim assumes when a scenario sets `assumeConfig: true` (a replication one). */
export const DEFAULT_PROJECT_TOML: string = fakeConfig("replication");

/** A table of the simulated warehouse. */
export interface WarehouseTable {
  readonly columns: readonly Column[];
  readonly rows: number;
}

/** The simulated warehouse: tables by `catalog.schema.table`. */
export interface WarehouseDoc {
  readonly tables: Readonly<Record<string, WarehouseTable>>;
}

/** The fake warehouse: each source's `raw__<source>` schema with the source tables. */
export function fakeWarehouse(sources: readonly string[] = FAKE_TENANTS): WarehouseDoc {
  const tables: Record<string, WarehouseTable> = {};
  for (const tenant of sources) {
    for (const t of SOURCE_TABLES) {
      tables[`${FAKE_CATALOG}.raw__${tenant}.${t.name}`] = { columns: t.columns, rows: t.rows };
    }
  }
  return { tables };
}

/** A value of `type` for row `i` of `column`: the seed's rows only need to exist and be typed. */
function literal(type: string, i: number, column: string): string {
  if (type === "DATE") return `DATE '2026-01-01' + ${i}`;
  if (type === "VARCHAR") {
    return column === "status" ? `'${i % 4 === 0 ? "cancelled" : "shipped"}'` : `'v${i}'`;
  }
  return `${i + 1}`;
}

/**
 * `data/seed.sql`: the fake warehouse's tables as DuckDB SQL. `rocky test` loads it into its
 * in-memory database (test.rs), and running it against `warehouse.duckdb` gives a real rocky the
 * tables rocky-sim simulates.
 */
export function seedSql(doc: WarehouseDoc = fakeWarehouse()): string {
  const lines = ["-- The tables of rocky-sim's simulated warehouse (.rocky-sim/warehouse.json)."];
  const schemas = new Set<string>();
  for (const [name, t] of Object.entries(doc.tables)) {
    const [, schema, table] = name.split(".") as [string, string, string];
    if (!schemas.has(schema)) {
      schemas.add(schema);
      lines.push(`CREATE SCHEMA IF NOT EXISTS ${schema};`);
    }
    lines.push(
      `CREATE TABLE ${schema}.${table} (${t.columns.map(([c, ty]) => `${c} ${ty}`).join(", ")});`,
    );
    if (t.rows > 0) {
      const rows = Array.from(
        { length: t.rows },
        (_, i) => `(${t.columns.map(([c, ty]) => literal(ty, i, c)).join(", ")})`,
      );
      lines.push(`INSERT INTO ${schema}.${table} VALUES ${rows.join(", ")};`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Where the simulated warehouse lives, relative to the cwd (rocky ignores this folder). */
export const WAREHOUSE_DOC = ".rocky-sim/warehouse.json";

/** Every file of the fake project, by path relative to the project folder. */
export function fakeProjectFiles(
  shape: SimProjectShape,
  pipeline = "default",
  naming: SourceNaming = DEFAULT_NAMING,
  config: string = fakeConfig(shape, pipeline, naming),
  withModels: boolean = shape === "transformation",
): Record<string, string> {
  const files: Record<string, string> = { "rocky.toml": config };
  // The models folder is what rocky reads for a transformation pipeline; a replication or quality
  // project has none (a `models/` folder would turn `plan` into a run plan, plan.rs).
  for (const m of withModels ? FAKE_MODELS : []) {
    const deps =
      m.dependsOn.length === 0
        ? ""
        : `depends_on = [${m.dependsOn.map((d) => JSON.stringify(d)).join(", ")}]\n\n`;
    files[`models/${m.name}.toml`] =
      `${deps}[strategy]\ntype = "full_refresh"\n\n[target]\ncatalog = "${FAKE_CATALOG}"\nschema = "main"\n`;
    files[`models/${m.name}.sql`] = m.sql.replace("raw__acme.", `raw__${naming.sources[0]}.`);
  }
  const warehouse = fakeWarehouse(naming.sources);
  files["data/seed.sql"] = seedSql(warehouse);
  files[WAREHOUSE_DOC] = `${JSON.stringify(warehouse, null, 2)}\n`;
  return files;
}
