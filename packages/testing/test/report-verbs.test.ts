// rocky-sim's report and inspection verbs: every default output validates against
// the engine's JSON Schema, argv is parsed as clap would, and the scenarios give the exits
// rocky gives.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator } from "../src/index.js";
import {
  CONTRACT_AVAILABLE,
  CONTRACT_SKIP_MESSAGE,
  loadSchema,
  rocky,
  validate,
} from "./helpers.js";

let PLAN = "ab".repeat(32);
let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
  // A run for the history verbs, a plan for review, a dbt project for validate-migration.
  expect((await run(["run", "--filter", "tenant=acme"])).code).toBe(0);
  PLAN = JSON.parse((await run(["plan", "--filter", "tenant=acme"])).stdout).plan_id;
  mkdirSync(join(sim.dir, "dbt", "models"), { recursive: true });
  writeFileSync(join(sim.dir, "dbt", "models", "orders.sql"), "select 1 as id\n");
});
afterAll(async () => {
  await sim.cleanup();
});

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return rocky(sim.binaryPath, ["--output", "json", ...args], {
    cwd: sim.dir,
    env: { ...process.env, ANTHROPIC_API_KEY: "sk-test", ...env },
  });
}

/** [engine schema, argv] for every default output. */
const DEFAULTS: [string, string[]][] = [
  ["lineage", ["lineage", "--", "customer_orders"]],
  ["column_lineage", ["lineage", "--column=total_revenue", "--", "customer_orders"]],
  ["column_lineage", ["lineage", "--downstream", "--", "customer_orders.total_revenue"]],
  ["catalog", ["catalog", "--out=catalog-out"]],
  ["dag", ["dag", "--column-lineage"]],
  ["history", ["history", "--audit"]],
  ["model_history", ["history", "--model=customer_orders", "--rolling-stats", "--window=5"]],
  [
    "recipe_history",
    ["history", `--recipe=${"d865beb2232b3960e696688b18df6a65fbd0a0eee523c13fbce3b398346ba30e"}`],
  ],
  [
    "metrics",
    ["metrics", "--trend", "--column=total_revenue", "--alerts", "--", "customer_orders"],
  ],
  ["metrics", ["metrics", "--", "unknown_model"]],
  ["optimize", ["optimize"]],
  ["cost", ["cost", "--by=tenant", "--", "latest"]],
  ["ci", ["ci"]],
  ["compliance", ["compliance"]],
  ["retention_status", ["retention-status"]],
  ["review_status", ["review", "--status", "--", "{plan}"]],
  ["hooks_list", ["hooks", "list"]],
  ["hooks_test", ["hooks", "test", "--", "on_pipeline_start"]],
  ["validate_migration", ["validate-migration", "--dbt-project=dbt"]],
  ["test_adapter", ["test-adapter", "--adapter=duckdb"]],
  ["ai", ["ai", "--", "orders per customer"]],
  ["ai_sync", ["ai-sync"]],
  ["ai_explain", ["ai-explain", "--all"]],
  ["ai_test", ["ai-test", "--", "customer_orders"]],
  ["ai_contract", ["ai-contract", "--", "customer_orders"]],
];

if (!CONTRACT_AVAILABLE) console.warn(CONTRACT_SKIP_MESSAGE);

describe.skipIf(!CONTRACT_AVAILABLE)(
  "every default output validates against the engine's JSON Schema",
  () => {
    it.each(DEFAULTS)("%s: rocky %j", async (schema, args) => {
      const r = await run(args.map((a) => (a === "{plan}" ? PLAN : a)));
      expect(r.code, r.stderr).toBe(0);
      expect(validate(loadSchema(schema), JSON.parse(r.stdout))).toEqual([]);
    });
  },
);

