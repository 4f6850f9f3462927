/** `rocky run`: replicate (and optionally run models) for one filter. */
import { z } from "zod";
import type { RunResult } from "../schemas/run-result.js";
import { checkRunRules, type RunOptions, runOrPlanArgs, runShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

export type { RunResult } from "../schemas/run-result.js";
export type { RunOptions } from "./shared.js";

/** @internal */
export const RunOptionsSchema = optionsSchema<RunOptions>()(
  z.strictObject(runShape).superRefine(checkRunRules),
);

/** @internal */
export const runVerb = defineVerb({
  name: "run",
  command: ["run"],
  options: RunOptionsSchema,
  args: (o, ctx) => {
    const args = runOrPlanArgs("run", o, ctx.modelsDir);
    if (o.defer === true) args.push("--defer");
    if (o.deferTo !== undefined) args.push(`--defer-to=${o.deferTo}`);
    return args;
  },
  output: schemaOutput<RunResult>(() =>
    import("../schemas/run-result.js").then((m) => m.RunResultSchema),
  ),
  shadow: "shadowed_write",
  configGuard: "argv",
  // 2: some tables failed (PartialFailure); 1: every table failed. Both print the run report.
  resultExitCodes: [1, 2],
});
