// The SDK against a real rocky engine (opt in): `ROCKY_BIN=/path/to/rocky pnpm test:engine`.
// A DuckDB project made by `rocky playground` in a temp dir; DuckDB is read directly
// (@duckdb/node-api) to see what the engine really wrote. docs/real-engine.md records a run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isRockyError,
  RockyCommandError,
  RockyResource,
  RockyShadowError,
} from "@dagster-rocky/resource";
import {
  CompareOutputSchema,
  CompileOutputSchema,
  DoctorOutputSchema,
  PlanOutputSchema,
  RunOutputSchema,
  StateOutputSchema,
  TestOutputSchema,
} from "@dagster-rocky/resource/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { listTables, snapshot } from "./duckdb.js";
import { unknownKeys } from "./unknown-keys.js";

const ROCKY_BIN = process.env.ROCKY_BIN;
if (ROCKY_BIN === undefined || ROCKY_BIN === "") {
  // Opt in, but never a silent skip: without an engine this suite fails and says why.
  throw new Error(
    "pnpm test:engine needs ROCKY_BIN=/path/to/rocky (a real rocky engine; see docs/real-engine.md)",
  );
}
const BIN: string = ROCKY_BIN;
const HERE = dirname(fileURLToPath(import.meta.url));
const PRODUCTION_TABLES = ["main.raw_orders", "main.customer_orders", "main.revenue_summary"];
const SUFFIX = "_dagster_pr_42";

/** Keys the engine printed that our schemas do not name, per command (reported, not failed). */
const unknown = new Map<string, string[]>();
function parsedBy(command: string, schema: z.ZodType, result: unknown): void {
  expect(schema.safeParse(result).success, `${command} output parses`).toBe(true);
  const keys = unknownKeys(schema, result);
  if (keys.length > 0) unknown.set(command, keys);
}

/** The process environment without Dagster+ variables: a production deployment. */
function productionEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_CLOUD_")) env[k] = v;
  }
  return env;
}

let root = "";
let project = "";
let db = "";
const prod = () =>
  new RockyResource({
    binaryPath: BIN,
    cwd: project,
    shadowMode: "branch_deploy",
    env: productionEnv(),
  });
const pr42 = () =>
  new RockyResource({
    binaryPath: BIN,
    cwd: project,
    shadowMode: "branch_deploy",
    env: {
      ...productionEnv(),
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
    },
  });

