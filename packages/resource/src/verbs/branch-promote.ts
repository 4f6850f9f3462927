/**
 * `rocky branch promote <name>`: copies a branch's tables over production.
 * Refused where runs are shadowed (nothing spawned). A promotion that did not
 * fully succeed (exit 1 with a report) is a RockyPartialFailureError carrying
 * the report, unless `allowPartial: true` asks for the report itself.
 */
import { z } from "zod";
import type { BranchPromoteOutput } from "../schemas/branch-promote.js";
import { branchName, flag, gitRef, pipelineName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { actingSuffix, type CallOptions, callShape, filter } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `branchPromote()` (the branch is its first argument). */
export interface BranchPromoteOptions extends CallOptions {
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix?: string | undefined;
  /** Promote only what matches one `key=value` (`table`, `model`, `catalog`, `schema`). */
  filter?: string | undefined;
  /** The pipeline whose targets are promoted (`--pipeline`). */
  pipeline?: string | undefined;
  /** Promote without a valid approval (rocky records an `approval_skipped` audit event). */
  skipApproval?: boolean | undefined;
  /** Promote despite breaking changes (recorded as `breaking_changes_allowed`). */
  allowBreaking?: boolean | undefined;
  /** The git ref the breaking-change gate compares with (rocky's default: main). */
  baseRef?: string | undefined;
  /** Return a failed promotion's report instead of throwing `RockyPartialFailureError`. Default false. */
  allowPartial?: boolean | undefined;
}

/** What `branchPromote()` resolves to. */
export type BranchPromoteResult = BranchPromoteOutput;

/** @internal */
export const BranchPromoteOptionsSchema = optionsSchema<BranchPromoteOptions & { name: string }>()(
  z.strictObject({
    ...callShape,
    name: branchName("name"),
    shadowSuffix: actingSuffix,
    filter: filter.optional(),
    pipeline: pipelineName("pipeline").optional(),
    skipApproval: flag("skipApproval").optional(),
    allowBreaking: flag("allowBreaking").optional(),
    baseRef: gitRef("baseRef").optional(),
    allowPartial: flag("allowPartial").default(false),
  }),
);

/** @internal */
export const branchPromoteVerb = defineVerb({
  name: "branchPromote",
  command: ["branch", "promote"],
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
  output: schemaOutput<BranchPromoteResult>(() =>
    import("../schemas/branch-promote.js").then((m) => m.BranchPromoteOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  // 1 with a report: some target failed, or the breaking-change gate blocked it.
  resultExitCodes: [1],
});
