// Every other public method of RockyResource against the real engine, on projects made for
// it: the result typed by the method's own schema (a mismatch would throw), asserted on what
// the engine did; the verbs refused in a branch deployment refused there (nothing spawned,
// the DuckDB file unchanged); the ai* verbs up to rocky's refusal for a missing API key.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  RockyCommandError,
  RockyResource,
  type RockyResourceOptions,
} from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTables } from "./support/duckdb.js";
import { ENGINE_VERSION, ROCKY_BIN } from "./support/engine.js";
import { productionEnv } from "./support/env.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import {
  dbtProject,
  gitPlayground,
  hooksProject,
  type Project,
  playground,
  productProject,
  replicationProject,
  tempRoot,
} from "./support/projects.js";
import { rockyErrorLine, stderrCollector } from "./support/results.js";

const tmp = tempRoot("methods");
afterAll(() => tmp.remove());

let quickstart: Project;
beforeAll(async () => {
  quickstart = await playground(tmp.root, "quickstart");
  await production(quickstart).run({ filter: quickstart.filter });
});

/** The options every resource of this file shares (production: no Dagster+ variables). */
const base = (): RockyResourceOptions => ({
  binaryPath: ROCKY_BIN,
  cwd: quickstart.dir,
  env: productionEnv(),
});

describe("constructing a resource: version, create, fromConfig, fromConfigFile", () => {
  it("version() is the engine's own --version", async () => {
    const v = await new RockyResource(base()).version();
    expect(v.version).toBe(ENGINE_VERSION);
    expect(execFileSync(ROCKY_BIN, ["--version"], { encoding: "utf8" }).trim()).toBe(
      `rocky ${v.version}`,
    );
  });
  it("RockyResource.create({ strictDoctor: true }) passes the real doctor and returns a working resource", async () => {
    const rocky = await RockyResource.create({ ...base(), strictDoctor: true });
    expect(rocky).toBeInstanceOf(RockyResource);
    expect((await rocky.compile()).models).toBe(3);
  });
  it("RockyResource.fromConfig(object) drives the engine", async () => {
    const rocky = RockyResource.fromConfig(base());
    expect((await rocky.state()).command).toBe("state");
  });
  it("RockyResource.fromConfigFile(yaml): cwd relative to the file's folder", async () => {
    const file = join(quickstart.dir, "rocky-resource.yaml");
    writeFileSync(file, `binaryPath: ${JSON.stringify(ROCKY_BIN)}\ncwd: .\nmodelsDir: models\n`);
    const rocky = await RockyResource.fromConfigFile(file, { env: productionEnv() });
    expect((await rocky.dag()).nodes.length).toBe(3);
  });
});

