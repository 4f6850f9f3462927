/**
 * `rocky plan promote <name>`: persists a promote plan (`kind: "promote"`)
 * that `apply()` would run against production. Refused where runs are
 * shadowed, and `apply()` of a promote plan is refused there too.
 */
import { z } from "zod";
import type { PlanOutput } from "../schemas/plan.js";
import { branchName, flag, gitRef, pipelineName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { actingSuffix, type CallOptions, callShape, filter } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `planPromote()` (the branch is its first argument). */
export interface PlanPromoteOptions extends CallOptions {
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix?: string | undefined;
  /** The git ref the breaking-change gate compares with (`--base`; rocky's default: main). */
  base?: string | undefined;
  /** Plan the promotion despite breaking changes (`--allow-breaking`). */
  allowBreaking?: boolean | undefined;
  /** Promote only what matches one `key=value` (`table`, `model`, `catalog`, `schema`). */
  filter?: string | undefined;
  /** The pipeline whose targets are promoted (`--pipeline`). */
  pipeline?: string | undefined;
}

/** What `planPromote()` resolves to: the plan `rocky plan promote` printed. */
export type PlanPromoteResult = PlanOutput;

/** @internal */
export const PlanPromoteOptionsSchema = optionsSchema<PlanPromoteOptions & { name: string }>()(
  z.strictObject({
    ...callShape,
    name: branchName("name"),
    shadowSuffix: actingSuffix,
    base: gitRef("base").optional(),
    allowBreaking: flag("allowBreaking").optional(),
    filter: filter.optional(),
    pipeline: pipelineName("pipeline").optional(),
  }),
);

/** @internal */
export const planPromoteVerb = defineVerb({
  name: "planPromote",
  command: ["plan", "promote"],
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
  output: schemaOutput<PlanPromoteResult>(() =>
    import("../schemas/plan.js").then((m) => m.PlanOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
});
