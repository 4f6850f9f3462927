/**
 * `rocky plan promote <name>`: persists a promote plan (`kind: "promote"`)
 * that `apply()` would run against production. Refused where runs are
 * shadowed, and `apply()` of a promote plan is refused there too.
 */
import { z } from "zod";
import { opt, sw } from "./flags.js";
import { branchName, gitRefArg, nameArg } from "./names.js";
import { actingSuffix, callShape, filter, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const PlanPromoteOptionsSchema = z.strictObject({
  ...callShape,
  /** The branch (the method's first argument). */
  name: branchName("name"),
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix: actingSuffix,
  /** The git ref the breaking-change gate compares with (rocky's default: main). */
  base: gitRefArg("base").optional(),
  allowBreaking: flag("allowBreaking"),
  filter: filter.optional(),
  pipeline: nameArg("pipeline").optional(),
});

export const planPromoteVerb = defineVerb({
  name: "planPromote",
  command: "plan",
  options: PlanPromoteOptionsSchema,
  positionals: ["name"],
  args: (o, ctx) => {
    const args = ["plan", "promote", `--models=${ctx.modelsDir}`];
    opt(args, "base", o.base);
    sw(args, "allow-breaking", o.allowBreaking);
    opt(args, "filter", o.filter);
    opt(args, "pipeline", o.pipeline);
    args.push("--", o.name);
    return args;
  },
  // rocky prints a PlanOutput (`plan_kind: "promote"`), not the PromotePlan it persists.
  output: schemaOutput(() => import("../schemas/plan.js").then((m) => m.PlanOutputSchema)),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
});
