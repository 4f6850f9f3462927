/** `rocky optimize`: materialization strategy recommendations from recorded costs. */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt } from "./flags.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const OptimizeOptionsSchema = z.strictObject({
  ...callShape,
  /** Only this model. */
  model: identifier("model").optional(),
});

export const optimizeVerb = defineVerb({
  name: "optimize",
  options: OptimizeOptionsSchema,
  args: (o, ctx) => {
    const args = ["optimize", `--models=${ctx.modelsDir}`];
    opt(args, "model", o.model);
    return args;
  },
  output: schemaOutput(() => import("../schemas/optimize.js").then((m) => m.OptimizeOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
