// A DuckDB → DuckDB replication pipeline (support/projects.ts), full refresh and incremental,
// driven in PR 42 through plan → apply → compare and through run and resumeRun, each call
// from a process whose own environment is the branch deployment. After every PR call the
// DuckDB file is read back: every non-shadow table (the sources included) is byte-identical.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHashes, rowCount } from "./support/duckdb.js";
import { ROCKY_BIN } from "./support/engine.js";
import { PR_SUFFIX, productionEnv } from "./support/env.js";
import { itLeavesProductionAsItWas, type Views } from "./support/isolation.js";
import { type PrOutcome, prCall, production, productionView } from "./support/pr.js";
import {
  type ReplicationProject,
  type ReplicationStrategy,
  replicationProject,
  tempRoot,
} from "./support/projects.js";
import { runReport, targetsOf } from "./support/results.js";

const tmp = tempRoot("replication");
afterAll(() => tmp.remove());

const PRODUCTION_TARGET = "warehouse.staging__orders.orders";
const SHADOW_TARGET = `${PRODUCTION_TARGET}${PR_SUFFIX}`;

describe.each<ReplicationStrategy>(["full_refresh", "incremental"])(
  "replication (%s): plan → apply → compare in PR 42",
  (strategy) => {
    let project: ReplicationProject;
    let planId = "";
    beforeAll(async () => {
      project = await replicationProject(tmp.root, `pipeline-${strategy}`, strategy);
    });

    describe("production: run() copies raw__orders.orders into staging__orders.orders", () => {
      it("Success, 200 rows, a watermark for the production target", async () => {
        const out = runReport(await production(project).run({ filter: project.filter }));
        expect(out.status).toBe("Success");
        expect(targetsOf(out)).toEqual([PRODUCTION_TARGET]);
        expect(await rowCount(project.db, "staging__orders.orders")).toBe(200);
        const state = await production(project).state();
        expect(state.watermarks.map((w) => w.table)).toEqual([PRODUCTION_TARGET]);
      });
    });

    describe("PR 42: plan() persists a shadowed plan and writes nothing", () => {
      const views: Views = {};
      let outcome: PrOutcome;
      beforeAll(async () => {
        await project.appendOrders(25);
        views.before = await productionView(project);
        outcome = prCall(project, "plan", [{ filter: project.filter }]);
        views.after = await productionView(project);
        planId = String(outcome.result?.plan_id ?? "");
      });
      it("a replication plan with a 64-hex plan_id", () => {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result.plan_kind).toBe("replication");
        expect(planId).toMatch(/^[0-9a-f]{64}$/);
      });
      it("no shadow table yet: a plan is a dry run", () => {
        expect(views.after?.relations.has(`staging__orders.orders${PR_SUFFIX}`)).toBe(false);
      });
      itLeavesProductionAsItWas(views);
    });

    describe("PR 42: apply(planId) replays the plan into _dagster_pr_42 only", () => {
      const views: Views = {};
      let outcome: PrOutcome;
      beforeAll(async () => {
        views.before = await productionView(project);
        outcome = prCall(project, "apply", [planId]);
        views.after = await productionView(project);
      });
      it("the replayed run wrote the shadow target with all 225 source rows", async () => {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result.kind).toBe("run");
        expect(targetsOf(outcome.result)).toEqual([SHADOW_TARGET]);
        expect(await rowCount(project.db, `staging__orders.orders${PR_SUFFIX}`)).toBe(225);
      });
      it("production still holds the 200 rows of its own run", async () => {
        expect(await rowCount(project.db, "staging__orders.orders")).toBe(200);
      });
      itLeavesProductionAsItWas(views);
    });

    describe("PR 42: compare() sees the shadow table ahead of production", () => {
      const views: Views = {};
      let outcome: PrOutcome;
      beforeAll(async () => {
        views.before = await productionView(project);
        outcome = prCall(project, "compare", [{ filter: project.filter }]);
        views.after = await productionView(project);
      });
      it("one pair, production 200 rows against shadow 225", () => {
        expect(outcome.error).toBeUndefined();
        const [pair] = outcome.result.results;
        expect(pair.production_table).toBe(PRODUCTION_TARGET);
        expect(pair.shadow_table).toBe(SHADOW_TARGET);
        expect([pair.production_count, pair.shadow_count]).toEqual([200, 225]);
      });
      itLeavesProductionAsItWas(views);
    });

    describe(`PR 42: run() after 10 more source rows (${strategy === "incremental" ? "incremental: only the delta" : "full refresh"})`, () => {
      const views: Views = {};
      let outcome: PrOutcome;
      beforeAll(async () => {
        await project.appendOrders(10);
        views.before = await productionView(project);
        outcome = prCall(project, "run", [{ filter: project.filter }]);
        views.after = await productionView(project);
      });
      it(`writes the shadow target as ${strategy}, which then holds all 235 rows`, async () => {
        expect(outcome.error).toBeUndefined();
        expect(targetsOf(outcome.result)).toEqual([SHADOW_TARGET]);
        expect(outcome.result.materializations[0].metadata.strategy).toBe(strategy);
        expect(await rowCount(project.db, `staging__orders.orders${PR_SUFFIX}`)).toBe(235);
      });
      itLeavesProductionAsItWas(views);
    });

    describe("PR 42: resumeRun() (--resume-latest) is shadowed like run()", () => {
      const views: Views = {};
      let outcome: PrOutcome;
      beforeAll(async () => {
        views.before = await productionView(project);
        outcome = prCall(project, "resumeRun", [{ filter: project.filter }]);
        views.after = await productionView(project);
      });
      it("a run report targeting only the shadow table", () => {
        expect(outcome.error).toBeUndefined();
        expect(outcome.result.kind).toBe("run");
        for (const t of targetsOf(outcome.result)) expect(t).toBe(SHADOW_TARGET);
      });
      itLeavesProductionAsItWas(views);
    });
  },
);

