/**
 * `rocky apply <planId>`: replays a persisted plan. rocky prints no envelope:
 * each plan kind's apply path prints its own document (run, compact, archive,
 * branch promote, restore, gc), told apart by `ApplyKindResultSchema`.
 * Where runs are shadowed the persisted plan must first be proven to be a
 * shadowed run plan (../shadow/plan-guard.ts).
 */
import { z } from "zod";
import type { ApplyKindResult } from "../schemas/apply-result.js";
import { flag, planId, specDigest } from "../value-rules.js";
import { opt } from "./flags.js";
import { actingSuffix, type CallOptions, callShape, pickRunShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `apply()` (the plan id is its first argument). */
export interface ApplyOptions extends CallOptions {
  /**
   * The product spec digest the plan must carry (`--expect-spec-digest`,
   * rocky >= 1.71.0). rocky refuses a product-bound plan without it.
   */
  expectSpecDigest?: string | undefined;
  /** A run plan that failed for some tables resolves to its report instead of throwing (default true). */
  allowPartial?: boolean | undefined;
  /**
   * The deployment this call acts for (a fleet worker handed a PR's job):
   * the persisted plan must be proven shadowed with exactly this suffix, and
   * its pipeline checked, wherever the worker runs. Not sent to rocky.
   */
  shadowSuffix?: string | undefined;
  /** `--state-namespace` for this call (the one the plan was made with), as on run and plan. */
  stateNamespace?: string | undefined;
}

/** What `apply()` resolves to: the applied plan kind's output, tagged `kind`. */
export type ApplyResult = ApplyKindResult;

/** @internal */
export const PlanIdSchema = planId("planId");

/** @internal */
export const ApplyOptionsSchema = optionsSchema<ApplyOptions & { planId: string }>()(
  z.strictObject({
    ...callShape,
    planId: PlanIdSchema,
    expectSpecDigest: specDigest("expectSpecDigest").optional(),
    allowPartial: flag("allowPartial").optional(),
    shadowSuffix: actingSuffix,
    ...pickRunShape("stateNamespace"),
  }),
);

/** @internal */
export const applyVerb = defineVerb({
  name: "apply",
  command: ["apply"],
  options: ApplyOptionsSchema,
  positionals: ["planId"],
  args: (o) => {
    const args = ["apply"];
    opt(args, "expect-spec-digest", o.expectSpecDigest);
    // A 64-hex id can never read as a flag: no `--` needed (the argv stays what it always was).
    args.push(o.planId);
    return args;
  },
  // The kind dispatch schema loads on first use (cold start; see BENCHMARKS.md).
  output: schemaOutput<ApplyResult>(() =>
    import("../schemas/apply-result.js").then((m) => m.ApplyKindResultSchema),
  ),
  shadow: "guarded_apply",
  configGuard: "plan",
  // run plans: 2 partial, 1 every table failed; promote plans: 1 when a target failed.
  resultExitCodes: [1, 2],
  featureFloors: [{ option: "expectSpecDigest", minVersion: "1.71.0" }],
});
