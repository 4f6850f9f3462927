/** `rocky branch list`: the branches registered in the state store. */
import type { BranchListOutput } from "../schemas/branch-list.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `branchList()`: the call options. */
export interface BranchListOptions extends CallOptions {}

/** What `branchList()` resolves to. */
export type BranchListResult = BranchListOutput;

/** @internal */
export const branchListVerb = defineVerb({
  name: "branchList",
  command: ["branch", "list"],
  options: CallOptionsSchema,
  args: () => ["branch", "list"],
  output: schemaOutput<BranchListResult>(() =>
    import("../schemas/branch-list.js").then((m) => m.BranchListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