describe("reads of the quickstart after a production run", () => {
  const rocky = () => new RockyResource(base());
  it("compile(): three models, no error diagnostic", async () => {
    const out = await rocky().compile();
    expect(out.models).toBe(3);
    expect(out.diagnostics.filter((d) => String(d.severity) === "Error")).toEqual([]);
  });
  it("test(): the models pass rocky's in-memory run", async () => {
    const out = await rocky().test();
    expect(out.failed).toBe(0);
    expect(out.passed).toBeGreaterThan(0);
  });
  it("doctor(): a typed report of named checks", async () => {
    const out = await rocky().doctor();
    expect(out.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["config"]));
  });
  it("dag(): raw_orders → customer_orders → revenue_summary", async () => {
    const out = await rocky().dag();
    expect(out.execution_layers.flat().map(String)).toEqual([
      "transformation:raw_orders",
      "transformation:customer_orders",
      "transformation:revenue_summary",
    ]);
  });
  it("lineage(): a model's lineage (kind model) and one column's trace (kind column)", async () => {
    const model = await rocky().lineage("customer_orders");
    expect(model.kind).toBe("model");
    if (model.kind === "model") expect(model.downstream).toEqual(["revenue_summary"]);
    const column = await rocky().lineage("customer_orders.customer_id");
    expect(column.kind).toBe("column");
    if (column.kind === "column") expect(column.trace.length).toBeGreaterThan(0);
  });
  it("catalog({ out }): every model as an asset, catalog.json written there", async () => {
    const out = await rocky().catalog({ out: join(tmp.root, "catalog") });
    expect(out.assets.map((a) => a.fqn)).toEqual(
      expect.arrayContaining(["playground.main.customer_orders"]),
    );
    expect(existsSync(join(tmp.root, "catalog", "catalog.json"))).toBe(true);
  });
  it("history(): the production run, and one model's executions (kind runs, kind model)", async () => {
    const runs = await rocky().history();
    expect(runs.kind).toBe("runs");
    if (runs.kind === "runs") expect(runs.runs.length).toBeGreaterThan(0);
    const model = await rocky().history({ model: "customer_orders" });
    expect(model.kind).toBe("model");
  });
  it("metrics(): a model without quality snapshots is a result with message", async () => {
    const out = await rocky().metrics("customer_orders");
    expect(out.model).toBe("customer_orders");
    expect(out.message).toBeTruthy();
  });
  it("optimize(): a recommendation per model", async () => {
    const out = await rocky().optimize();
    expect(out.recommendations.map((r) => r.model_name)).toEqual(
      expect.arrayContaining(["customer_orders"]),
    );
  });
  it('cost("latest"): the latest run, per model', async () => {
    const out = await rocky().cost("latest");
    expect(out.per_model.map((m) => m.model_name).sort()).toEqual([
      "customer_orders",
      "raw_orders",
      "revenue_summary",
    ]);
  });
  it("ci(): compile and tests pass, exit_code 0", async () => {
    const out = await rocky().ci();
    expect([out.compile_ok, out.tests_ok, out.exit_code]).toEqual([true, true, 0]);
  });
  it("compliance(): nothing classified, no exception", async () => {
    const out = await rocky().compliance();
    expect(out.exceptions).toEqual([]);
  });
  it("retentionStatus(): one entry per model", async () => {
    const out = await rocky().retentionStatus();
    expect(out.models.map((m) => m.model).sort()).toEqual([
      "customer_orders",
      "raw_orders",
      "revenue_summary",
    ]);
  });
  it("stateHealth({ probeWrite: true }): local backend, the last run a success, the state_rw probe ok", async () => {
    const out = await rocky().stateHealth({ probeWrite: true });
    expect(out).toMatchObject({ backend: "local", lastRunStatus: "success", probeOutcome: "ok" });
  });
  it("testAdapter({ adapter: duckdb }): the conformance suite ran against DuckDB", async () => {
    const out = await rocky().testAdapter({ adapter: "duckdb" });
    expect(out.adapter).toBe("duckdb");
    expect(out.results.some((r) => r.status === "passed")).toBe(true);
  });
});

describe("shadowContext(): the suffix a call would carry, read from the process's environment", () => {
  it("in PR 42's process: shadowing required, suffix _dagster_pr_42", () => {
    const outcome = prCall(quickstart, "shadowContext", []);
    expect(outcome.result).toMatchObject({ shadowRequired: true, suffix: "_dagster_pr_42" });
  });
  it("in production: no suffix", () => {
    const ctx = new RockyResource({ ...base(), shadowMode: "branch_deploy" }).shadowContext();
    expect([ctx.shadowRequired, ctx.suffix]).toEqual([false, null]);
  });
});

describe("the ai verbs: rocky accepts their argv and refuses for the missing API key, typed", () => {
  const calls: [string, (r: RockyResource, onLog: (l: string) => void) => Promise<unknown>][] = [
    ["ai", (r, onLog) => r.ai("daily revenue per customer", { onLog })],
    ["aiSync", (r, onLog) => r.aiSync({ onLog })],
    ["aiExplain", (r, onLog) => r.aiExplain("customer_orders", { onLog })],
    ["aiTest", (r, onLog) => r.aiTest("customer_orders", { onLog })],
    ["aiContract", (r, onLog) => r.aiContract("customer_orders", { onLog })],
  ];
  it.each(calls)("%s: RockyCommandError, exit 1, ANTHROPIC_API_KEY not set", async (_m, call) => {
    const log = stderrCollector();
    const error = await call(new RockyResource(base()), log.onLog).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyCommandError);
    expect((error as RockyCommandError).exitCode).toBe(1);
    expect(rockyErrorLine(log.lines)).toContain("ANTHROPIC_API_KEY not set");
  });
});

