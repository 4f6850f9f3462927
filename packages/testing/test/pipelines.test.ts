// rocky-sim runs every pipeline type as rocky 1.71 does (run.rs's arms): transformation models
// in DAG order with the shadow rewrite, quality checks, load reports and the snapshot arm, over
// projects written by writeSimProject, and compare reads the tables runs wrote.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRockySimulator,
  type RockySimulator,
  type SimProjectShape,
  writeSimProject,
} from "../src/index.js";
import { rocky, type SimResult } from "./helpers.js";

let sim: RockySimulator;
const dirs: string[] = [];
beforeAll(async () => {
  sim = await createRockySimulator();
});
afterAll(async () => {
  await sim.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function project(shape: SimProjectShape, toml?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "rocky-sim-pipelines-"));
  dirs.push(dir);
  await writeSimProject(dir, { shape });
  if (toml !== undefined) writeFileSync(join(dir, "rocky.toml"), toml);
  return dir;
}

const run = (cwd: string, args: string[]): Promise<SimResult> =>
  rocky(sim.binaryPath, ["--output", "json", ...args], { cwd });

interface RunJson {
  status: string;
  pipeline_type: string;
  filter: string;
  tables_copied: number;
  tables_failed: number;
  shadow?: boolean;
  materializations: { asset_key: string[]; metadata: Record<string, unknown> }[];
  check_results: { asset_key: string[]; checks: Record<string, unknown>[] }[];
  errors?: { asset_key: string[]; error: string }[];
  metrics: unknown;
  cost_summary?: unknown;
}
const json = (r: SimResult): RunJson => JSON.parse(r.stdout) as RunJson;

