/** `rocky branch list`: the branches registered in the state store. */
import { z } from "zod";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const BranchListOptionsSchema = z.strictObject({ ...callShape });

export const branchListVerb = defineVerb({
  name: "branchList",
  command: "branch list",
  options: BranchListOptionsSchema,
  args: () => ["branch", "list"],
  output: schemaOutput(() =>
    import("../schemas/branch-list.js").then((m) => m.BranchListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
