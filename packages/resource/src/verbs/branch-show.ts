/** `rocky branch show <name>`: one branch record; an unknown branch is exit 1 (an error). */
import { z } from "zod";
import { branchName } from "./branch-name.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const BranchShowOptionsSchema = z.strictObject({
  ...callShape,
  name: branchName("name"),
});

export const branchShowVerb = defineVerb({
  name: "branchShow",
  command: "branch show",
  options: BranchShowOptionsSchema,
  positionals: ["name"],
  // The name after a bare `--`: clap then never reads it as a flag.
  args: (o) => ["branch", "show", "--", o.name],
  output: schemaOutput(() => import("../schemas/branch.js").then((m) => m.BranchOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