describe("a transformation pipeline runs its models (run_local.rs run_transformation)", () => {
  it("every model, in DAG order, materialized as [catalog, schema, table]", async () => {
    const r = await run(await project("transformation"), ["run"]);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({
      status: "Success",
      pipeline_type: "transformation",
      tables_copied: 0,
      tables_failed: 0,
      metrics: null,
    });
    expect(out.shadow).toBeUndefined();
    expect(out.materializations.map((m) => m.asset_key)).toEqual([
      ["warehouse", "main", "raw_orders"],
      ["warehouse", "main", "customer_orders"],
      ["warehouse", "main", "revenue_summary"],
    ]);
    expect(out.materializations[0]?.metadata).toMatchObject({
      strategy: "full_refresh",
      target_table_full_name: "warehouse.main.raw_orders",
      column_count: 5,
    });
    expect(out.materializations[0]?.metadata.sql_hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("--filter does not select models: rocky prints an empty filter and runs them all", async () => {
    const out = json(await run(await project("transformation"), ["run", "--filter", "tenant=x"]));
    expect(out.filter).toBe("");
    expect(out.materializations).toHaveLength(3);
  });

  it("the shadow suffix renames every table, in the asset key too; --shadow-schema moves them", async () => {
    const dir = await project("transformation");
    const suffixed = json(await run(dir, ["run", "--shadow", "--shadow-suffix", "_dagster_pr_42"]));
    expect(suffixed.shadow).toBe(true);
    expect(suffixed.materializations.map((m) => m.metadata.target_table_full_name)).toEqual([
      "warehouse.main.raw_orders_dagster_pr_42",
      "warehouse.main.customer_orders_dagster_pr_42",
      "warehouse.main.revenue_summary_dagster_pr_42",
    ]);
    expect(suffixed.materializations[0]?.asset_key).toEqual([
      "warehouse",
      "main",
      "raw_orders_dagster_pr_42",
    ]);
    const moved = json(await run(dir, ["run", "--shadow", "--shadow-schema", "pr_42"]));
    expect(moved.materializations[0]?.asset_key).toEqual(["warehouse", "pr_42", "raw_orders"]);
  });

  it("a suffix that makes an invalid identifier fails the run: JSON, then exit 1", async () => {
    const r = await run(await project("transformation"), [
      "run",
      "--shadow",
      "--shadow-suffix",
      "bad-suffix",
    ]);
    expect(r.code).toBe(1);
    const out = json(r);
    expect(out).toMatchObject({ status: "Failure", tables_failed: 1, materializations: [] });
    expect(out.shadow).toBeUndefined();
    expect(out.errors?.[0]).toMatchObject({
      asset_key: ["<runtime>"],
      error:
        "shadow target for model 'raw_orders' has an invalid table identifier: invalid SQL identifier 'raw_ordersbad-suffix': must match [a-zA-Z0-9_]+",
    });
    expect(r.stderr).toMatch(/Error: 1 model\(s\) failed \(run_id: run-\d{8}-\d{6}-\d{3}, see/);
  });

  it("an empty suffix would write over production: refused the same way", async () => {
    const r = await run(await project("transformation"), ["run", "--shadow", "--shadow-suffix="]);
    expect(r.code).toBe(1);
    expect(json(r).errors?.[0]?.error).toMatch(/collides with the production target/);
  });

  it("a models folder that does not exist is a run that does nothing", async () => {
    const toml = `[adapter.default]\ntype = "duckdb"\npath = "w.duckdb"\n[pipeline.t]\ntype = "transformation"\nmodels = "nothing/**"\n`;
    const r = await run(await project("transformation", toml), ["run"]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ status: "Success", materializations: [] });
  });

  it("discover and plan refuse it: they take replication pipelines only (registry.rs)", async () => {
    const dir = await project("transformation");
    for (const verb of ["discover", "plan"]) {
      const r = await run(dir, [verb]);
      expect(r.code, verb).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        "Error: pipeline 'default' is type 'transformation', but this command only supports replication pipelines\n",
      );
    }
  });
});

describe("compare reads the tables runs wrote (compare.rs)", () => {
  it("without shadow tables every comparison fails: JSON, then exit 1", async () => {
    const dir = await project("transformation");
    const r = await run(dir, ["compare"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ tables_compared: 3, tables_failed: 3 });
    expect(r.stderr).toMatch(/Error: 3 table\(s\) failed comparison\n$/);
  });

  it("after a production and a shadow run the tables match", async () => {
    const dir = await project("transformation");
    await run(dir, ["run"]);
    await run(dir, ["run", "--shadow"]);
    const r = await run(dir, ["compare"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tables_passed: 3, overall_verdict: "pass" });
    // Models in load order (the folder's SQL files by path), as compare.rs reads them.
    expect(out.results.map((x: { production_table: string }) => x.production_table)).toEqual([
      "warehouse.main.customer_orders",
      "warehouse.main.raw_orders",
      "warehouse.main.revenue_summary",
    ]);
    expect(out.results[1]).toMatchObject({
      production_table: "warehouse.main.raw_orders",
      shadow_table: "warehouse.main.raw_orders_rocky_shadow",
      row_count_match: true,
      schema_match: true,
    });
  });

  it("a shadow run alone leaves production missing: the shadow's columns are ColumnAdded", async () => {
    const dir = await project("replication");
    await run(dir, ["run", "--shadow", "--filter", "tenant=acme"]);
    const out = JSON.parse((await run(dir, ["compare", "--filter", "tenant=acme"])).stdout);
    expect(out.results[0]).toMatchObject({ verdict: "fail", schema_match: false });
    expect(out.results[0].schema_diffs[0]).toBe('ColumnAdded { name: "customer_id" }');
  });

  it("a transformation pipeline whose models folder is missing cannot compare", async () => {
    const toml = `[adapter.default]\ntype = "duckdb"\npath = "w.duckdb"\n[pipeline.t]\ntype = "transformation"\nmodels = "nothing/**"\n`;
    const r = await run(await project("transformation", toml), ["compare"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: models directory '\.\/nothing\/' does not exist/);
  });

  it("thresholds may be an array of the struct's fields, as serde reads a struct", async () => {
    const dir = await project("transformation");
    const r = await run(dir, ["compare", "--thresholds", "[0.5]"]);
    expect(r.stderr).not.toMatch(/failed to parse thresholds/);
    const bad = await run(dir, ["compare", "--thresholds", "[1, 2, true, 4]"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: failed to parse thresholds JSON/);
  });
});

describe("quality, load and snapshot pipelines", () => {
  it("quality reports a row_count check per table and copies nothing", async () => {
    const r = await run(await project("quality"), ["run", "--shadow"]);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ pipeline_type: "quality", materializations: [], metrics: null });
    expect(out.shadow).toBeUndefined();
    expect(out).not.toHaveProperty("cost_summary");
    expect(out.check_results.map((c) => c.asset_key)).toEqual([
      ["warehouse", "raw__acme", "orders"],
      ["warehouse", "raw__globex", "orders"],
      ["warehouse", "raw__initech", "orders"],
    ]);
    expect(out.check_results[0]?.checks[0]).toEqual({
      name: "row_count",
      passed: true,
      severity: "error",
      source_count: 100,
      target_count: 100,
    });
  });

  it("a failing check (scenario failingChecks) fails a quality run after the JSON", async () => {
    const s = await createRockySimulator({ commands: { run: { failingChecks: true } } });
    try {
      const r = await rocky(s.binaryPath, ["run"], { cwd: await project("quality") });
      expect(r.code).toBe(1);
      const out = json(r);
      expect(out.tables_failed).toBe(1);
      expect(out.check_results[2]?.checks[0]).toMatchObject({ passed: false, target_count: 99 });
      expect(r.stderr).toMatch(
        /Error: quality pipeline failed: 1 error-severity check\(s\) failed\n$/,
      );
    } finally {
      await s.cleanup();
    }
  });

  it("a replication pipeline with [checks] reports them per copied table", async () => {
    const dir = await project("replication");
    const toml = `${(await import("node:fs")).readFileSync(join(dir, "rocky.toml"), "utf8")}\n[pipeline.default.checks]\nrow_count = true\ncolumn_match = true\n`;
    writeFileSync(join(dir, "rocky.toml"), toml);
    const out = json(await run(dir, ["run", "--filter", "tenant=acme"]));
    expect(out.check_results).toHaveLength(3);
    expect(out.check_results[0]?.checks.map((c) => c.name)).toEqual(["row_count", "column_match"]);
  });

  it("load prints a load report of the source folder's files (load.rs)", async () => {
    const toml = `[adapter.default]\ntype = "duckdb"\npath = "w.duckdb"\n[pipeline.ingest]\ntype = "load"\nsource_dir = "data/"\n[pipeline.ingest.target]\ncatalog = "w"\nschema = "main"\n`;
    const dir = await project("replication", toml);
    mkdirSync(join(dir, "data"), { recursive: true });
    rmSync(join(dir, "data", "seed.sql"));
    writeFileSync(join(dir, "data", "orders.csv"), "id,amount\n1,10\n2,20\n");
    const r = await run(dir, ["run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      command: "load",
      files_loaded: 1,
      total_rows: 2,
      files: [{ file: "data/orders.csv", target: "w.main.orders", rows_loaded: 2 }],
    });
    const shadow = await run(dir, ["run", "--shadow"]);
    expect(shadow.code).toBe(1);
    expect(shadow.stderr).toMatch(/^Error: --shadow \/ --branch is not supported for load/);
  });

  it("a snapshot on DuckDB fails as rocky's MERGE does there: JSON, then exit 1", async () => {
    const toml = `[adapter.default]\ntype = "duckdb"\npath = "w.duckdb"\n[pipeline.h]\ntype = "snapshot"\nunique_key = ["id"]\nupdated_at = "t"\n[pipeline.h.source]\ncatalog = "w"\nschema = "raw"\ntable = "c"\n[pipeline.h.target]\ncatalog = "w"\nschema = "hist"\ntable = "c_hist"\n`;
    const r = await run(await project("replication", toml), ["run"]);
    expect(r.code).toBe(1);
    expect(json(r)).toMatchObject({ pipeline_type: "snapshot", tables_failed: 1 });
    expect(r.stderr).toMatch(/Error: snapshot pipeline failed\n$/);
  });
});

describe("the warehouse rocky-sim simulates (no invented tables)", () => {
  it("an in-memory DuckDB (no path) holds nothing", async () => {
    const dir = await project("replication");
    const toml = (await import("node:fs"))
      .readFileSync(join(dir, "rocky.toml"), "utf8")
      .replace('path = "warehouse.duckdb"\n', "");
    writeFileSync(join(dir, "rocky.toml"), toml);
    const out = JSON.parse((await run(dir, ["discover"])).stdout);
    expect(out.sources).toEqual([]);
    expect(json(await run(dir, ["run"])).materializations).toEqual([]);
  });

  it("a project without rocky-sim's simulated warehouse has no tables", async () => {
    const dir = await project("replication");
    rmSync(join(dir, ".rocky-sim"), { recursive: true });
    expect(JSON.parse((await run(dir, ["discover"])).stdout).sources).toEqual([]);
  });
});

describe("--state-path names the run's own state store, whose folder must exist (run.rs)", () => {
  it("a missing folder fails the run before anything is written; the claim says so with a key", async () => {
    for (const shape of ["replication", "transformation"] as const) {
      const dir = await project(shape);
      const flag = "--state-path=.rocky-state/pr.redb";
      const r = await run(dir, [flag, "run", "--shadow"]);
      expect(r.code, shape).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe(
        "Error: failed to open state store at .rocky-state/pr.redb",
      );
      const k = await run(dir, [flag, "run", "--shadow", "--idempotency-key", "k"]);
      expect(k.stderr.split("\n")[0]).toContain("for idempotency claim");
      mkdirSync(join(dir, ".rocky-state"));
      expect((await run(dir, [flag, "run", "--shadow"])).code, shape).toBe(0);
      // The shadow run's store is its own: production's (the default path) has no run.
      const prod = JSON.parse((await run(dir, ["history"])).stdout);
      const own = JSON.parse((await run(dir, [flag, "history"])).stdout);
      expect(prod.runs ?? []).toHaveLength(0);
      expect(own.runs).toHaveLength(1);
    }
  });
});
