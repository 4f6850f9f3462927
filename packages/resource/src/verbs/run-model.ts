/**
 * `rocky run --model=<name>`: one compiled model, no replication, an
 * optional filter. rocky honours the shadow flags on this path, so it is shadowed
 * exactly like `run()` (fail closed).
 */
import { z } from "zod";
import type { RunOutput } from "../schemas/run.js";
import { modelName, pipelineName } from "../value-rules.js";
import { opt } from "./flags.js";
import {
  type CallOptions,
  callShape,
  checkRunRules,
  filter,
  pushRunTail,
  type RUN_TAIL_KEYS,
  type RunOptions,
  runTailShape,
} from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `runModel()` (the model is its first argument). */
export interface RunModelOptions
  extends CallOptions,
    Pick<RunOptions, (typeof RUN_TAIL_KEYS)[number]> {
  /** Load the model from this pipeline's models directory (`--pipeline`, rocky >= 1.69.0). */
  pipeline?: string | undefined;
  /** One `key=value` pair (`--filter`), as `run()` takes it; rocky-sdk's `run_model(filter=)`. */
  filter?: string | undefined;
}

/** What `runModel()` resolves to: the run report of the one model. */
export type RunModelResult = RunOutput;

/** @internal */
export const RunModelOptionsSchema = optionsSchema<RunModelOptions & { name: string }>()(
  z
    .strictObject({
      ...callShape,
      name: modelName("name"),
      pipeline: pipelineName("pipeline").optional(),
      filter: filter.optional(),
      ...runTailShape,
    })
    .superRefine(checkRunRules),
);

/** @internal */
export const runModelVerb = defineVerb({
  name: "runModel",
  command: ["run"],
  options: RunModelOptionsSchema,
  args: (o, ctx) => {
    const args = ["run", `--model=${o.name}`];
    // With a pipeline rocky (>= 1.69) reads that pipeline's models directory.
    if (o.pipeline !== undefined) opt(args, "pipeline", o.pipeline);
    else opt(args, "models", ctx.modelsDir);
    opt(args, "filter", o.filter);
    pushRunTail(args, o);
    return args;
  },
  output: schemaOutput<RunModelResult>(() =>
    import("../schemas/run.js").then((m) => m.RunOutputSchema),
  ),
  shadow: "shadowed_write",
  configGuard: "argv",
  resultExitCodes: [1, 2],
  featureFloors: [{ option: "pipeline", minVersion: "1.69.0" }],
});
