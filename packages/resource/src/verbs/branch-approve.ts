/**
 * `rocky branch approve <name>`: a signed sign-off on a branch's state.
 * Refused where runs are shadowed: an automated PR deployment's sign-off is
 * no human approval.
 */
import { z } from "zod";
import { opt } from "./flags.js";
import { branchName, freeTextArg, pathArg } from "./names.js";
import { actingSuffix, callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const BranchApproveOptionsSchema = z.strictObject({
  ...callShape,
  /** The branch (the method's first argument). */
  name: branchName("name"),
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix: actingSuffix,
  /** A note stored in the approval artifact. */
  message: freeTextArg("message").optional(),
  /** Where to write the artifact (default `./.rocky/approvals/<branch>/<id>.json`). */
  out: pathArg("out").optional(),
});

export const branchApproveVerb = defineVerb({
  name: "branchApprove",
  command: "branch",
  options: BranchApproveOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["branch", "approve"];
    opt(args, "message", o.message);
    opt(args, "out", o.out);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/branch-approve.js").then((m) => m.ApproveOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
});
