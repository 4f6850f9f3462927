/** `rocky run`: replicate (and optionally run models) for one filter. */
import { z } from "zod";
import { checkRunRules, runOrPlanArgs, runShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const RunOptionsSchema = z.strictObject(runShape).superRefine(checkRunRules);

export const runVerb = defineVerb({
  name: "run",
  options: RunOptionsSchema,
  args: (o, ctx) => {
    const args = runOrPlanArgs("run", o, ctx.modelsDir);
    if (o.defer === true) args.push("--defer");
    if (o.deferTo !== undefined) args.push(`--defer-to=${o.deferTo}`);
    return args;
  },
  output: schemaOutput(() => import("../schemas/run-result.js").then((m) => m.RunResultSchema)),
  shadow: "shadowed_write",
  // 2: some tables failed (PartialFailure); 1: every table failed. Both print the run report.
  resultExitCodes: [1, 2],
});