/** The main job as Dagster+ runs it: the variables in the child's own process.env. */
function prRunInOwnProcess(verb: string, options: unknown): { ok: boolean; [k: string]: unknown } {
  const r = spawnSync(
    process.execPath,
    [join(HERE, "fixtures/pr-run.mjs"), BIN, project, verb, JSON.stringify(options)],
    {
      env: {
        ...productionEnv(),
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
      },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ok: boolean };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rocky-engine-"));
  execFileSync(BIN, ["playground", "proj"], { cwd: root, stdio: "ignore" });
  project = join(root, "proj");
  db = join(project, "playground.duckdb");
});
afterAll(() => {
  if (unknown.size > 0) {
    const lines = [...unknown].map(([c, keys]) => `  ${c}: ${keys.join(", ")}`);
    console.log(
      `engine keys our schemas do not name (loose objects keep them):\n${lines.join("\n")}`,
    );
  }
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("reads: version, compile, test, doctor, state", () => {
  it("version() reads the engine's version", async () => {
    const v = await prod().version();
    const raw = execFileSync(BIN, ["--version"], { encoding: "utf8" }).trim();
    expect(raw).toBe(`rocky ${v.version}`);
    expect(v.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it("compile() parses and names the playground's models", async () => {
    const out = await prod().compile();
    parsedBy("compile", CompileOutputSchema, out);
    expect(JSON.stringify(out)).toContain("customer_orders");
  });
  it("test() parses (failing tests would be a result)", async () => {
    const out = await prod().test();
    parsedBy("test", TestOutputSchema, out);
  });
  it("doctor() parses (a critical finding is a result)", async () => {
    const out = await prod().doctor();
    parsedBy("doctor", DoctorOutputSchema, out);
  });
  it("state() parses", async () => {
    const out = await prod().state();
    parsedBy("state", StateOutputSchema, out);
  });
});

describe("run: production, then a PR 42 branch deployment that leaves production as it was", () => {
  let before = new Map<string, string>();
  it("a production run writes the production tables", async () => {
    // rocky ignores --filter on a transformation pipeline (run.rs); the SDK requires one.
    const out = await prod().run({ filter: "tenant=playground" });
    parsedBy("run", RunOutputSchema, out);
    expect(out.status).toBe("Success");
    const targets = out.materializations.map((m) => m.metadata.target_table_full_name);
    expect(targets).toEqual(
      expect.arrayContaining(PRODUCTION_TABLES.map((t) => `playground.${t}`)),
    );
    const tables = await listTables(db);
    expect(tables).toEqual(expect.arrayContaining(PRODUCTION_TABLES));
    before = await snapshot(db, PRODUCTION_TABLES);
  });
  it("in PR 42 (variables in the process itself) every table goes to _dagster_pr_42; production is byte-for-byte unchanged", async () => {
    const got = prRunInOwnProcess("run", { filter: "tenant=playground" });
    expect(got.ok, JSON.stringify(got)).toBe(true);
    const result = got.result as z.infer<typeof RunOutputSchema>;
    parsedBy("run (PR 42)", RunOutputSchema, result);
    const targets = result.materializations.map((m) => m.metadata.target_table_full_name);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(String(t)).toMatch(new RegExp(`${SUFFIX}$`));
    const tables = await listTables(db);
    for (const t of PRODUCTION_TABLES) expect(tables).toContain(`${t}${SUFFIX}`);
    expect(await snapshot(db, PRODUCTION_TABLES)).toEqual(before);
  });
  it("compare() after the PR run: shadow against production", async () => {
    // A transformation pipeline's compare takes table, model, catalog or schema filters (compare.rs).
    const out = await pr42().compare({ filter: "schema=main" });
    parsedBy("compare", CompareOutputSchema, out);
    expect(["pass", "warn", "fail"]).toContain(out.overall_verdict);
  });
});

describe("plan then apply, with the guard", () => {
  it("plan in PR 42: applied without touching production, or (a transformation project) refused by rocky as a typed error", async () => {
    const before = await snapshot(db, PRODUCTION_TABLES);
    const rocky = pr42();
    let plan: z.infer<typeof PlanOutputSchema>;
    try {
      plan = await rocky.plan({ filter: "tenant=playground" });
    } catch (error) {
      // rocky's plan covers replication pipelines only (plan.rs); the playground has none.
      expect(error).toBeInstanceOf(RockyCommandError);
      expect((error as RockyCommandError).message).toMatch(/replication|pipeline/i);
      return;
    }
    parsedBy("plan", PlanOutputSchema, plan);
    expect(typeof plan.plan_id).toBe("string");
    await rocky.apply(String(plan.plan_id));
    expect(await snapshot(db, PRODUCTION_TABLES)).toEqual(before);
  });
  it("a production plan id is refused in PR 42 before anything runs", async () => {
    // A forged plan file with the production routing: the guard reads it and refuses.
    const id = "0".repeat(64);
    const dir = join(project, ".rocky", "plans");
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(
      join(dir, `${id}.json`),
      JSON.stringify({ kind: "run", payload: { shadow: false } }),
    );
    await expect(pr42().apply(id)).rejects.toBeInstanceOf(RockyShadowError);
  });
});

describe("report and inspection verbs: real outputs through the SDK's methods and schemas", () => {
  // Each method validates rocky's output with its own schema; a mismatch would throw here.
  it.each([
    ["lineage", (r: RockyResource) => r.lineage("customer_orders")],
    ["dag", (r: RockyResource) => r.dag()],
    ["history", (r: RockyResource) => r.history()],
    ["hooksList", (r: RockyResource) => r.hooksList()],
    ["optimize", (r: RockyResource) => r.optimize()],
    ["ci", (r: RockyResource) => r.ci()],
    ["branchList", (r: RockyResource) => r.branchList()],
    ["retentionStatus", (r: RockyResource) => r.retentionStatus()],
    ["compliance", (r: RockyResource) => r.compliance()],
    ["metrics", (r: RockyResource) => r.metrics("customer_orders")],
    ["cost", (r: RockyResource) => r.cost("latest")],
  ] as const)("%s", async (_name, call) => {
    const out = (await call(prod())) as { version?: unknown };
    expect(typeof out).toBe("object");
    expect(out).not.toBeNull();
  });
});

describe("error paths are typed errors", () => {
  it("a missing config file (run needs it; compile does not read it)", async () => {
    const r = new RockyResource({
      binaryPath: BIN,
      cwd: project,
      configPath: "missing.toml",
      env: productionEnv(),
    });
    const error = await r.run({ filter: "tenant=playground" }).catch((e: unknown) => e);
    expect(isRockyError(error)).toBe(true);
    expect(error).toBeInstanceOf(RockyCommandError);
  });
  it("an unknown model", async () => {
    const error = await prod()
      .compile({ model: "no_such_model" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyCommandError);
    expect(String((error as Error).message)).toContain("no_such_model");
  });
  it("a shadowed run without the suffix rocky would need is refused before spawning (fail closed)", async () => {
    const r = new RockyResource({
      binaryPath: BIN,
      cwd: project,
      shadowMode: "always",
      env: productionEnv(),
    });
    const before = await snapshot(db, PRODUCTION_TABLES);
    await expect(
      r.run({ filter: "tenant=playground", shadowSuffix: "not-an-identifier" }),
    ).rejects.toThrow();
    expect(await snapshot(db, PRODUCTION_TABLES)).toEqual(before);
  });
});

// Keep the report of the fixture file honest: it must exist next to this test.
readFileSync(join(HERE, "fixtures/pr-run.mjs"), "utf8");
