/**
 * `rocky run --model=<name>`: one compiled model, no replication and no
 * filter. rocky honours the shadow flags on this path, so it is shadowed
 * exactly like `run()` (fail closed).
 */
import { z } from "zod";
import { opt, sw } from "./flags.js";
import { nameArg } from "./names.js";
import { callShape, checkRunRules, runShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

const {
  shadowSuffix,
  stateNamespace,
  partition,
  from,
  to,
  latest,
  missing,
  lookback,
  parallel,
  allowPartial,
} = runShape;

export const RunModelOptionsSchema = z
  .strictObject({
    ...callShape,
    /** The model to run (the method's first argument). */
    name: nameArg("name"),
    /** Load the model from this pipeline's models directory (rocky >= 1.69.0). */
    pipeline: nameArg("pipeline").optional(),
    shadowSuffix,
    stateNamespace,
    partition,
    from,
    to,
    latest,
    missing,
    lookback,
    parallel,
    allowPartial,
  })
  .superRefine(checkRunRules);

export const runModelVerb = defineVerb({
  name: "runModel",
  command: "run",
  options: RunModelOptionsSchema,
  args: (o, ctx) => {
    const args = ["run", `--model=${o.name}`];
    // With a pipeline rocky (>= 1.69) reads that pipeline's models directory.
    if (o.pipeline !== undefined) opt(args, "pipeline", o.pipeline);
    else opt(args, "models", ctx.modelsDir);
    if (o.shadowSuffix !== undefined) args.push("--shadow", `--shadow-suffix=${o.shadowSuffix}`);
    opt(args, "partition", o.partition);
    if (o.from !== undefined && o.to !== undefined) args.push(`--from=${o.from}`, `--to=${o.to}`);
    sw(args, "latest", o.latest);
    sw(args, "missing", o.missing);
    opt(args, "lookback", o.lookback);
    opt(args, "parallel", o.parallel);
    return args;
  },
  output: schemaOutput(() => import("../schemas/run.js").then((m) => m.RunOutputSchema)),
  shadow: "shadowed_write",
  resultExitCodes: [1, 2],
  featureFloors: [{ option: "pipeline", minVersion: "1.69.0" }],
});
