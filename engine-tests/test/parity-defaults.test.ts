// The defaults taken from dagster-rocky 1.74.0, against the real engine: dag() sends no --models
// (rocky refuses a whole-project --models when two transformation pipelines share the models
// tree), and plan() without a filter plans every source, shadowed in PR 42 like a filtered plan.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RockyCommandError } from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "./support/engine.js";
import { PR_SUFFIX } from "./support/env.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import {
  type Project,
  playground,
  type ReplicationProject,
  replicationProject,
  tempRoot,
} from "./support/projects.js";

const tmp = tempRoot("parity-defaults");
afterAll(() => tmp.remove());

/**
 * The quickstart split into two transformation pipelines: `playground` over models/a
 * (raw_orders, customer_orders) and `reporting` over models/b (revenue_summary).
 */
async function twoPipelines(): Promise<Project> {
  const project = await playground(tmp.root, "quickstart", "two-pipelines");
  const models = join(project.dir, "models");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(models, "a"));
  mkdirSync(join(models, "b"));
  for (const f of [
    "raw_orders.sql",
    "raw_orders.toml",
    "customer_orders.rocky",
    "customer_orders.toml",
  ])
    renameSync(join(models, f), join(models, "a", f));
  for (const f of ["revenue_summary.sql", "revenue_summary.toml"])
    renameSync(join(models, f), join(models, "b", f));
  const config = join(project.dir, "rocky.toml");
  const text = readFileSync(config, "utf8");
  const split = text.replace(
    '[pipeline.playground]\ntype = "transformation"\nmodels = "models/**"',
    '[pipeline.playground]\ntype = "transformation"\nmodels = "models/a/**"\n\n[pipeline.reporting]\ntype = "transformation"\nmodels = "models/b/**"\n\n[pipeline.reporting.target.governance]\nauto_create_schemas = true',
  );
  if (split === text) throw new Error("the quickstart's [pipeline.playground] block moved");
  writeFileSync(config, split);
  return project;
}

describe("dag() on a project with two transformation pipelines", () => {
  let project: Project;
  beforeAll(async () => {
    project = await twoPipelines();
  });

  it("sends no --models by default, so each pipeline reads its own root: every model, with its pipeline", async () => {
    const out = await production(project).dag();
    const nodes = out.nodes.map((n) => [n.label, (n as { pipeline?: string }).pipeline]).sort();
    expect(nodes).toEqual([
      ["customer_orders", "playground"],
      ["raw_orders", "playground"],
      ["revenue_summary", "reporting"],
    ]);
  });

  it("a per-call modelsDir sends --models, which rocky refuses on this project (why it is not the default)", async () => {
    const error = await production(project)
      .dag({ modelsDir: "models" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyCommandError);
    expect((error as RockyCommandError).message).toMatch(/claimed by transformation pipelines/);
  });
});

describe("plan() without a filter, as rocky-sdk's plan()", () => {
  let project: ReplicationProject;
  beforeAll(async () => {
    project = await replicationProject(tmp.root, "plan-unfiltered", "full_refresh");
  });

  it("production: plans every source (the filtered plan, one)", async () => {
    const all = await production(project).plan({});
    const one = await production(project).plan({ filter: project.filter });
    const targets = (p: { statements: { purpose: string; target: string }[] }) =>
      p.statements
        .filter((s) => s.purpose.endsWith("_copy"))
        .map((s) => s.target)
        .sort();
    expect(all.plan_kind).toBe("replication");
    expect(targets(one)).toEqual(["staging__orders.orders"]);
    expect(targets(all)).toEqual(["staging__customers.customers", "staging__orders.orders"]);
  });

  describe("PR 42: the unfiltered plan is shadowed, and its apply writes only _dagster_pr_42 tables", () => {
    const views: Views = {};
    let plan: PrOutcome;
    let apply: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      plan = prCall(project, "plan", [{}]);
      apply = prCall(project, "apply", [String(plan.result?.plan_id ?? "")]);
      views.after = await productionView(project);
    });
    it("plans both sources (rocky previews them under their production names; apply shadows them)", () => {
      expect(plan.error).toBeUndefined();
      const copies = (plan.result.statements as { purpose: string; target: string }[])
        .filter((s) => s.purpose.endsWith("_copy"))
        .map((s) => s.target)
        .sort();
      expect(copies).toEqual(["staging__customers.customers", "staging__orders.orders"]);
    });
    it("apply wrote both sources' shadow tables", () => {
      expect(apply.error).toBeUndefined();
      expect(views.after?.relations.has(`staging__orders.orders${PR_SUFFIX}`)).toBe(true);
      expect(views.after?.relations.has(`staging__customers.customers${PR_SUFFIX}`)).toBe(true);
    });
    itLeavesProductionAsItWas(views);
  });
});
