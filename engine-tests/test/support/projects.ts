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

/**
 * The replication project with a shell hook on `on_pipeline_start`
 * (examples/playground/pocs/05-orchestration/01-shell-hooks): the hook writes the event JSON
 * it receives on stdin to `hook-fired.json` in the project.
 */
export async function hooksProject(root: string, name: string): Promise<Project> {
  const project = await replicationProject(root, name, "full_refresh");
  mkdirSync(join(project.dir, "hooks"));
  writeFileSync(join(project.dir, "hooks/start.sh"), "#!/bin/sh\ncat > hook-fired.json\n", {
    mode: 0o755,
  });
  writeFileSync(
    join(project.dir, "rocky.toml"),
    `${readFileSync(join(project.dir, "rocky.toml"), "utf8")}
[[hook.on_pipeline_start]]
command = "hooks/start.sh"
timeout_ms = 5000
on_failure = "warn"
`,
  );
  return project;
}

/** A two-model dbt project (`dbt_project.yml`, a source, a ref) for `rocky validate-migration`. */
export function dbtProject(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(
    join(dir, "dbt_project.yml"),
    'name: shop\nversion: "1.0.0"\nprofile: shop\nmodel-paths: ["models"]\n',
  );
  writeFileSync(
    join(dir, "models/sources.yml"),
    "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n",
  );
  writeFileSync(
    join(dir, "models/stg_orders.sql"),
    "select order_id, amount from {{ source('raw', 'orders') }}\n",
  );
  writeFileSync(
    join(dir, "models/orders_total.sql"),
    "select sum(amount) as total from {{ ref('stg_orders') }}\n",
  );
  return dir;
}

/**
 * A data product (examples/playground/pocs/03-ai/08-fulfillment-walking-skeleton, without its
 * replay driver): a transformation pipeline with an agent policy, `products/revenue_daily.toml`
 * and a seeded `wh.duckdb` holding `raw.stripe_charges`, in a git repository with its own
 * committer identity (rocky records the approver from it).
 */
export async function productProject(root: string, name: string): Promise<Project> {
  const dir = join(root, name);
  mkdirSync(join(dir, "models"), { recursive: true });
  mkdirSync(join(dir, "products"));
  writeFileSync(
    join(dir, "rocky.toml"),
    `[adapter]
type = "duckdb"
path = "wh.duckdb"

[pipeline.p]
type = "transformation"
models = "models/**"

[pipeline.p.target]
adapter = "default"

[pipeline.p.target.governance]
auto_create_schemas = true

[policy]
version = 1
default_agent_effect = "require_review"

[[policy.rules]]
principal = "agent"
capability = "propose"
scope = { models = ["revenue_daily"] }
effect = "allow"

[[policy.rules]]
principal = "agent"
capability = "apply"
scope = { models = ["revenue_daily"] }
effect = "require_review"
`,
  );
  writeFileSync(join(dir, "models/_defaults.toml"), '[target]\ncatalog = "wh"\nschema = "out"\n');
  writeFileSync(
    join(dir, "products/revenue_daily.toml"),
    `[product]
name = "revenue_daily"
intent = "Daily gross revenue per client in EUR, refunds excluded"

[product.source]
tables = ["wh.raw.stripe_charges"]

[product.output]
model = "revenue_daily"
grain = ["client_id", "day"]
columns = [
  { name = "client_id", type = "Int64", nullable = true },
  { name = "day", type = "Date", nullable = true },
  { name = "loaded_at", type = "Timestamp", nullable = true },
  { name = "revenue_eur", type = "Float64", nullable = true },
]
checks = ["revenue_eur >= 0"]
freshness = { max_lag = "24h", time_column = "loaded_at" }

[product.trust]
agent = "propose_only"
`,
  );
  // Approvals record the approver from git's identity: give the project its own.
  execFileSync("git", ["-C", dir, "init", "-q"]);
  execFileSync("git", ["-C", dir, "config", "user.email", "engine-tests@example.invalid"]);
  execFileSync("git", ["-C", dir, "config", "user.name", "engine tests"]);
  const db = join(dir, "wh.duckdb");
  await execSql(
    db,
    `create schema raw;
     create table raw.stripe_charges as
       select * from (values (1, timestamp '2026-11-01 10:00:00', 100.0, false),
                             (2, timestamp '2026-11-01 11:00:00', 10.0, true))
         as t(client_id, charged_at, amount_eur, is_refund);`,
  );
  return { dir, db, pipeline: "p", filter: "x=y" };
}

/**
 * The quickstart playground in a git repository for the preview verbs: `main` holds the
 * template as rocky wrote it, and the checked-out branch `pr-42` one commit ahead changes
 * `revenue_summary` (the model a preview prunes). The repository has its own committer.
 */
export async function gitPlayground(root: string, name: string): Promise<Project> {
  const project = await playground(root, "quickstart", name);
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", project.dir, ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("config", "user.email", "engine-tests@example.invalid");
  git("config", "user.name", "engine tests");
  writeFileSync(join(project.dir, ".gitignore"), "*.duckdb*\n.rocky/\nmodels/.rocky-state*\n");
  git("add", "-A");
  git("commit", "-q", "-m", "quickstart");
  git("checkout", "-q", "-b", "pr-42");
  const model = join(project.dir, "models/revenue_summary.sql");
  const sql = readFileSync(model, "utf8");
  const changed = sql.replace("AS avg_order_value", "AS avg_order_value, 1 AS pr_column");
  if (changed === sql) throw new Error("the quickstart's revenue_summary.sql changed shape");
  writeFileSync(model, changed);
  git("commit", "-q", "-am", "revenue_summary: a new column");
  return project;
}
