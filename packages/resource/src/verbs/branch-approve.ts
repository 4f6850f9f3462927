/**
 * `rocky branch approve <name>`: a signed sign-off on a branch's state.
 * Refused where runs are shadowed: an automated PR deployment's sign-off is
 * no human approval.
 */
import { z } from "zod";
import type { ApproveOutput } from "../schemas/branch-approve.js";
import { branchName, freeText, path } from "../value-rules.js";
import { opt } from "./flags.js";
import { actingSuffix, type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `branchApprove()` (the branch is its first argument). */
export interface BranchApproveOptions extends CallOptions {
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix?: string | undefined;
  /** A note stored in the approval artifact (`--message`, one line, at most 4 KiB). */
  message?: string | undefined;
  /** Where to write the artifact (`--out`; default `./.rocky/approvals/<branch>/<id>.json`). */
  out?: string | undefined;
}

/** What `branchApprove()` resolves to. */
export type BranchApproveResult = ApproveOutput;

/** @internal */
export const BranchApproveOptionsSchema = optionsSchema<BranchApproveOptions & { name: string }>()(
  z.strictObject({
    ...callShape,
    name: branchName("name"),
    shadowSuffix: actingSuffix,
    message: freeText("message").optional(),
    out: path("out").optional(),
  }),
);

/** @internal */
export const branchApproveVerb = defineVerb({
  name: "branchApprove",
  command: ["branch", "approve"],
  options: BranchApproveOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["branch", "approve"];
    opt(args, "message", o.message);
    opt(args, "out", o.out);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput<BranchApproveResult>(() =>
    import("../schemas/branch-approve.js").then((m) => m.ApproveOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
});
