// The pipeline types whose runs rocky cannot shadow (run.rs): a quality pipeline (its checks
// read production and its quarantine writes beside the checked table) and a load pipeline
// (`reject_unsupported_shadow`). In production their runs parse with our schemas, the load
// report included; in PR 42 they are refused, by the SDK or by rocky, and the DuckDB file is
// read back unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTables, rowCount } from "./support/duckdb.js";
import "./support/engine.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import { loadProject, type Project, qualityProject, tempRoot } from "./support/projects.js";
import { rockyErrorLine, runReport } from "./support/results.js";

const tmp = tempRoot("pipelines");
afterAll(() => tmp.remove());

describe("a quality pipeline", () => {
  let project: Project;
  beforeAll(async () => {
    project = await qualityProject(tmp.root, "quality");
  });

  describe("PR 42: run() is refused before spawning (rocky ignores --shadow for quality pipelines)", () => {
    const views: Views = {};
    let outcome: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      outcome = prCall(project, "run", [{ filter: project.filter }]);
      views.after = await productionView(project);
    });
    it("RockyShadowError PIPELINE_NOT_SHADOWABLE", () => {
      expect(outcome.ok).toBe(false);
      expect(outcome.error?.name).toBe("RockyShadowError");
      expect(outcome.error?.code).toBe("PIPELINE_NOT_SHADOWABLE");
    });
    itLeavesProductionAsItWas(views);
  });

  describe("production: run() prints a run report with the checks and the quarantine", () => {
    it("pipeline_type quality, failing assertions as results, orders__valid and orders__quarantine written", async () => {
      const out = runReport(await production(project).run({ filter: project.filter }));
      expect(out.pipeline_type).toBe("quality");
      const checks = out.check_results.flatMap((t) => t.checks);
      expect(checks.find((c) => c.name === "orders_customer_id_required")?.passed).toBe(false);
      expect(checks.find((c) => c.name === "row_count")?.passed).toBe(true);
      expect(out.quarantine?.[0]).toMatchObject({ valid_rows: 93, quarantined_rows: 7 });
      expect(await listTables(project.db)).toEqual(
        expect.arrayContaining([
          "staging__orders.orders__valid",
          "staging__orders.orders__quarantine",
        ]),
      );
    });
  });
});

describe("a load pipeline", () => {
  let project: Project;
  beforeAll(async () => {
    project = await loadProject(tmp.root, "load");
  });

  describe("PR 42: run() is refused by rocky (a load's target is not rewritten), typed", () => {
    const views: Views = {};
    let outcome: PrOutcome;
    beforeAll(async () => {
      views.before = await productionView(project);
      outcome = prCall(project, "run", [{ filter: project.filter }], { logArg: 0 });
      views.after = await productionView(project);
    });
    it("RockyCommandError, exit 1, rocky's reason on stderr", () => {
      expect(outcome.error?.name).toBe("RockyCommandError");
      expect(outcome.error?.exitCode).toBe(1);
      expect(rockyErrorLine(outcome.stderr)).toContain("not supported for load pipelines");
    });
    it("nothing was loaded", () => {
      expect(views.after?.relations.has("main.customers")).toBe(false);
    });
    itLeavesProductionAsItWas(views);
  });

  describe("production: run() returns the load report, typed (kind: load)", () => {
    it("two files, 42 rows, each loaded into main.<file stem>; the seeded table untouched", async () => {
      const before = await rowCount(project.db, "main.untouched");
      const out = await production(project).run({ filter: project.filter });
      expect(out.kind).toBe("load");
      if (out.kind !== "load") return;
      expect(out.command).toBe("load");
      expect([out.files_loaded, out.files_failed, out.total_rows]).toEqual([2, 0, 42]);
      expect(out.files.map((f) => f.target).sort()).toEqual(["main.customers", "main.events"]);
      expect(await rowCount(project.db, "main.customers")).toBe(30);
      expect(await rowCount(project.db, "main.events")).toBe(12);
      expect(await rowCount(project.db, "main.untouched")).toBe(before);
    });
    it("resumeRun() of the load pipeline returns the load report too", async () => {
      const out = await production(project).resumeRun({ filter: project.filter });
      expect(out.kind).toBe("load");
    });
  });
});
