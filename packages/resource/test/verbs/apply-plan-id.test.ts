import { describe, expect, it } from "vitest";
import { type PlanResult, RockyConfigError } from "../../src/index.js";
import { rejection, resourceFor, sim } from "../helpers.js";

// rocky's plan.rs leaves plan_id out when it cannot write .rocky/plans/<id>.json (a warning, exit
// 0), so PlanResult.plan_id is `string | null | undefined`. apply() takes it as typed and refuses
// the missing case itself, before any spawn, saying why it is missing.

describe("apply() takes plan().plan_id as typed", () => {
  it("a plan's plan_id is passed without a cast or a non-null assertion, and applies", async () => {
    const s = await sim();
    const rocky = resourceFor(s);
    const plan: PlanResult = await rocky.plan({ filter: "tenant=acme" });
    const out = await rocky.apply(plan.plan_id);
    expect(out.kind).toBe("run");
  });

  for (const missing of [null, undefined]) {
    it(`plan_id ${missing}: RockyConfigError on planId, saying the plan was not persisted; nothing spawned`, async () => {
      const s = await sim();
      const err = await rejection(resourceFor(s).apply(missing), RockyConfigError);
      expect(err.issues.map((i) => i.path)).toEqual(["planId"]);
      expect(err.message).toContain("rocky did not persist the plan");
      expect(err.message).toContain("call plan() again");
      expect(await s.invocations()).toEqual([]);
    });
  }

  it("a plan_id of another type still says it must be a string", async () => {
    const s = await sim();
    const err = await rejection(resourceFor(s).apply(42 as never), RockyConfigError);
    expect(err.message).toContain("planId must be a string");
  });
});
