/** `rocky retention-status`: configured data retention per model. */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const RetentionStatusOptionsSchema = z.strictObject({
  ...callShape,
  /** Only this model (rocky >= 1.71 refuses an unknown one). */
  model: identifier("model").optional(),
  /** Probe the warehouse for the applied retention. */
  drift: flag("drift"),
});

export const retentionStatusVerb = defineVerb({
  name: "retention-status",
  options: RetentionStatusOptionsSchema,
  args: (o, ctx) => {
    const args = ["retention-status", `--models=${ctx.modelsDir}`];
    opt(args, "model", o.model);
    sw(args, "drift", o.drift);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/retention-status.js").then((m) => m.RetentionStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
