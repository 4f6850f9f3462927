// The model verbs read the project's models folder (rocky-compiler project.rs): compile, test,
// lineage, dag and the ai verbs know exactly the models on disk, their columns and their order;
// without a models folder they fail as rocky does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator, writeSimProject } from "../src/index.js";
import { rocky } from "./helpers.js";

let sim: RockySimulator;
const dirs: string[] = [];
beforeAll(async () => {
  sim = await createRockySimulator();
});
afterAll(async () => {
  await sim.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "rocky-sim-models-"));
  dirs.push(dir);
  await writeSimProject(dir, { shape: "transformation" });
  return dir;
}

const run = async (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = await rocky(sim.binaryPath, ["--output", "json", ...args], {
    cwd,
    env: { ...process.env, ...env },
  });
  return { ...r, json: r.stdout === "" ? null : JSON.parse(r.stdout) };
};

describe("no models folder: rocky's `no models found in <dir>` (exit 1, no JSON)", () => {
  it.each([["compile"], ["test"], ["ci"], ["lineage", "x"], ["compile", "--models", "nope"]])(
    "%s",
    async (...args) => {
      const dir = await project();
      rmSync(join(dir, "models"), { recursive: true });
      const r = await run(dir, args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const folder = args.includes("--models") ? "nope" : "models";
      expect(r.stderr).toBe(`Error: no models found in ${folder}\n`);
    },
  );
});

describe("models are read from their files", () => {
  it("compile reports each model with its sidecar's strategy and target, and a new one", async () => {
    const dir = await project();
    writeFileSync(
      join(dir, "models", "big_orders.sql"),
      "SELECT order_id, created_at FROM raw_orders\n",
    );
    writeFileSync(
      join(dir, "models", "big_orders.toml"),
      '[strategy]\ntype = "full_refresh"\n\n[target]\ncatalog = "warehouse"\nschema = "marts"\n',
    );
    const out = (await run(dir, ["compile"])).json;
    expect(out.models).toBe(4);
    expect(out.execution_layers).toBe(3);
    const big = out.models_detail.find((m: { name: string }) => m.name === "big_orders");
    expect(big).toMatchObject({
      target: { catalog: "warehouse", schema: "marts", table: "big_orders" },
      depends_on: ["raw_orders"],
      incrementality_hint: { recommended_column: "order_id" },
    });
    const raw = out.models_detail.find((m: { name: string }) => m.name === "raw_orders");
    expect(raw).not.toHaveProperty("depends_on");
  });

  it("a model without target.catalog is rocky's sidecar error", async () => {
    const dir = await project();
    writeFileSync(join(dir, "models", "orphan.sql"), "SELECT 1 AS id\n");
    const r = await run(dir, ["compile"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: model 'orphan' is missing target.catalog (set it in the sidecar or in _defaults.toml)\n",
    );
  });

  it("test runs against data/seed.sql: a model reading a table the seed lacks fails, and so do its readers", async () => {
    const dir = await project();
    expect((await run(dir, ["test"])).json).toMatchObject({ total: 3, passed: 3, failed: 0 });
    rmSync(join(dir, "data", "seed.sql"));
    const r = await run(dir, ["test"]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ total: 3, passed: 0, failed: 3 });
    expect(r.stderr).toMatch(/Error: test failures detected\n$/);
    expect((await run(dir, ["ci"])).json).toMatchObject({ tests_ok: false, tests_failed: 3 });
  });

  it("test reports the models in execution order (layer by layer), those that passed first", async () => {
    const dir = await project();
    const names = (r: { json: { model_results: { model: string; status: string }[] } }) =>
      r.json.model_results.map((m) => `${m.model}:${m.status}`);
    // test_runner.rs pushes executor.rs's `succeeded` (in layer order), then its `failed`.
    expect(names(await run(dir, ["test"]))).toEqual([
      "raw_orders:pass",
      "customer_orders:pass",
      "revenue_summary:pass",
    ]);
    await sim.setScenario({ commands: { test: { failure: true } } });
    try {
      const r = await run(dir, ["test", "--model", "customer_orders"]);
      expect(names(r)).toEqual(["customer_orders:fail"]);
      expect(r.json.failures.map((f: { name: string }) => f.name)).toEqual(["customer_orders"]);
    } finally {
      await sim.setScenario({});
    }
  });

  it("lineage follows the select lists: columns, edges and their transforms", async () => {
    const dir = await project();
    const model = (await run(dir, ["lineage", "customer_orders"])).json;
    expect(model.columns).toEqual([
      { name: "customer_id" },
      { name: "total_revenue" },
      { name: "order_count" },
    ]);
    expect(model.upstream).toEqual(["raw_orders"]);
    expect(model.downstream).toEqual(["revenue_summary"]);
    expect(model.edges).toContainEqual({
      source: { model: "raw_orders", column: "amount" },
      target: { model: "customer_orders", column: "total_revenue" },
      transform: "aggregation: sum",
    });
    const column = (await run(dir, ["lineage", "customer_orders.total_revenue"])).json;
    expect(column.trace.map((e: { source: { model: string } }) => e.source.model)).toEqual([
      "raw_orders",
      "raw__acme.orders",
    ]);
    expect(column.downstream_consumers).toEqual([
      { model: "revenue_summary", column: "total_revenue" },
    ]);
    const none = await run(dir, ["lineage", "customer_orders.nope"]);
    expect(none.stderr).toBe("Error: column 'nope' not found in model 'customer_orders'\n");
  });

  it("dag names each model node, its dependencies and the layers", async () => {
    const dag = (await run(await project(), ["dag"])).json;
    expect(dag.execution_layers).toEqual([
      ["transformation:raw_orders"],
      ["transformation:customer_orders"],
      ["transformation:revenue_summary"],
    ]);
    expect(dag.summary).toMatchObject({ total_nodes: 3, total_edges: 2 });
  });

  it("the ai verbs check the key first, naming the command", async () => {
    const dir = await project();
    const r = await run(dir, ["ai-contract", "customer_orders"], { ANTHROPIC_API_KEY: "" });
    expect(r.stderr).toBe(
      "Error: ANTHROPIC_API_KEY not set. Set it to use `rocky ai-contract`.\n\nCaused by:\n    environment variable not found\n",
    );
    const explain = await run(dir, ["ai-explain", "--all"], { ANTHROPIC_API_KEY: "sk-test" });
    expect(explain.json.explanations.map((e: { model: string }) => e.model).sort()).toEqual([
      "customer_orders",
      "raw_orders",
      "revenue_summary",
    ]);
  });
});
