/**
 * `rocky apply <planId>`: replays a persisted plan. rocky prints no envelope:
 * each plan kind's apply path prints its own document (run, compact, archive,
 * branch promote, restore, gc), told apart by `ApplyKindResultSchema`.
 * Where runs are shadowed the persisted plan must first be proven to be a
 * shadowed run plan (../shadow/plan-guard.ts).
 */
import { z } from "zod";
import type { ApplyKindResult } from "../schemas/apply-result.js";
import { opt } from "./flags.js";
import { specDigestArg } from "./names.js";
import { actingSuffix, callShape, flag, pickRunShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** What `apply()` resolves to: the applied plan kind's output, tagged with `kind`. */
export type ApplyResult = ApplyKindResult;

export const PlanIdSchema = z
  .string({ error: "planId must be a string" })
  .regex(/^[0-9a-fA-F]{64}$/, {
    error: "planId must be the 64-character hex id that plan() returned",
  })
  // rocky writes plan files as lower-case hex (plan_store.rs); an upper-case id would be "not found".
  .transform((id) => id.toLowerCase());

export const ApplyOptionsSchema = z.strictObject({
  ...callShape,
  planId: PlanIdSchema,
  /**
   * The product spec digest the plan must carry (`--expect-spec-digest`,
   * rocky >= 1.71.0). rocky refuses a product-bound plan without it.
   */
  expectSpecDigest: specDigestArg("expectSpecDigest").optional(),
  allowPartial: flag("allowPartial"),
  /**
   * The deployment this call acts for (a fleet worker handed a PR's job):
   * the persisted plan must be proven shadowed with exactly this suffix, and
   * its pipeline checked, wherever the worker runs. Not sent to rocky.
   */
  shadowSuffix: actingSuffix,
  /** `--state-namespace` for this call (the one the plan was made with), as on run and plan. */
  ...pickRunShape("stateNamespace"),
});

export const applyVerb = defineVerb({
  name: "apply",
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
  output: schemaOutput(() =>
    import("../schemas/apply-result.js").then((m) => m.ApplyKindResultSchema),
  ),
  shadow: "guarded_apply",
  // run plans: 2 partial, 1 every table failed; promote plans: 1 when a target failed.
  resultExitCodes: [1, 2],
  featureFloors: [{ option: "expectSpecDigest", minVersion: "1.71.0" }],
});
