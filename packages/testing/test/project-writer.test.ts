// writeSimProject / createSimProject / createRockySimulator({ project }): rocky-sim's fake
// project as files a real rocky reads too, in each pipeline shape rocky has.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRockySimulator,
  createSimProject,
  DEFAULT_PROJECT_TOML,
  SimProjectOptionsError,
  writeSimProject,
} from "../src/index.js";
import { rocky } from "./helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "rocky-sim-writer-"));
  dirs.push(d);
  return d;
};

type Toml = { pipeline: Record<string, { type: string; models?: string; tables?: unknown[] }> };

describe("writeSimProject writes what rocky reads for each shape", () => {
  it.each([
    ["replication", undefined],
    ["transformation", "models/**"],
    ["quality", undefined],
  ] as const)("%s", async (shape, models) => {
    const dir = temp();
    const p = await writeSimProject(dir, { shape, pipeline: "orders" });
    expect(p).toEqual({
      dir,
      configPath: join(dir, "rocky.toml"),
      shape,
      pipeline: "orders",
      component: "tenant",
      sources: ["acme", "globex", "initech"],
    });
    const toml = parse(readFileSync(p.configPath, "utf8")) as unknown as Toml;
    expect(Object.keys(toml.pipeline)).toEqual(["orders"]);
    expect(toml.pipeline.orders?.type).toBe(shape);
    expect(toml.pipeline.orders?.models).toBe(models);
    if (shape === "quality") expect(toml.pipeline.orders?.tables).toHaveLength(3);
    // A models folder only where rocky reads one: a transformation pipeline (a replication
    // project with models/ would plan a run plan, plan.rs).
    if (shape === "transformation") {
      expect(readdirSync(join(dir, "models")).sort()).toEqual([
        "customer_orders.sql",
        "customer_orders.toml",
        "raw_orders.sql",
        "raw_orders.toml",
        "revenue_summary.sql",
        "revenue_summary.toml",
      ]);
    } else {
      expect(existsSync(join(dir, "models"))).toBe(false);
    }
    expect(readFileSync(join(dir, "data", "seed.sql"), "utf8")).toContain(
      "CREATE TABLE raw__acme.orders (",
    );
    const warehouse = JSON.parse(readFileSync(join(dir, ".rocky-sim", "warehouse.json"), "utf8"));
    expect(Object.keys(warehouse.tables)).toContain("warehouse.raw__globex.payments");
  });

  it("component and sources name the warehouse's sources, and rocky-sim discovers exactly those", async () => {
    const dir = temp();
    await writeSimProject(dir, { component: "source", sources: ["shop", "pos"] });
    const toml = readFileSync(join(dir, "rocky.toml"), "utf8");
    expect(toml).toContain('components = ["source"]');
    expect(toml).toContain('schema_template = "staging__{source}"');
    const sim = await createRockySimulator();
    try {
      const r = await rocky(
        sim.binaryPath,
        ["--output", "json", "run", "--filter", "source=shop"],
        {
          cwd: dir,
        },
      );
      const out = JSON.parse(r.stdout);
      expect(out.materializations.map((m: { asset_key: string[] }) => m.asset_key)).toEqual([
        ["duckdb", "shop", "customers"],
        ["duckdb", "shop", "orders"],
        ["duckdb", "shop", "payments"],
      ]);
      // A transformation project's models read its first source.
      const t = temp();
      await writeSimProject(t, { shape: "transformation", sources: ["shop", "pos"] });
      expect(readFileSync(join(t, "models", "raw_orders.sql"), "utf8")).toContain(
        "FROM raw__shop.orders",
      );
    } finally {
      await sim.cleanup();
    }
  });

  it("a scenario's sources are the assumed project's", async () => {
    const sim = await createRockySimulator({ assumeConfig: true, sources: ["shop"] });
    try {
      const r = await rocky(sim.binaryPath, ["--output", "json", "discover"], { cwd: temp() });
      expect(JSON.parse(r.stdout).sources.map((s: { id: string }) => s.id)).toEqual(["raw__shop"]);
    } finally {
      await sim.cleanup();
    }
  });

  it("the replication shape is the project assumeConfig stands for", async () => {
    const dir = temp();
    await writeSimProject(dir);
    expect(readFileSync(join(dir, "rocky.toml"), "utf8")).toBe(DEFAULT_PROJECT_TOML);
  });

  it("bad options are refused before anything is written", async () => {
    const dir = join(temp(), "never");
    for (const [options, field] of [
      [{ shape: "snapshot" }, "shape"],
      [{ pipeline: "has space" }, "pipeline"],
      [{ pipeline: "" }, "pipeline"],
      [{ component: "a-b" }, "component"],
      [{ sources: [] }, "sources"],
      [{ sources: ["a", "a"] }, "sources"],
      [{ sources: ["x.y"] }, "sources"],
    ] as const) {
      const error = await writeSimProject(dir, options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SimProjectOptionsError);
      expect(error).toMatchObject({
        name: "SimProjectOptionsError",
        code: "SIM_PROJECT_OPTIONS",
        field,
      });
    }
    expect(existsSync(dir)).toBe(false);
  });
});

describe("createSimProject and createRockySimulator({ project })", () => {
  it("createSimProject makes a temp project and removes it", async () => {
    const p = await createSimProject({ shape: "transformation", parent: temp() });
    expect(existsSync(join(p.dir, "models", "raw_orders.sql"))).toBe(true);
    await p.cleanup();
    expect(existsSync(p.dir)).toBe(false);
  });

  it("a simulator with a project runs there as rocky would, without assumeConfig", async () => {
    const sim = await createRockySimulator({}, { project: "transformation" });
    try {
      expect(sim.project?.dir).toBe(join(sim.dir, "project"));
      const r = await rocky(sim.binaryPath, ["--output", "json", "run", "--shadow"], {
        cwd: sim.project?.dir as string,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).pipeline_type).toBe("transformation");
      const none = await createRockySimulator();
      expect(none.project).toBeNull();
      await none.cleanup();
    } finally {
      await sim.cleanup();
    }
    expect(existsSync(sim.dir)).toBe(false);
  });

  it("a bad project option leaves no simulator folder behind", async () => {
    const parent = temp();
    await expect(
      createRockySimulator({}, { dir: parent, project: { shape: "load" as never } }),
    ).rejects.toBeInstanceOf(SimProjectOptionsError);
    expect(readdirSync(parent)).toEqual([]);
  });
});
