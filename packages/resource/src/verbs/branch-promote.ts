/**
 * `rocky branch promote <name>`: copies a branch's tables over production.
 * Refused where runs are shadowed (nothing spawned). A promotion that did not
 * fully succeed (exit 1 with a report) is a RockyPartialFailureError carrying
 * the report, unless `allowPartial: true` asks for the report itself.
 */
import { z } from "zod";
import { opt, sw } from "./flags.js";
import { branchName, gitRefArg, nameArg } from "./names.js";
import { actingSuffix, callShape, filter, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const BranchPromoteOptionsSchema = z.strictObject({
  ...callShape,
  /** The branch (the method's first argument). */
  name: branchName("name"),
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix: actingSuffix,
  /** Promote only what matches one `key=value` (`table`, `model`, `catalog`, `schema`). */
  filter: filter.optional(),
  pipeline: nameArg("pipeline").optional(),
  /** Promote without a valid approval (rocky records an `approval_skipped` audit event). */
  skipApproval: flag("skipApproval"),
  /** Promote despite breaking changes (recorded as `breaking_changes_allowed`). */
  allowBreaking: flag("allowBreaking"),
  /** The git ref the breaking-change gate compares with (rocky's default: main). */
  baseRef: gitRefArg("baseRef").optional(),
  /** Return a failed promotion's report instead of throwing. Default false. */
  allowPartial: flag("allowPartial").default(false),
});

export const branchPromoteVerb = defineVerb({
  name: "branchPromote",
  command: "branch",
  options: BranchPromoteOptionsSchema,
  positionals: ["name"],
  args: (o, ctx) => {
    const args = ["branch", "promote", `--models=${ctx.modelsDir}`];
    opt(args, "filter", o.filter);
    opt(args, "pipeline", o.pipeline);
    sw(args, "skip-approval", o.skipApproval);
    sw(args, "allow-breaking", o.allowBreaking);
    opt(args, "base-ref", o.baseRef);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/branch-promote.js").then((m) => m.BranchPromoteOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  // 1 with a report: some target failed, or the breaking-change gate blocked it.
  resultExitCodes: [1],
});
