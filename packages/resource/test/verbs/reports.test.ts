// The report and inspection verbs end to end through rocky-sim: the argv each method spawns, its
// parsed result, the exits that are results, engine floors, and bad input refused before
// anything is spawned.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  computePlanId,
  type RockySimulator,
  type SimScenario,
  simulatorBinPath,
} from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import {
  RockyCommandError,
  RockyConfigError,
  type RockyResource,
  RockyVersionError,
} from "../../src/index.js";
import { rejection, resourceFor, sim, tempDir } from "../helpers.js";

/** A persisted plan `review --status` can read (plan_store.rs hashes kind and payload). */
const PLAN_PAYLOAD = { filter: "tenant=acme", resume_latest: false };
const PLAN = await computePlanId("run", PLAN_PAYLOAD);
const KEY_ENV = { ANTHROPIC_API_KEY: "sk-test" };

/**
 * The project the verbs read, as a real one would have it: one run recorded (history, cost,
 * optimize), a persisted plan (review), a dbt project (validate-migration). Prepared by the bare
 * rocky-sim bin, so the simulator under test records only the verb's own invocation.
 */
function prepare(cwd: string): void {
  execFileSync(process.execPath, [simulatorBinPath(), "run", "--filter=tenant=acme"], {
    cwd,
    stdio: "ignore",
  });
  mkdirSync(join(cwd, ".rocky", "plans"), { recursive: true });
  writeFileSync(
    join(cwd, ".rocky", "plans", `${PLAN}.json`),
    JSON.stringify({ plan_id: PLAN, kind: "run", payload: PLAN_PAYLOAD }),
  );
  mkdirSync(join(cwd, "dbt", "models"), { recursive: true });
  writeFileSync(join(cwd, "dbt", "models", "stg_orders.sql"), "select 1 as id\n");
}

async function setup(scenario: SimScenario = {}, env: Record<string, string> = {}) {
  const s = await sim(scenario);
  const cwd = await tempDir();
  prepare(cwd);
  const r = resourceFor(s, { cwd, env, modelsDir: "models" });
  return { s, r, cwd };
}

/** The verb's part of the argv of every non-version invocation. */
async function verbArgv(s: RockySimulator): Promise<string[][]> {
  return (await s.invocations())
    .filter((i) => i.verb !== null)
    .map((i) => i.argv.slice(i.argv.indexOf("json") + 1));
}

type Call = (r: RockyResource) => Promise<unknown>;