describe("the isolation check sees a production write (control)", () => {
  it("a production run after new source rows changes production's content hashes", async () => {
    const project = await replicationProject(tmp.root, "control", "full_refresh");
    await production(project).run({ filter: project.filter });
    await project.appendOrders(5);
    const before = await contentHashes(project.db);
    await production(project).run({ filter: project.filter });
    const after = await contentHashes(project.db);
    expect(after.get("staging__orders.orders")).not.toBe(before.get("staging__orders.orders"));
    expect(after.get("raw__orders.orders")).toBe(before.get("raw__orders.orders"));
  });
});

describe("discover() and state() on the replication project", () => {
  it("discover lists both sources; state lists the production watermark after a run", async () => {
    const project = await replicationProject(tmp.root, "reads", "incremental");
    const discovered = await production(project).discover();
    expect(discovered.sources.map((s) => s.id).sort()).toEqual(["raw__customers", "raw__orders"]);
    await production(project).run({ filter: project.filter });
    const state = await production(project).state();
    expect(state.watermarks).toEqual([
      expect.objectContaining({ table: PRODUCTION_TARGET, last_value: expect.any(String) }),
    ]);
  });
});

describe("governanceOverride: the SDK sends what rocky accepts and refuses what rocky refuses", () => {
  let project: ReplicationProject;
  beforeAll(async () => {
    project = await replicationProject(tmp.root, "governance", "full_refresh", {
      autoCreateCatalogs: true,
    });
  });
  const bareRun = (override: string) =>
    spawnSync(
      ROCKY_BIN,
      [
        "--output",
        "json",
        "run",
        `--filter=${project.filter}`,
        `--governance-override=${override}`,
      ],
      { cwd: project.dir, env: { ...productionEnv(), RUST_BACKTRACE: "0" }, encoding: "utf8" },
    );
  it("workspace bindings and grants as rocky-core's structs: rocky runs with them (exit 0)", async () => {
    const out = runReport(
      await production(project).run({
        filter: project.filter,
        governanceOverride: {
          workspace_ids: [{ id: 7474656540609532, binding_type: "READ_ONLY" }, { id: 42 }],
          grants: [{ principal: "analysts", permissions: ["SELECT", "USE CATALOG"] }],
          schema_grants: [{ principal: "analysts", permissions: ["USE SCHEMA"] }],
        },
      }),
    );
    expect(out.status).toBe("Success");
  });
  it("an empty list with the call's consent: rocky, which refuses it bare, runs with what the SDK sends", async () => {
    const bare = bareRun('{"workspace_ids":[]}');
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain("allow_empty_workspace_ids");
    const out = runReport(
      await production(project).run({
        filter: project.filter,
        governanceOverride: { workspace_ids: [] },
        allowEmptyWorkspaceIds: true,
      }),
    );
    expect(out.status).toBe("Success");
  });
  it("rocky itself refuses the bare-id shape the SDK now refuses before spawning", async () => {
    const bare = bareRun('{"workspace_ids":[123]}');
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toContain("governance override");
    const sdk = await production(project)
      .run({ filter: project.filter, governanceOverride: { workspace_ids: [123] } as never })
      .catch((e: unknown) => e);
    expect((sdk as Error).name).toBe("RockyConfigError");
  });
});
