/**
 * `rocky branch compare <name>`: the branch's schema (`branch__<name>`)
 * against production, through rocky's compare (default thresholds). It
 * prints compare's report; a failing comparison (exit 1 with the report) is
 * a result, as with `compare()`. Read-only, so no shadow suffix is involved.
 */
import { z } from "zod";
import type { CompareOutput } from "../schemas/compare.js";
import { branchName } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape, filter } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `branchCompare()` (the branch name is its first argument). */
export interface BranchCompareOptions extends CallOptions {
  /** One `key=value` pair, as `run()`'s (optional here: rocky compares every source without it). */
  filter?: string | undefined;
}

/** What `branchCompare()` resolves to: `rocky compare` of the branch's tables. */
export type BranchCompareResult = CompareOutput;

/** @internal */
export const BranchCompareOptionsSchema = optionsSchema<BranchCompareOptions & { name: string }>()(
  z.strictObject({ ...callShape, name: branchName("name"), filter: filter.optional() }),
);

/** @internal */
export const branchCompareVerb = defineVerb({
  name: "branchCompare",
  command: ["branch", "compare"],
  options: BranchCompareOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["branch", "compare"];
    opt(args, "filter", o.filter);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput<BranchCompareResult>(() =>
    import("../schemas/compare.js").then((m) => m.CompareOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