describe("each method spawns the argv of its rocky command (values as --flag=value, positionals after --)", () => {
  const cases: [string, Call, string[]][] = [
    [
      "lineage model",
      (r) => r.lineage("customer_orders"),
      ["lineage", "--models=models", "--", "customer_orders"],
    ],
    [
      "lineage column downstream",
      (r) => r.lineage("customer_orders", { column: "total_revenue", downstream: true }),
      [
        "lineage",
        "--models=models",
        "--column=total_revenue",
        "--downstream",
        "--",
        "customer_orders",
      ],
    ],
    [
      "lineage model.column upstream",
      (r) => r.lineage("customer_orders.total_revenue", { upstream: true }),
      ["lineage", "--models=models", "--upstream", "--", "customer_orders.total_revenue"],
    ],
    ["catalog", (r) => r.catalog(), ["catalog", "--models=models"]],
    [
      "catalog with options",
      (r) => r.catalog({ out: "out dir", format: "json", catalog: "warehouse" }),
      ["catalog", "--models=models", "--out=out dir", "--format=json", "--catalog=warehouse"],
    ],
    // As dagster-rocky's dag(): no --models unless the call names a directory (rocky refuses
    // --models in a project with several transformation pipelines).
    ["dag", (r) => r.dag(), ["dag"]],
    ["dag column lineage", (r) => r.dag({ columnLineage: true }), ["dag", "--column-lineage"]],
    [
      "dag with a models directory for this call",
      (r) => r.dag({ modelsDir: "src/models", columnLineage: true }),
      ["dag", "--models=src/models", "--column-lineage"],
    ],
    ["history", (r) => r.history(), ["history"]],
    [
      "history model",
      (r) =>
        r.history({
          model: "customer_orders",
          since: "2026-01-01",
          audit: true,
          rollingStats: true,
          window: 5,
        }),
      [
        "history",
        "--model=customer_orders",
        "--since=2026-01-01",
        "--audit",
        "--rolling-stats",
        "--window=5",
      ],
    ],
    ["history recipe", (r) => r.history({ recipe: "abcdef12" }), ["history", "--recipe=abcdef12"]],
    ["metrics", (r) => r.metrics("customer_orders"), ["metrics", "--", "customer_orders"]],
    [
      "metrics all flags",
      (r) => r.metrics("customer_orders", { trend: true, column: "amount", alerts: true }),
      ["metrics", "--trend", "--column=amount", "--alerts", "--", "customer_orders"],
    ],
    [
      "optimize",
      (r) => r.optimize({ model: "customer_orders" }),
      ["optimize", "--models=models", "--model=customer_orders"],
    ],
    ["cost default latest", (r) => r.cost(), ["cost", "--", "latest"]],
    [
      "cost run",
      (r) => r.cost("run-20260101-000000-000", { model: "customer_orders", by: "tenant" }),
      ["cost", "--model=customer_orders", "--by=tenant", "--", "run-20260101-000000-000"],
    ],
    ["ci", (r) => r.ci(), ["ci", "--models=models"]],
    ["compliance", (r) => r.compliance(), ["compliance", "--models=models"]],
    [
      "compliance with options",
      (r) => r.compliance({ env: "prod", exceptionsOnly: true, failOnException: true }),
      ["compliance", "--models=models", "--env=prod", "--exceptions-only", "--fail-on=exception"],
    ],
    [
      "retentionStatus",
      (r) => r.retentionStatus({ model: "customer_orders", drift: true }),
      ["retention-status", "--models=models", "--model=customer_orders", "--drift"],
    ],
    ["reviewStatus", (r) => r.reviewStatus(PLAN), ["review", "--status", "--", PLAN]],
    ["hooksList", (r) => r.hooksList(), ["hooks", "list"]],
    [
      "hooksTest",
      (r) => r.hooksTest("on_pipeline_start"),
      ["hooks", "test", "--", "on_pipeline_start"],
    ],
    [
      "validateMigration",
      (r) => r.validateMigration({ dbtProject: "dbt", rockyProject: "rocky", sampleSize: 10 }),
      ["validate-migration", "--dbt-project=dbt", "--rocky-project=rocky", "--sample-size=10"],
    ],
    [
      "testAdapter",
      (r) => r.testAdapter({ adapter: "duckdb", adapterConfig: { path: ":memory:" } }),
      ["test-adapter", "--adapter=duckdb", '--adapter-config={"path":":memory:"}'],
    ],
    [
      "testAdapter command",
      (r) => r.testAdapter({ command: "./bin/rocky-x" }),
      ["test-adapter", "--command=./bin/rocky-x"],
    ],
    [
      "ai",
      (r) =>
        r.ai("orders per customer, -- with totals", {
          format: "sql",
          materialization: "merge",
          uniqueKey: ["id", "created_at"],
          target: "warehouse.gold.orders",
          overwrite: true,
        }),
      [
        "ai",
        "--models=models",
        "--format=sql",
        "--materialization=merge",
        "--unique-key=id",
        "--unique-key=created_at",
        "--target=warehouse.gold.orders",
        "--overwrite",
        "--",
        "orders per customer, -- with totals",
      ],
    ],
    [
      "aiSync",
      (r) => r.aiSync({ apply: true, model: "customer_orders", withIntent: true }),
      ["ai-sync", "--models=models", "--apply", "--model=customer_orders", "--with-intent"],
    ],
    [
      "aiExplain model",
      (r) => r.aiExplain("customer_orders", { save: true }),
      ["ai-explain", "--models=models", "--save", "--", "customer_orders"],
    ],
    [
      "aiExplain all",
      (r) => r.aiExplain(undefined, { all: true }),
      ["ai-explain", "--models=models", "--all"],
    ],
    [
      "aiTest model",
      (r) => r.aiTest("customer_orders"),
      ["ai-test", "--models=models", "--", "customer_orders"],
    ],
    [
      "aiTest all",
      (r) => r.aiTest(undefined, { all: true, save: true }),
      ["ai-test", "--models=models", "--all", "--save"],
    ],
    [
      "aiContract",
      (r) => r.aiContract("customer_orders", { save: true, withData: true }),
      ["ai-contract", "--models=models", "--save", "--with-data", "--", "customer_orders"],
    ],
  ];
  it.each(cases)("%s", async (_name, call, expected) => {
    const { s, r } = await setup({}, KEY_ENV);
    // The argv is the point here; whether rocky accepts this run id or model is tested below.
    await call(r).catch((e: unknown) => {
      if (!(e instanceof RockyCommandError)) throw e;
    });
    expect(await verbArgv(s)).toEqual([expected]);
  });

  it("contractsDir travels to dag and ci", async () => {
    const { s } = await setup();
    const r = resourceFor(s, { cwd: await tempDir(), contractsDir: "contracts" });
    await r.dag();
    await r.ci();
    expect(await verbArgv(s)).toEqual([
      ["dag", "--contracts=contracts"],
      ["ci", "--models=models", "--contracts=contracts"],
    ]);
  });
});