describe("argv is parsed as clap parses it", () => {
  it("a positional before -- that starts with - is a usage error (exit 2, nothing on stdout)", async () => {
    for (const args of [
      ["lineage", "-x"],
      ["metrics", "-v"],
      ["hooks", "test", "-e"],
      ["cost", "-latest"],
    ]) {
      const r = await run(args);
      expect([r.code, r.stdout], args.join(" ")).toEqual([2, ""]);
      expect(r.stderr).toMatch(/^error: unexpected argument/);
    }
  });

  it("after -- a value starting with - is a positional", async () => {
    const r = await run(["metrics", "--", "-v"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).model).toBe("-v");
  });

  it("clap's conflicts: --model/--recipe, --downstream/--upstream, --status/--approve", async () => {
    for (const args of [
      ["history", "--model=a", "--recipe=abcdef12"],
      ["lineage", "--downstream", "--upstream", "--", "a"],
      ["review", "--status", "--approve", "--", PLAN],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/cannot be used with/);
    }
  });

  it("hooks needs a known subcommand; required positionals are required", async () => {
    expect((await run(["hooks"])).code).toBe(2);
    expect((await run(["hooks", "fire"])).code).toBe(2);
    expect((await run(["metrics"])).code).toBe(2);
    expect((await run(["ai-contract"])).code).toBe(2);
  });
});

describe("scenarios give rocky's exits", () => {
  it("ci fail prints the report then exits 1; warn exits 0 with exit_code 4", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { ci: { ci: "fail" } } });
    const fail = await run(["ci"]);
    expect([fail.code, JSON.parse(fail.stdout).exit_code]).toEqual([1, 1]);
    await sim.setScenario({ assumeConfig: true, commands: { ci: { ci: "warn" } } });
    const warn = await run(["ci"]);
    expect([warn.code, JSON.parse(warn.stdout).exit_code]).toEqual([0, 4]);
  });

  it("compliance exceptions exit 1 only with --fail-on=exception", async () => {
    await sim.setScenario({
      assumeConfig: true,
      commands: { compliance: { complianceExceptions: true } },
    });
    expect((await run(["compliance"])).code).toBe(0);
    const gated = await run(["compliance", "--fail-on=exception"]);
    expect([gated.code, JSON.parse(gated.stdout).summary.total_exceptions]).toEqual([1, 2]);
  });

  it("test-adapter failure prints the report then exits 1", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { "test-adapter": { failure: true } } });
    const r = await run(["test-adapter", "--adapter=duckdb"]);
    expect([r.code, JSON.parse(r.stdout).tests_failed]).toEqual([1, 1]);
  });

  it("hooks test abort exits 0; an unknown event exits 1 without JSON", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { "hooks test": { hooks: "abort" } } });
    const abort = await run(["hooks", "test", "--", "on_pipeline_start"]);
    expect([abort.code, JSON.parse(abort.stdout).status]).toEqual([0, "abort"]);
    const unknown = await run(["hooks", "test", "--", "on_nothing"]);
    expect([unknown.code, unknown.stdout]).toEqual([1, ""]);
  });

  it("failures without JSON: unknown run, model, malformed review marker, missing AI key", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { review: { review: "invalid" } } });
    for (const [args, env, message] of [
      [["cost", "--", "run-x"], {}, /no run with id 'run-x' in the state store/],
      [["lineage", "--", "nope"], {}, /model 'nope' not found/],
      [["retention-status", "--model=nope"], {}, /model 'nope' not found/],
      [["review", "--status", "--", "{plan}"], {}, /malformed/],
      [["review", "--status", "--", "cd".repeat(32)], {}, /failed to read plan/],
      [["ai", "--", "x"], { ANTHROPIC_API_KEY: "" }, /ANTHROPIC_API_KEY not set/],
    ] as const) {
      const r = await run(
        args.map((a) => (a === "{plan}" ? PLAN : a)),
        env,
      );
      expect([r.code, r.stdout], args.join(" ")).toEqual([1, ""]);
      expect(r.stderr).toMatch(message);
    }
  });

  it("an empty history store lists no runs", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { history: { emptyHistory: true } } });
    const r = await run(["history"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ runs: [], count: 0 });
  });
});
