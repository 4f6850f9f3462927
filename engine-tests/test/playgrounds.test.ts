// The three `rocky playground` templates (quickstart, ecommerce, showcase), file-backed and
// seeded (support/projects.ts): production runs write their tables; PR 42's runs, started in a
// process whose own environment is the branch deployment, write only `_dagster_pr_42` tables,
// and production is read back from the DuckDB file exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTables } from "./support/duckdb.js";
import "./support/engine.js";
import { PR_SUFFIX } from "./support/env.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import { type PlaygroundTemplate, type Project, playground, tempRoot } from "./support/projects.js";
import { runReport, targetsOf } from "./support/results.js";

const tmp = tempRoot("playgrounds");
afterAll(() => tmp.remove());

/** Per template: the tables a production run writes, and a compare filter rocky takes there. */
const TEMPLATES: Record<
  PlaygroundTemplate,
  { tables: string[]; compareFilter: string; runModels: boolean }
> = {
  // A transformation pipeline: rocky ignores --filter on run (run.rs) and compares by table,
  // model, catalog or schema (compare.rs).
  quickstart: {
    tables: ["main.raw_orders", "main.customer_orders", "main.revenue_summary"],
    compareFilter: "schema=main",
    runModels: false,
  },
  // Replication pipelines with models beside them: the PR run also builds the models (runModels).
  ecommerce: {
    tables: ["ecommerce__shop.orders", "ecommerce__shop.customers"],
    compareFilter: "source=shop",
    runModels: true,
  },
  showcase: {
    tables: ["ecommerce__shop.orders", "ecommerce__shop.customers"],
    compareFilter: "source=shop",
    runModels: true,
  },
};

describe.each(Object.keys(TEMPLATES) as PlaygroundTemplate[])("the %s playground", (template) => {
  const spec = TEMPLATES[template];
  let project: Project;
  beforeAll(async () => {
    project = await playground(tmp.root, template);
  });

  describe("production: run() writes the production tables", () => {
    it("typed run report, Success, every target a production table now in the file", async () => {
      const out = runReport(await production(project).run({ filter: project.filter }));
      expect(out.status).toBe("Success");
      const targets = targetsOf(out);
      for (const t of spec.tables) expect(targets.some((x) => x.endsWith(`.${t}`))).toBe(true);
      expect(targets.every((t) => !t.endsWith(PR_SUFFIX))).toBe(true);
      expect(await listTables(project.db)).toEqual(expect.arrayContaining(spec.tables));
    });
  });

  describe(`PR 42: run({ filter${spec.runModels ? ", runModels: true" : ""} }) from the branch deployment's own process`, () => {
    const views: Views = {};
    let outcome: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      outcome = prCall(project, "run", [
        { filter: project.filter, ...(spec.runModels ? { runModels: true } : {}) },
      ]);
      views.after = await productionView(project);
    });
    it("returns a run report whose every target ends in _dagster_pr_42", () => {
      expect(outcome.error).toBeUndefined();
      expect(outcome.result.kind).toBe("run");
      expect(outcome.result.shadow).toBe(true);
      const targets = targetsOf(outcome.result);
      expect(targets.length).toBeGreaterThanOrEqual(spec.tables.length);
      for (const t of targets) expect(t).toMatch(/_dagster_pr_42$/);
    });
    it("the shadow tables are in the file", () => {
      for (const t of spec.tables)
        expect(views.after?.relations.has(`${t}${PR_SUFFIX}`)).toBe(true);
    });
    itLeavesProductionAsItWas(views);
  });

  describe("PR 42: compare() reads the PR's shadow tables against production", () => {
    const views: Views = {};
    let outcome: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      outcome = prCall(project, "compare", [{ filter: spec.compareFilter }]);
      views.after = await productionView(project);
    });
    it("a typed comparison of every production table with its _dagster_pr_42 table", () => {
      expect(outcome.error).toBeUndefined();
      expect(["pass", "warn", "fail"]).toContain(outcome.result.overall_verdict);
      const pairs = (
        outcome.result.results as { production_table: string; shadow_table: string }[]
      ).map((r) => [r.production_table, r.shadow_table]);
      expect(pairs.length).toBeGreaterThan(0);
      for (const [prod, shadow] of pairs) expect(shadow).toBe(`${prod}${PR_SUFFIX}`);
    });
    itLeavesProductionAsItWas(views);
  });
});

describe("the quickstart playground: runModel() in PR 42", () => {
  let project: Project;
  const views: Views = {};
  let outcome: PrOutcome;
  beforeAll(async () => {
    project = await playground(tmp.root, "quickstart", "quickstart-runmodel");
    await production(project).run({ filter: project.filter });
    views.before = await productionView(project);
    outcome = prCall(project, "runModel", ["customer_orders"]);
    views.after = await productionView(project);
  });
  it("builds customer_orders_dagster_pr_42 only", () => {
    expect(outcome.error).toBeUndefined();
    expect(targetsOf(outcome.result)).toEqual(["playground.main.customer_orders_dagster_pr_42"]);
  });
  itLeavesProductionAsItWas(views);
});