describe("results are rocky's JSON, parsed and typed", () => {
  it("lineage is discriminated by kind: model or column", async () => {
    const { r } = await setup();
    const model = await r.lineage("customer_orders");
    expect(model.kind).toBe("model");
    if (model.kind === "model") expect(model.upstream).toEqual(["raw_orders"]);
    const column = await r.lineage("customer_orders.total_revenue");
    expect(column.kind).toBe("column");
    if (column.kind === "column") {
      expect(column.column).toBe("total_revenue");
      expect(column.direction).toBe("upstream");
      // raw_orders.amount, then the source table raw_orders reads.
      expect(column.trace).toHaveLength(2);
    }
    const down = await r.lineage("customer_orders", { column: "total_revenue", downstream: true });
    expect(down.kind === "column" && down.direction).toBe("downstream");
  });

  it("history is discriminated by kind: runs, model or recipe", async () => {
    const { r } = await setup();
    const runs = await r.history();
    expect(runs.kind).toBe("runs");
    if (runs.kind === "runs") {
      expect(runs.count).toBe(1);
      expect(runs.runs.map((x) => x.status)).toEqual(["Success"]);
    }
    const model = await r.history({ model: "customer_orders", rollingStats: true, window: 5 });
    expect(model.kind === "model" && model.rolling_stats?.window).toBe(5);
    const recipe = await r.history({ recipe: "abcdef12" });
    expect(recipe.kind === "recipe" && recipe.recipe_hash).toBe("abcdef12");
  });

  it("an empty state store is an empty history, not an error", async () => {
    const { r } = await setup({ commands: { history: { emptyHistory: true } } });
    const runs = await r.history();
    expect(runs.kind === "runs" && [runs.count, runs.runs.length]).toEqual([0, 0]);
  });

  it("metrics without snapshots is a result with a message (exit 0)", async () => {
    const { r } = await setup();
    // rocky 1.71 records no quality snapshots, so every model answers this way.
    for (const model of ["unknown_model", "customer_orders"]) {
      const none = await r.metrics(model, { column: "total_revenue", alerts: true });
      expect(none.snapshots).toEqual([]);
      expect(none.message).toBe("no quality metrics available");
    }
  });

  it("catalog, dag, optimize, cost, compliance, retention, review, hooks, migration, adapter, ai*", async () => {
    const { r, cwd } = await setup({}, KEY_ENV);
    expect((await r.catalog({ format: "json" })).stats.asset_count).toBe(3);
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${cwd}/.rocky/catalog/catalog.json`)).toBe(true);
    // The project's one pipeline is a replication: its source and load stages.
    const dag = await r.dag({ columnLineage: true });
    expect([dag.summary.total_nodes, dag.edges.length, dag.schema_version]).toEqual([2, 1, "1"]);
    expect(dag.column_lineage).toEqual([]);
    expect((await r.optimize()).recommendations).toHaveLength(3);
    const cost = await r.cost("latest", { by: "tenant" });
    expect(cost.per_model).toHaveLength(3);
    expect(cost.groups?.map((g) => g.key)).toEqual(["acme"]);
    expect((await r.compliance()).summary.total_exceptions).toBe(0);
    expect((await r.retentionStatus()).models).toHaveLength(3);
    const review = await r.reviewStatus(PLAN);
    expect([review.plan_id, review.reviewed, review.kind]).toEqual([PLAN, false, "ai_authored"]);
    // The project configures no hooks.
    expect((await r.hooksList()).total).toBe(0);
    expect((await r.hooksTest("on_pipeline_start")).status).toBe("no_hooks");
    const migration = await r.validateMigration({ dbtProject: "dbt" });
    expect([migration.models_imported, migration.total_warnings]).toEqual([1, 0]);
    expect((await r.testAdapter({ adapter: "duckdb" })).tests_passed).toBe(19);
    expect((await r.ai("orders per customer")).intent).toBe("orders per customer");
    expect((await r.aiSync()).proposals).toHaveLength(1);
    expect((await r.aiExplain("customer_orders")).explanations).toHaveLength(1);
    expect((await r.aiTest("customer_orders")).results[0]?.tests).toHaveLength(2);
    expect((await r.aiContract("customer_orders")).contract_toml).toMatch(/order_id/);
  });

  it("review status reports an approval and a product binding", async () => {
    const approved = await (
      await setup({ commands: { review: { review: "approved" } } })
    ).r.reviewStatus(PLAN);
    expect([approved.reviewed, approved.approver?.email]).toEqual([true, "reviewer@example.com"]);
    const bound = await (
      await setup({ commands: { review: { review: "product" } } })
    ).r.reviewStatus(PLAN);
    expect(bound.product_id).toBe("orders_product");
    expect(bound.spec_digest).toMatch(/^sha256:/);
  });
});

describe("exits that are results: a report printed with a non-zero exit resolves", () => {
  it("ci: a failing gate (exit 1) resolves with the report and its exit_code", async () => {
    const { s, r } = await setup({ commands: { ci: { ci: "fail" } } });
    const report = await r.ci();
    expect([report.exit_code, report.tests_ok, report.tests_failed]).toEqual([1, false, 1]);
    expect((await s.invocations()).find((i) => i.verb === "ci")?.exitCode).toBe(1);
  });

  it("ci: warnings only exit 0 with exit_code 4", async () => {
    const { s, r } = await setup({ commands: { ci: { ci: "warn" } } });
    expect((await r.ci()).exit_code).toBe(4);
    expect((await s.invocations()).find((i) => i.verb === "ci")?.exitCode).toBe(0);
  });

  it("compliance: exceptions exit 1 only with failOnException, and resolve either way", async () => {
    const { s, r } = await setup({ commands: { compliance: { complianceExceptions: true } } });
    expect((await r.compliance()).exceptions).toHaveLength(2);
    const gated = await r.compliance({ failOnException: true, env: "prod" });
    expect(gated.exceptions).toHaveLength(1);
    const exits = (await s.invocations())
      .filter((i) => i.verb === "compliance")
      .map((i) => i.exitCode);
    expect(exits).toEqual([0, 1]);
  });

  it("testAdapter: a failed conformance test (exit 1) resolves with the report", async () => {
    const { s, r } = await setup({ commands: { "test-adapter": { failure: true } } });
    const report = await r.testAdapter({ adapter: "duckdb" });
    expect(report.tests_failed).toBe(1);
    expect(report.results.filter((x) => x.status === "failed")).toHaveLength(1);
    expect((await s.invocations()).find((i) => i.verb === "test-adapter")?.exitCode).toBe(1);
  });

  it("hooksTest: an abort status is a result (exit 0); no hooks is a result too", async () => {
    const abort = await setup({ commands: { "hooks test": { hooks: "abort" } } });
    expect((await abort.r.hooksTest("on_materialize_error")).status).toBe("abort");
    const none = await setup({ commands: { hooks: { hooks: "none" } } });
    expect((await none.r.hooksTest("on_pipeline_start")).status).toBe("no_hooks");
    expect((await none.r.hooksList()).hooks).toEqual([]);
  });

  it("a non-zero exit without a report is a RockyCommandError carrying rocky's message", async () => {
    const { r } = await setup();
    const cases: [Call, RegExp][] = [
      [(x) => x.cost("run-unknown"), /no run with id 'run-unknown' in the state store/],
      [(x) => x.cost("latest", { model: "raw_orders" }), /model 'raw_orders' not found in run/],
      [(x) => x.lineage("nope"), /model 'nope' not found/],
      [(x) => x.retentionStatus({ model: "nope" }), /model 'nope' not found/],
      [(x) => x.reviewStatus("cd".repeat(32)), /failed to read plan/],
      [(x) => x.hooksTest("on_nothing"), /unknown hook event: on_nothing/],
      [(x) => x.ai("orders"), /ANTHROPIC_API_KEY not set/],
    ];
    for (const [call, message] of cases) {
      const err = await rejection(call(r));
      expect(err).toBeInstanceOf(RockyCommandError);
      expect((err as RockyCommandError).exitCode).toBe(1);
      expect((err as RockyCommandError).stderrTail).toMatch(message);
    }
  });

  it("a declared result exit is still an error when rocky printed no report (ci, review)", async () => {
    const ci = await setup({ commands: { ci: { exitCode: 1, output: "none" } } });
    expect(await rejection(ci.r.ci())).toBeInstanceOf(RockyCommandError);
    const review = await setup({ commands: { review: { review: "invalid" } } });
    const err = await rejection(review.r.reviewStatus(PLAN));
    expect(err).toBeInstanceOf(RockyCommandError);
    expect((err as RockyCommandError).stderrTail).toMatch(/malformed/);
  });
});

describe("engine floors are checked before spawning the verb", () => {
  const cases: [string, string, Call][] = [
    ["reviewStatus needs 1.71.0", "1.70.9", (r) => r.reviewStatus(PLAN)],
    ["aiContract needs 1.44.0", "1.43.0", (r) => r.aiContract("customer_orders")],
    ["history recipe needs 1.57.0", "1.56.0", (r) => r.history({ recipe: "abcdef12" })],
    ["dag without modelsDir needs 1.68.0", "1.67.0", (r) => r.dag()],
  ];
  it.each(cases)("%s", async (_name, version, call) => {
    const { s, r } = await setup({ version }, KEY_ENV);
    const err = await rejection(call(r));
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(await verbArgv(s)).toEqual([]);
  });

  it("dag with a modelsDir runs on an engine older than 1.68 (the flag rocky always had)", async () => {
    const { s, r } = await setup({ version: "1.67.0" });
    await r.dag({ modelsDir: "models" });
    expect(await verbArgv(s)).toEqual([["dag", "--models=models"]]);
  });

  it("history without recipe runs on the older engine", async () => {
    const { r } = await setup({ version: "1.56.0" });
    expect((await r.history()).kind).toBe("runs");
  });
});

describe("bad input is refused with a typed error naming the field, nothing spawned", () => {
  const cases: [string, Call, string][] = [
    ["lineage target with a leading -", (r) => r.lineage("-x"), "target"],
    ["lineage target with two dots", (r) => r.lineage("a.b.c"), "target"],
    ["lineage target with a newline", (r) => r.lineage("orders\n"), "target"],
    [
      "lineage column and a dotted target",
      (r) => r.lineage("orders.id", { column: "id" }),
      "column",
    ],
    [
      "lineage both directions",
      (r) => r.lineage("orders", { downstream: true, upstream: true }),
      "upstream",
    ],
    ["lineage column not an identifier", (r) => r.lineage("orders", { column: "--all" }), "column"],
    ["catalog out with a leading -", (r) => r.catalog({ out: "-o" }), "out"],
    ["catalog unknown format", (r) => r.catalog({ format: "csv" as never }), "format"],
    ["history model and recipe", (r) => r.history({ model: "a", recipe: "abcdef12" }), "recipe"],
    [
      "history rollingStats without model",
      (r) => r.history({ rollingStats: true }),
      "rollingStats",
    ],
    ["history window without rollingStats", (r) => r.history({ model: "a", window: 5 }), "window"],
    ["history window 0", (r) => r.history({ model: "a", rollingStats: true, window: 0 }), "window"],
    ["history recipe not hex", (r) => r.history({ recipe: "-zz" }), "recipe"],
    ["history since not a date", (r) => r.history({ since: "yesterday" }), "since"],
    ["metrics model with a leading -", (r) => r.metrics("-v"), "model"],
    ["metrics column with a control char", (r) => r.metrics("a", { column: "a\u0007" }), "column"],
    ["optimize model dotted", (r) => r.optimize({ model: "a.b" }), "model"],
    ["cost target with a leading -", (r) => r.cost("-latest"), "target"],
    ["cost target with a space", (r) => r.cost("run 1"), "target"],
    ["cost by unknown", (r) => r.cost("latest", { by: "day" as never }), "by"],
    ["compliance env with a leading -", (r) => r.compliance({ env: "-prod" }), "env"],
    [
      "retentionStatus env is not an option",
      (r) => r.retentionStatus({ env: "prod" } as never),
      "env",
    ],
    ["reviewStatus plan id not hex", (r) => r.reviewStatus("-".repeat(64)), "planId"],
    ["reviewStatus plan id short", (r) => r.reviewStatus("abc"), "planId"],
    ["hooksTest event with a leading -", (r) => r.hooksTest("--help"), "event"],
    ["validateMigration without dbtProject", (r) => r.validateMigration({} as never), "dbtProject"],
    [
      "validateMigration dbtProject with a leading -",
      (r) => r.validateMigration({ dbtProject: "-x" }),
      "dbtProject",
    ],
    [
      "validateMigration sampleSize 0",
      (r) => r.validateMigration({ dbtProject: "d", sampleSize: 0 }),
      "sampleSize",
    ],
    ["testAdapter with neither", (r) => r.testAdapter({}), "adapter"],
    ["testAdapter with both", (r) => r.testAdapter({ adapter: "duckdb", command: "x" }), "adapter"],
    [
      "testAdapter config not an object",
      (r) => r.testAdapter({ adapter: "duckdb", adapterConfig: "{}" as never }),
      "adapterConfig",
    ],
    ["ai intent with a newline", (r) => r.ai("a\nb"), "intent"],
    ["ai intent over 4 KiB", (r) => r.ai("x".repeat(4097)), "intent"],
    [
      "ai incremental without watermark",
      (r) => r.ai("x", { materialization: "incremental" }),
      "watermark",
    ],
    ["ai target not 3 parts", (r) => r.ai("x", { target: "a.b" }), "target"],
    ["ai uniqueKey with a leading -", (r) => r.ai("x", { uniqueKey: ["-x"] }), "uniqueKey[0]"],
    ["aiExplain neither model nor all", (r) => r.aiExplain(), "model"],
    ["aiExplain model and all", (r) => r.aiExplain("a", { all: true }), "all"],
    ["aiTest neither model nor all", (r) => r.aiTest(), "model"],
    ["aiContract model with a leading -", (r) => r.aiContract("-s"), "model"],
    ["a misspelt option", (r) => r.dag({ columnLinage: true } as never), "columnLinage"],
  ];
  it.each(cases)("%s", async (_name, call, field) => {
    const { s, r } = await setup({}, KEY_ENV);
    const err = await rejection(call(r));
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).issues.map((i) => i.path)).toContain(field);
    expect(await s.invocations()).toEqual([]);
  });
});

describe("the adapter config never reaches the logs", () => {
  it("--adapter-config's value is masked in the debug argv", async () => {
    const s = await sim();
    const lines: unknown[] = [];
    const logger = {
      level: "debug",
      isLevelEnabled: () => true,
      child() {
        return this;
      },
      debug: (o: unknown) => lines.push(o),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    const r = resourceFor(s, { cwd: await tempDir(), logger: logger as never });
    await r.testAdapter({ adapter: "duckdb", adapterConfig: { token: "s3cr3t-value" } });
    const text = JSON.stringify(lines);
    expect(text).toContain("--adapter-config=***");
    expect(text).not.toContain("s3cr3t-value");
  });
});

describe("the table: each report verb's module names its rocky command and declares its exits", () => {
  it("names, result exits, shadow policy and floors", async () => {
    const VERBS = await (await import("../../src/verbs/index.js")).loadAllVerbs();
    const mine = {
      lineage: ["lineage", []],
      catalog: ["catalog", []],
      dag: ["dag", []],
      history: ["history", []],
      metrics: ["metrics", []],
      optimize: ["optimize", []],
      cost: ["cost", []],
      ci: ["ci", [1]],
      compliance: ["compliance", [1]],
      retentionStatus: ["retention-status", []],
      reviewStatus: ["review", []],
      hooksList: ["hooks list", []],
      hooksTest: ["hooks test", []],
      validateMigration: ["validate-migration", []],
      testAdapter: ["test-adapter", [1]],
      ai: ["ai", []],
      aiSync: ["ai-sync", []],
      aiExplain: ["ai-explain", []],
      aiTest: ["ai-test", []],
      aiContract: ["ai-contract", []],
    } as const;
    for (const [key, [name, exits]] of Object.entries(mine)) {
      const spec = VERBS[key as keyof typeof VERBS];
      expect(
        [spec.name, spec.command.join(" "), [...spec.resultExitCodes], spec.shadow],
        key,
      ).toEqual([key, name, exits, "none"]);
    }
    expect([VERBS.reviewStatus.minVersion, VERBS.aiContract.minVersion]).toEqual([
      "1.71.0",
      "1.44.0",
    ]);
    expect(VERBS.history.featureFloors).toEqual([{ option: "recipe", minVersion: "1.57.0" }]);
    expect(VERBS.dag.featureFloors).toEqual([
      { option: "modelsDir", minVersion: "1.68.0", when: "absent" },
    ]);
  });
});

describe("hostile values: refused before spawning, or exactly one inert argv token", () => {
  const HOSTILE = [
    "-x",
    "--all",
    "a b",
    "$(touch pwned)",
    "`id`",
    "a;b",
    "a|b",
    "a\nb",
    "a\u0000b",
    "*",
    "$HOME",
    "a=b",
    "",
    "caf\u00e9",
    "a\u202eb",
  ];
  // Each field: the call, and the argv token a value that is accepted must become.
  const FIELDS: [
    string,
    (r: RockyResource, v: string) => Promise<unknown>,
    (v: string) => string,
  ][] = [
    ["lineage target", (r, v) => r.lineage(v), (v) => v],
    [
      "lineage column",
      (r, v) => r.lineage("customer_orders", { column: v }),
      (v) => `--column=${v}`,
    ],
    ["metrics model", (r, v) => r.metrics(v), (v) => v],
    ["cost target", (r, v) => r.cost(v), (v) => v],
    ["history since", (r, v) => r.history({ since: v }), (v) => `--since=${v}`],
    ["hooksTest event", (r, v) => r.hooksTest(v), (v) => v],
    ["catalog out", (r, v) => r.catalog({ out: v }), (v) => `--out=${v}`],
    [
      "validateMigration dbtProject",
      (r, v) => r.validateMigration({ dbtProject: v }),
      (v) => `--dbt-project=${v}`,
    ],
    ["testAdapter command", (r, v) => r.testAdapter({ command: v }), (v) => `--command=${v}`],
    ["ai intent", (r, v) => r.ai(v), (v) => v],
    ["aiContract model", (r, v) => r.aiContract(v), (v) => v],
  ];
  it.each(FIELDS)("%s", async (_name, call, token) => {
    const { s, r, cwd } = await setup({}, KEY_ENV);
    for (const value of HOSTILE) {
      await s.clearInvocations();
      const outcome = await call(r, value).then(
        () => null,
        (e: unknown) => e,
      );
      const spawned = await verbArgv(s);
      if (outcome instanceof RockyConfigError) {
        expect(spawned, JSON.stringify(value)).toEqual([]);
        continue;
      }
      // Accepted: the value is exactly one token, never split, never read as a flag: a value
      // that starts with "-" is accepted only as free text after a bare "--" (ai's intent).
      expect(spawned).toHaveLength(1);
      expect([...value].some((c) => c.charCodeAt(0) < 0x20) || value === "").toBe(false);
      const argv = spawned[0] ?? [];
      expect(argv).toContain(token(value));
      if (value.startsWith("-")) {
        expect(token(value)).toBe(value);
        expect(argv[argv.indexOf(value) - 1]).toBe("--");
      }
    }
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${cwd}/pwned`)).toBe(false);
  });
});
