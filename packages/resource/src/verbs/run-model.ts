/**
 * `rocky run --model=<name>`: one compiled model, no replication and no
 * filter. rocky honours the shadow flags on this path, so it is shadowed
 * exactly like `run()` (fail closed).
 */
import { z } from "zod";
import { opt } from "./flags.js";
import { nameArg } from "./names.js";
import { callShape, checkRunRules, pushRunTail, runTailShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const RunModelOptionsSchema = z
  .strictObject({
    ...callShape,
    /** The model to run (the method's first argument). */
    name: nameArg("name"),
    /** Load the model from this pipeline's models directory (rocky >= 1.69.0). */
    pipeline: nameArg("pipeline").optional(),
    ...runTailShape,
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
    pushRunTail(args, o);
    return args;
  },
  output: schemaOutput(() => import("../schemas/run.js").then((m) => m.RunOutputSchema)),
  shadow: "shadowed_write",
  resultExitCodes: [1, 2],
  featureFloors: [{ option: "pipeline", minVersion: "1.69.0" }],
});
