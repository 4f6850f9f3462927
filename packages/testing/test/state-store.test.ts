// What rocky-sim remembers between invocations, in `.rocky-sim/` of the cwd: a fresh project has
// no runs, watermarks or quality metrics (as a fresh rocky project); each run records itself.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator, writeSimProject } from "../src/index.js";
import { rocky } from "./helpers.js";

let sim: RockySimulator;
let dir: string;
beforeAll(async () => {
  sim = await createRockySimulator();
  dir = mkdtempSync(join(tmpdir(), "rocky-sim-state-"));
  await writeSimProject(dir);
});
afterAll(async () => {
  await sim.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (args: string[]) => {
  const r = await rocky(sim.binaryPath, ["--output", "json", ...args], { cwd: dir });
  return { ...r, json: r.stdout === "" ? null : JSON.parse(r.stdout) };
};

describe("a fresh project (state.rs, history.rs, optimize.rs, cost.rs, metrics.rs)", () => {
  it("state has no watermarks and no schema on disk yet", async () => {
    expect((await run(["state"])).json).toMatchObject({
      watermarks: [],
      schema_version_supported: 22,
      schema_version_on_disk: null,
    });
  });

  it("history lists no runs; optimize and metrics say why they are empty", async () => {
    expect((await run(["history"])).json).toMatchObject({ runs: [], count: 0 });
    expect((await run(["optimize"])).json).toMatchObject({
      recommendations: [],
      total_models_analyzed: 0,
      message: "no run history available",
    });
    // rocky 1.71 records no quality snapshots at all.
    expect((await run(["metrics", "customer_orders"])).json).toMatchObject({
      snapshots: [],
      count: 0,
      message: "no quality metrics available",
    });
  });

  it("cost has nothing to report: exit 1", async () => {
    const r = await run(["cost", "latest"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: no runs recorded yet — nothing to report cost for\n");
  });
});

describe("a virtual project (assumeConfig) keeps its memory in the simulator's folder", () => {
  it("a run writes nothing into the cwd, and the next invocation there sees it", async () => {
    const s = await createRockySimulator({ assumeConfig: true });
    const cwd = mkdtempSync(join(tmpdir(), "rocky-sim-virtual-"));
    try {
      const r = await rocky(s.binaryPath, ["run", "--filter", "tenant=acme"], { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(cwd)).toEqual([]);
      const history = await rocky(s.binaryPath, ["history"], { cwd });
      expect(JSON.parse(history.stdout).count).toBe(1);
      // Another cwd is another project.
      const other = await rocky(s.binaryPath, ["history"], { cwd: s.dir });
      expect(JSON.parse(other.stdout).count).toBe(0);
    } finally {
      await s.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("after a replication run", () => {
  beforeAll(async () => {
    expect((await run(["run", "--filter", "tenant=acme"])).code).toBe(0);
  });

  it("state shows a watermark per copied table", async () => {
    const state = (await run(["state"])).json;
    expect(state.schema_version_on_disk).toBe(22);
    expect(state.watermarks.map((w: { table: string }) => w.table)).toEqual([
      "warehouse.staging__acme.customers",
      "warehouse.staging__acme.orders",
      "warehouse.staging__acme.payments",
    ]);
  });

  it("history, optimize and cost see the run", async () => {
    const history = (await run(["history"])).json;
    expect(history.count).toBe(1);
    expect(history.runs[0].run_id).toMatch(/^run-\d{8}-\d{6}-\d{3}$/);
    expect(history.runs[0].models.map((m: { model_name: string }) => m.model_name)).toEqual([
      "customers",
      "orders",
      "payments",
    ]);
    expect((await run(["optimize"])).json.total_models_analyzed).toBe(3);
    const cost = (await run(["cost", "latest", "--by", "tenant"])).json;
    expect(cost.run_id).toBe(history.runs[0].run_id);
    expect(cost.groups).toEqual([
      expect.objectContaining({ dimension: "tenant", key: "acme", model_count: 3 }),
    ]);
    const unknown = await run(["cost", "run-19990101-000000-000"]);
    expect(unknown.stderr).toBe(
      "Error: no run with id 'run-19990101-000000-000' in the state store\n",
    );
  });

  it("another state path is another store", async () => {
    const other = await rocky(sim.binaryPath, ["--state-path", "other.redb", "history"], {
      cwd: dir,
    });
    expect(JSON.parse(other.stdout).runs).toEqual([]);
  });
});
