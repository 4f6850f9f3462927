/** `rocky retention-status`: configured data retention per model. */
import { z } from "zod";
import type { RetentionStatusOutput } from "../schemas/retention-status.js";
import { flag, modelName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `retentionStatus()`. */
export interface RetentionStatusOptions extends CallOptions {
  /** Only this model (`--model`; rocky >= 1.71 refuses an unknown one). */
  model?: string | undefined;
  /** Probe the warehouse for the applied retention (`--drift`). */
  drift?: boolean | undefined;
}

/** What `retentionStatus()` resolves to. */
export type RetentionStatusResult = RetentionStatusOutput;

/** @internal */
export const RetentionStatusOptionsSchema = optionsSchema<RetentionStatusOptions>()(
  z.strictObject({
    ...callShape,
    model: modelName("model").optional(),
    drift: flag("drift").optional(),
  }),
);

/** @internal */
export const retentionStatusVerb = defineVerb({
  name: "retentionStatus",
  command: ["retention-status"],
  options: RetentionStatusOptionsSchema,
  args: (o, ctx) => {
    const args = ["retention-status", `--models=${ctx.modelsDir}`];
    opt(args, "model", o.model);
    sw(args, "drift", o.drift);
    return args;
  },
  output: schemaOutput<RetentionStatusResult>(() =>
    import("../schemas/retention-status.js").then((m) => m.RetentionStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
