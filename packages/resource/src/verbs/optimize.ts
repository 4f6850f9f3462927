/** `rocky optimize`: materialization strategy recommendations from recorded costs. */
import { z } from "zod";
import type { OptimizeOutput } from "../schemas/optimize.js";
import { modelName } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `optimize()`. */
export interface OptimizeOptions extends CallOptions {
  /** Only this model (`--model`). */
  model?: string | undefined;
}

/** What `optimize()` resolves to. */
export type OptimizeResult = OptimizeOutput;

/** @internal */
export const OptimizeOptionsSchema = optionsSchema<OptimizeOptions>()(
  z.strictObject({ ...callShape, model: modelName("model").optional() }),
);

/** @internal */
export const optimizeVerb = defineVerb({
  name: "optimize",
  command: ["optimize"],
  options: OptimizeOptionsSchema,
  args: (o, ctx) => {
    const args = ["optimize", `--models=${ctx.modelsDir}`];
    opt(args, "model", o.model);
    return args;
  },
  output: schemaOutput<OptimizeResult>(() =>
    import("../schemas/optimize.js").then((m) => m.OptimizeOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
