// The result of run, plan, apply, resumeRun, runModel and compare records the shadow suffix the
// call ran with (`result.shadowSuffix`, typed by ShadowRecord): the one rocky got, null for
// production tables. Not part of rocky's document: JSON, spreads and deep equality leave it out.
import { describe, expect, it } from "vitest";
import { RockyPartialFailureError } from "../../src/index.js";
import { resourceFor, runReport, sim } from "../helpers.js";

const PR_42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

describe("a shadowed call's result records its suffix", () => {
  it("run, plan, apply, resumeRun, runModel and compare in PR 42: _dagster_pr_42", async () => {
    const rocky = resourceFor(await sim(), { env: PR_42 });
    const run = await rocky.run({ filter: "tenant=acme" });
    const plan = await rocky.plan({ filter: "tenant=acme" });
    const applied = await rocky.apply(plan.plan_id as string);
    const resumed = await rocky.resumeRun({ filter: "tenant=acme" });
    const model = await rocky.runModel("customer_orders");
    const compared = await rocky.compare({ filter: "tenant=acme" });
    for (const result of [run, plan, applied, resumed, model, compared])
      expect(result.shadowSuffix).toBe("_dagster_pr_42");
  });

  it("the suffix a call names wins, as it reached rocky", async () => {
    const rocky = resourceFor(await sim());
    const run = await rocky.run({ filter: "tenant=acme", shadowSuffix: "_fleet_pr_7" });
    expect(run.shadowSuffix).toBe("_fleet_pr_7");
  });

  it("production tables: null", async () => {
    const rocky = resourceFor(await sim());
    const run = await rocky.run({ filter: "tenant=acme" });
    const plan = await rocky.plan({ filter: "tenant=acme" });
    expect([run.shadowSuffix, plan.shadowSuffix]).toEqual([null, null]);
    expect((await rocky.apply(plan.plan_id as string)).shadowSuffix).toBeNull();
  });

  it("a partial failure thrown with allowPartial: false carries it on error.result", async () => {
    const rocky = resourceFor(await sim({ commands: { run: { partialFailure: true } } }), {
      env: PR_42,
    });
    const error = await rocky.run({ filter: "tenant=acme", allowPartial: false }).catch((e) => e);
    expect(error).toBeInstanceOf(RockyPartialFailureError);
    expect((error as RockyPartialFailureError).result).toHaveProperty(
      "shadowSuffix",
      "_dagster_pr_42",
    );
  });
});

describe("the record is not rocky's output", () => {
  it("non-enumerable and read-only: JSON, keys and spreads are rocky's document", async () => {
    const rocky = resourceFor(await sim(), { env: PR_42 });
    const run = await rocky.run({ filter: "tenant=acme" });
    expect(runReport(run).materializations.length).toBeGreaterThan(0);
    expect(Object.keys(run)).not.toContain("shadowSuffix");
    expect(JSON.stringify(run)).not.toContain("shadowSuffix");
    expect({ ...run }).not.toHaveProperty("shadowSuffix");
    expect(() => {
      (run as unknown as { shadowSuffix: string | null }).shadowSuffix = null;
    }).toThrow(TypeError);
    expect(run.shadowSuffix).toBe("_dagster_pr_42");
  });

  it("other verbs' results have none", async () => {
    const rocky = resourceFor(await sim(), { env: PR_42 });
    expect(Object.hasOwn(await rocky.discover(), "shadowSuffix")).toBe(false);
    expect(Object.hasOwn(await rocky.doctor(), "shadowSuffix")).toBe(false);
  });
});