describe("hooks: hooksList() and hooksTest(), which runs the configured hook", () => {
  let project: Project;
  beforeAll(async () => {
    project = await hooksProject(tmp.root, "hooks");
  });
  it("hooksList(): the one on_pipeline_start hook", async () => {
    const out = await production(project).hooksList();
    expect(out.hooks.map((h) => [h.event, h.command])).toEqual([
      ["on_pipeline_start", "hooks/start.sh"],
    ]);
  });
  it("hooksTest(on_pipeline_start): continue, and the hook received the synthetic event", async () => {
    const out = await production(project).hooksTest("on_pipeline_start");
    expect(out.status).toBe("continue");
    const fired = JSON.parse(readFileSync(join(project.dir, "hook-fired.json"), "utf8"));
    expect(fired.event).toBe("pipeline_start");
  });
});

describe("validateMigration(): a dbt project imported and compiled", () => {
  it("both models imported, none failed", async () => {
    const dbt = dbtProject(tmp.root, "dbt");
    const out = await new RockyResource(base()).validateMigration({ dbtProject: dbt });
    expect([out.models_imported, out.models_failed]).toEqual([2, 0]);
    expect(out.validations.every((v) => v.compile_ok)).toBe(true);
  });
});

describe("reviewStatus(planId): the review state of a real plan", () => {
  it("a production plan, not reviewed yet", async () => {
    const project = await replicationProject(tmp.root, "review", "full_refresh");
    const plan = await production(project).plan({ filter: project.filter });
    const out = await production(project).reviewStatus(String(plan.plan_id));
    expect([out.plan_id, out.reviewed]).toEqual([plan.plan_id, false]);
  });
});

