// The rocky projects the engine suite makes for itself, each in its own directory under a
// temp root, each backed by a DuckDB file that holds seeded data (so any write shows).
// Configs follow rocky's own examples at 98e7d385 (examples/playground/pocs/...) and the
// structs they deserialize into (engine/crates/rocky-core/src/config.rs).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execSql } from "./duckdb.js";
import { ROCKY_BIN } from "./engine.js";

/** One project: its directory, its DuckDB file and how to select its work. */
export interface Project {
  readonly dir: string;
  readonly db: string;
  /** The pipeline a run selects (the project's only one). */
  readonly pipeline: string;
  /** The `--filter` its runs take (`run()` requires one; transformation pipelines ignore it). */
  readonly filter: string;
}

/** A temp directory for one test file's projects; `remove()` deletes it (call it in afterAll). */
export function tempRoot(label: string): { readonly root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), `rocky-engine-${label}-`));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export type PlaygroundTemplate = "quickstart" | "ecommerce" | "showcase";

/**
 * `rocky playground <dir> --template <t>`. The quickstart is file-backed and seeded by rocky
 * itself (playground.rs `seed_quickstart_db`): a transformation pipeline over
 * `raw__orders.orders`. ecommerce and showcase are written with an in-memory DuckDB and an
 * unapplied `data/seed.sql`; here they are made file-backed and seeded:
 * - the adapter gets `path = "warehouse.duckdb"`, so the template's own
 *   `catalog_template = "warehouse"` names the file's catalog;
 * - `data/seed.sql` is applied (it creates `source.raw_*`);
 * - the seeded orders and customers are also placed where the template's replication
 *   pipeline discovers sources (`raw__shop.*`, its `raw__{source}` schema pattern);
 * - the schemas its targets name are created, since the template sets
 *   `auto_create_schemas = false`: `ecommerce__shop` (replication) and `sources`, `staging`,
 *   `intermediate`, `marts` (its models' `[target]` blocks).
 */
export async function playground(
  root: string,
  template: PlaygroundTemplate,
  name: string = template,
): Promise<Project> {
  const dir = join(root, name);
  execFileSync(ROCKY_BIN, ["playground", dir, "--template", template], { stdio: "ignore" });
  if (template === "quickstart") {
    return { dir, db: join(dir, "playground.duckdb"), pipeline: "playground", filter: "x=y" };
  }
  const config = join(dir, "rocky.toml");
  const text = readFileSync(config, "utf8");
  const fileBacked = text.replace(
    /^\[adapter\.local\]\ntype = "duckdb"\n/m,
    '[adapter.local]\ntype = "duckdb"\npath = "warehouse.duckdb"\n',
  );
  if (fileBacked === text) throw new Error(`${template}: the template's [adapter.local] moved`);
  writeFileSync(config, fileBacked);
  const db = join(dir, "warehouse.duckdb");
  await execSql(db, readFileSync(join(dir, "data/seed.sql"), "utf8"));
  await execSql(
    db,
    `create schema raw__shop;
     create table raw__shop.orders as select * from source.raw_orders;
     create table raw__shop.customers as select * from source.raw_customers;
     create schema ecommerce__shop;
     create schema sources;
     create schema staging;
     create schema intermediate;
     create schema marts;`,
  );
  return { dir, db, pipeline: "ecommerce", filter: "source=shop" };
}

/** A replication project's strategy (config.rs `ReplicationPipelineConfig::strategy`). */
export type ReplicationStrategy = "full_refresh" | "incremental";

/** A replication project, with a way to add source rows between runs. */
export interface ReplicationProject extends Project {
  readonly strategy: ReplicationStrategy;
  /** Appends `n` orders to the source with later `updated_at` values. */
  appendOrders(n: number): Promise<void>;
}

/**
 * DuckDB → DuckDB replication (examples/playground/pocs/00-foundations/01-replication-basics,
 * 02-performance/01-incremental-watermark, 00-foundations/11-plan-apply-workflow): two sources,
 * `raw__orders.orders` and `raw__customers.customers`, copied into `staging__<source>` of the
 * same file. Runs select `source=orders`, so `customers` is a source nothing should touch.
 * `autoCreateCatalogs` turns on catalog governance, the step where rocky applies (and checks)
 * a `--governance-override` (run.rs: `validate_workspace_ids` before creating the catalog).
 */
