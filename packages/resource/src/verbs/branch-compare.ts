/**
 * `rocky branch compare <name>`: the branch's schema (`branch__<name>`)
 * against production, through rocky's compare (default thresholds). It
 * prints compare's report; a failing comparison (exit 1 with the report) is
 * a result, as with `compare()`. Read-only, so no shadow suffix is involved.
 */
import { z } from "zod";
import { branchName } from "./branch-name.js";
import { opt } from "./flags.js";
import { callShape, filter } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const BranchCompareOptionsSchema = z.strictObject({
  ...callShape,
  name: branchName("name"),
  /** One `key=value` pair (optional here: rocky compares every source without it). */
  filter: filter.optional(),
});

export const branchCompareVerb = defineVerb({
  name: "branchCompare",
  command: "branch compare",
  options: BranchCompareOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["branch", "compare"];
    opt(args, "filter", o.filter);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput(() => import("../schemas/compare.js").then((m) => m.CompareOutputSchema)),
  shadow: "none",
  resultExitCodes: [1],
});
