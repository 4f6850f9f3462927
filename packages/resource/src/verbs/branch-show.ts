/** `rocky branch show <name>`: one branch record; an unknown branch is exit 1 (an error). */
import { z } from "zod";
import type { BranchOutput } from "../schemas/branch.js";
import { branchName } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `branchShow()` (the branch name is its first argument): the call options. */
export interface BranchShowOptions extends CallOptions {}

/** What `branchShow()` resolves to. */
export type BranchShowResult = BranchOutput;

/** @internal */
export const BranchShowOptionsSchema = optionsSchema<BranchShowOptions & { name: string }>()(
  z.strictObject({ ...callShape, name: branchName("name") }),
);

/** @internal */
export const branchShowVerb = defineVerb({
  name: "branchShow",
  command: ["branch", "show"],
  options: BranchShowOptionsSchema,
  positionals: ["name"],
  // The name after a bare `--`: clap then never reads it as a flag.
  args: (o) => ["branch", "show", "--", o.name],
  output: schemaOutput<BranchShowResult>(() =>
    import("../schemas/branch.js").then((m) => m.BranchOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
