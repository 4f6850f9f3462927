// The projects the differential corpus runs in, built once per suite: rocky's own playground
// templates, rocky-sim's fake project in each shape it writes (its simulated warehouse seeded
// into the DuckDB file, so both sides see the same tables), load and snapshot pipelines, two
// pipelines in one file, a replication project whose simulated warehouse is missing (the one
// shape where rocky-sim and rocky see different tables, by design), and a folder without a config.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeSimProject } from "@dagster-rocky/testing";
import { DuckDBInstance } from "@duckdb/node-api";

export const PROJECTS = [
  "quickstart",
  "ecommerce",
  "replication",
  "transformation",
  "quality",
  "load",
  "snapshot",
  "multi",
  "unsimulated",
  "empty",
] as const;
export type ProjectName = (typeof PROJECTS)[number];

/** Runs the project's `data/seed.sql` (rocky-sim's simulated warehouse) against its DuckDB file. */
async function seedFromSimulatedWarehouse(dir: string): Promise<void> {
  const sql = readFileSync(join(dir, "data", "seed.sql"), "utf8");
  const db = await DuckDBInstance.create(join(dir, "warehouse.duckdb"));
  const c = await db.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const LOAD_TOML = `[adapter.default]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.ingest]
type = "load"
source_dir = "data/"

[pipeline.ingest.target]
catalog = "warehouse"
schema = "main"

[pipeline.ingest.options]
create_table = true
truncate_first = true
`;

const SNAPSHOT_TOML = `[adapter.default]
type = "duckdb"
path = "warehouse.duckdb"

[pipeline.customers_history]
type = "snapshot"
unique_key = ["customer_id"]
updated_at = "order_date"

[pipeline.customers_history.source]
catalog = "warehouse"
schema = "raw__acme"
table = "orders"

[pipeline.customers_history.target]
catalog = "warehouse"
schema = "history"
table = "orders_history"
`;

/** Builds every project under `root`; returns their folders. */
export async function buildProjects(
  root: string,
  rocky: string,
): Promise<Record<ProjectName, string>> {
  const dirs = Object.fromEntries(PROJECTS.map((p) => [p, join(root, p)])) as Record<
    ProjectName,
    string
  >;
  mkdirSync(root, { recursive: true });
  const env = { PATH: process.env.PATH ?? "", HOME: root };
  for (const template of ["quickstart", "ecommerce"] as const) {
    execFileSync(rocky, ["playground", template, "--template", template], {
      cwd: root,
      env,
      stdio: "ignore",
    });
  }
  for (const shape of ["replication", "transformation", "quality"] as const) {
    await writeSimProject(dirs[shape], { shape });
    await seedFromSimulatedWarehouse(dirs[shape]);
  }
  // load: two CSV files; snapshot: a source table of the simulated warehouse.
  mkdirSync(join(dirs.load, "data"), { recursive: true });
  writeFileSync(join(dirs.load, "rocky.toml"), LOAD_TOML);
  writeFileSync(join(dirs.load, "data", "customers.csv"), "id,name\n1,a\n2,b\n");
  writeFileSync(join(dirs.load, "data", "orders.csv"), "id,amount\n1,10\n2,20\n3,30\n");
  await writeSimProject(dirs.snapshot);
  writeFileSync(join(dirs.snapshot, "rocky.toml"), SNAPSHOT_TOML);
  await seedFromSimulatedWarehouse(dirs.snapshot);
  // multi: a replication and a transformation pipeline in one file.
  const multi = await writeSimProject(dirs.multi, { pipeline: "replicate" });
  const transformation = readFileSync(
    join(
      (
        await writeSimProject(join(root, ".multi-t"), {
          shape: "transformation",
          pipeline: "transform",
        })
      ).dir,
      "rocky.toml",
    ),
    "utf8",
  ).replace(/\[adapter\.default\][^[]*/, "");
  writeFileSync(multi.configPath, `${readFileSync(multi.configPath, "utf8")}\n${transformation}`);
  await seedFromSimulatedWarehouse(dirs.multi);
  // unsimulated: the replication project whose warehouse rocky-sim is not told about.
  cpSync(dirs.replication, dirs.unsimulated, { recursive: true });
  rmSync(join(dirs.unsimulated, ".rocky-sim"), { recursive: true, force: true });
  mkdirSync(dirs.empty, { recursive: true });
  return dirs;
}