describe("preview and branch verbs on a git project whose PR branch changes a model", () => {
  let project: Project;
  beforeAll(async () => {
    project = await gitPlayground(tmp.root, "preview");
    await production(project).run({ filter: project.filter });
  });

  describe("PR 42: previewCreate() is allowed and writes only its branch__ schema", () => {
    const views: Views = {};
    let outcome: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      outcome = prCall(project, "previewCreate", [{ name: "pr42", base: "main" }]);
      views.after = await productionView(project);
    });
    it("prunes the changed revenue_summary, copies the rest into branch__pr42", () => {
      expect(outcome.error).toBeUndefined();
      expect(outcome.result.branch_schema).toBe("branch__pr42");
      expect(outcome.result.prune_set.map((m: { model_name: string }) => m.model_name)).toEqual([
        "revenue_summary",
      ]);
    });
    itLeavesProductionAsItWas(views, (name) => name.startsWith("branch__pr42."));
  });

  describe("reading the preview and its branch", () => {
    it("previewDiff(), previewCost(): typed, with PR-comment markdown", async () => {
      const diff = await production(project).previewDiff({ name: "pr42", base: "main" });
      expect(diff.branch_name).toBe("pr42");
      expect(diff.markdown).toContain("pr42");
      const cost = await production(project).previewCost({ name: "pr42" });
      expect(cost.branch_name).toBe("pr42");
      expect(cost.markdown).toContain("pr42");
    });
    it("branchList(), branchShow(): the branch with its schema prefix", async () => {
      const list = await production(project).branchList();
      expect(list.branches.map((b) => b.name)).toContain("pr42");
      const show = await production(project).branchShow("pr42");
      expect(show.branch.schema_prefix).toBe("branch__pr42");
    });
    it("branchCompare(): the branch's tables against production (a failing comparison is a result)", async () => {
      const out = await production(project).branchCompare("pr42");
      expect(out.results.length).toBeGreaterThan(0);
      for (const r of out.results) expect(r.shadow_table).toContain(".branch__pr42.");
    });
  });

  describe("PR 42: branchApprove(), planPromote(), branchPromote() are refused before spawning", () => {
    const views: Views = {};
    const outcomes: PrOutcome[] = [];
    beforeAll(async () => {
      views.before = await productionView(project);
      outcomes.push(prCall(project, "branchApprove", ["pr42"]));
      outcomes.push(prCall(project, "planPromote", ["pr42"]));
      outcomes.push(prCall(project, "branchPromote", ["pr42"]));
      views.after = await productionView(project);
    });
    it("each a RockyShadowError REFUSED_WHEN_SHADOWED", () => {
      for (const o of outcomes) {
        expect(o.error?.name).toBe("RockyShadowError");
        expect(o.error?.code).toBe("REFUSED_WHEN_SHADOWED");
      }
    });
    it("no approval artifact was written", () => {
      expect(existsSync(join(project.dir, ".rocky/approvals/pr42"))).toBe(false);
    });
    itLeavesProductionAsItWas(views, (name) => name.startsWith("branch__pr42."));
  });

  describe("production: approve, plan the promotion, promote", () => {
    it("branchApprove(): a signed approval artifact for the branch", async () => {
      const out = await production(project).branchApprove("pr42");
      expect(out.artifact.branch).toBe("pr42");
      expect(existsSync(join(project.dir, out.artifact_path))).toBe(true);
    });
    it("planPromote(): a persisted promote plan", async () => {
      const out = await production(project).planPromote("pr42");
      expect(out.plan_kind).toBe("promote");
      expect(existsSync(join(project.dir, ".rocky/plans", `${out.plan_id}.json`))).toBe(true);
    });
    it("branchPromote({ allowPartial: true }): the promotion report, with the PR's breaking changes", async () => {
      const out = await production(project).branchPromote("pr42", { allowPartial: true });
      expect(out.branch).toBe("pr42");
      expect(JSON.stringify(out.breaking_changes)).toContain("pr_column");
    });
  });
});

describe("product verbs on a data product", () => {
  let project: Project;
  beforeAll(async () => {
    project = await productProject(tmp.root, "product");
  });
  it("productVerify(): pass, with the policy's effects", async () => {
    const out = await production(project).productVerify("revenue_daily");
    expect(out.status).toBe("pass");
    expect(out.output_model).toBe("revenue_daily");
  });
  it("productCompile(): writes the contract rocky lowers the spec to", async () => {
    const out = await production(project).productCompile("revenue_daily");
    expect(out.artifacts.map((a) => a.path)).toEqual(["models/revenue_daily.contract.toml"]);
    expect(existsSync(join(project.dir, "models/revenue_daily.contract.toml"))).toBe(true);
  });
  it("productStatus(): the committed phase of the compile", async () => {
    const out = await production(project).productStatus("revenue_daily");
    expect([out.spec_present, out.committed_phase]).toEqual([true, "lowered_contract"]);
  });
  it("PR 42: productApprove() is refused before spawning; productStatus() is allowed", () => {
    const approve = prCall(project, "productApprove", ["revenue_daily"]);
    expect(approve.error?.name).toBe("RockyShadowError");
    expect(approve.error?.code).toBe("REFUSED_WHEN_SHADOWED");
    const fulfillment = readdirSync(join(project.dir, ".rocky/fulfillment/revenue_daily"));
    expect(fulfillment.filter((f) => f.startsWith("approved-"))).toEqual([]);
    const status = prCall(project, "productStatus", ["revenue_daily"]);
    expect(status.result?.committed_phase).toBe("lowered_contract");
  });
  it("productApprove() in production: spec_approved, recorded by the project's git identity", async () => {
    const out = await production(project).productApprove("revenue_daily");
    expect(out.state).toBe("spec_approved");
    expect(out.approver).toBe("engine-tests@example.invalid");
    expect(existsSync(join(project.dir, out.snapshot_path))).toBe(true);
    expect(await listTables(project.db)).toEqual(["raw.stripe_charges"]);
  });
});