export async function replicationProject(
  root: string,
  name: string,
  strategy: ReplicationStrategy,
  options: { autoCreateCatalogs?: boolean } = {},
): Promise<ReplicationProject> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "rocky.toml"),
    `[adapter]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.replicate]
strategy = "${strategy}"
timestamp_column = "updated_at"

[pipeline.replicate.source.schema_pattern]
prefix = "raw__"
separator = "__"
components = ["source"]

[pipeline.replicate.target]
catalog_template = "warehouse"
schema_template = "staging__{source}"

[pipeline.replicate.target.governance]
auto_create_schemas = true
${options.autoCreateCatalogs === true ? "auto_create_catalogs = true\n" : ""}`,
  );
  const db = join(dir, "warehouse.duckdb");
  await execSql(
    db,
    `create schema raw__orders;
     create table raw__orders.orders as
       select i as order_id, i % 25 as customer_id, round(i * 1.5, 2) as amount,
              timestamp '2026-01-01' + to_minutes(i) as updated_at
       from generate_series(1, 200) as t(i);
     create schema raw__customers;
     create table raw__customers.customers as
       select i as customer_id, 'customer ' || i as name,
              timestamp '2026-01-01' + to_minutes(i) as updated_at
       from generate_series(0, 24) as t(i);`,
  );
  let next = 201;
  return {
    dir,
    db,
    pipeline: "replicate",
    filter: "source=orders",
    strategy,
    async appendOrders(n) {
      const from = next;
      next += n;
      await execSql(
        db,
        `insert into raw__orders.orders
           select i, i % 25, round(i * 1.5, 2), timestamp '2026-02-01' + to_minutes(i)
           from generate_series(${from}, ${from + n - 1}) as t(i);`,
      );
    },
  };
}

/**
 * A quality pipeline (examples/playground/pocs/01-quality/06-quality-pipeline-standalone): row
 * count and row-level assertions over `staging__orders.orders`, with row quarantine in split
 * mode, so a run writes `orders__valid` and `orders__quarantine` next to the checked table.
 */
export async function qualityProject(root: string, name: string): Promise<Project> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "rocky.toml"),
    `[adapter]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.nightly_dq]
type = "quality"

[pipeline.nightly_dq.target]
adapter = "default"

[[pipeline.nightly_dq.tables]]
catalog = "warehouse"
schema = "staging__orders"
table = "orders"

[pipeline.nightly_dq.checks]
enabled = true
row_count = true
fail_on_error = false

[pipeline.nightly_dq.checks.quarantine]
enabled = true
mode = "split"

[[pipeline.nightly_dq.checks.assertions]]
name = "orders_customer_id_required"
table = "orders"
type = "not_null"
column = "customer_id"
severity = "error"

[[pipeline.nightly_dq.checks.assertions]]
name = "orders_status_allowed"
table = "orders"
type = "accepted_values"
column = "status"
values = ["pending", "shipped"]
severity = "error"
`,
  );
  const db = join(dir, "warehouse.duckdb");
  await execSql(
    db,
    `create schema staging__orders;
     create table staging__orders.orders as
       select i as order_id,
              case when i % 20 = 0 then null else i % 7 end as customer_id,
              case when i % 2 = 0 then 'pending' when i % 33 = 0 then 'lost' else 'shipped' end as status
       from generate_series(1, 100) as t(i);`,
  );
  return { dir, db, pipeline: "nightly_dq", filter: "x=y" };
}

/**
 * A load pipeline (examples/playground/pocs/00-foundations/09-files-to-duckdb; config.rs
 * `LoadPipelineConfig`): every file of `data/` loaded into `main.<file stem>`, format
 * auto-detected by extension. The file also holds a seeded table the load must not touch.
 */
export async function loadProject(root: string, name: string): Promise<Project> {
  const dir = join(root, name);
  mkdirSync(join(dir, "data"), { recursive: true });
  writeFileSync(
    join(dir, "rocky.toml"),
    `[adapter]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.ingest]
type = "load"
source_dir = "data/"

[pipeline.ingest.target]
catalog = ""
schema = "main"

[pipeline.ingest.options]
create_table = true
truncate_first = true
`,
  );
  writeFileSync(
    join(dir, "data/customers.csv"),
    `customer_id,name\n${Array.from({ length: 30 }, (_, i) => `${i + 1},customer ${i + 1}`).join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "data/events.jsonl"),
    `${Array.from({ length: 12 }, (_, i) => JSON.stringify({ event_id: i + 1, kind: i % 2 === 0 ? "view" : "click" })).join("\n")}\n`,
  );
  const db = join(dir, "warehouse.duckdb");
  await execSql(db, "create table main.untouched as select 1 as id;");
  return { dir, db, pipeline: "ingest", filter: "x=y" };
}
