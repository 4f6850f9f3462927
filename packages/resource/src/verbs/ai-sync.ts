/** `rocky ai-sync`: schema changes turned into intent-guided model edits (`apply` writes them). */
import { z } from "zod";
import type { AiSyncOutput } from "../schemas/ai-sync.js";
import { flag, modelName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `aiSync()`. */
export interface AiSyncOptions extends CallOptions {
  /** Write the proposed changes (`--apply`; rocky's default is a dry run). */
  apply?: boolean | undefined;
  /** Only this model (`--model`). */
  model?: string | undefined;
  /** Only models with intent metadata (`--with-intent`). */
  withIntent?: boolean | undefined;
}

/** What `aiSync()` resolves to. */
export type AiSyncResult = AiSyncOutput;

/** @internal */
export const AiSyncOptionsSchema = optionsSchema<AiSyncOptions>()(
  z.strictObject({
    ...callShape,
    apply: flag("apply").optional(),
    model: modelName("model").optional(),
    withIntent: flag("withIntent").optional(),
  }),
);

/** @internal */
export const aiSyncVerb = defineVerb({
  name: "aiSync",
  command: ["ai-sync"],
  options: AiSyncOptionsSchema,
  args: (o, ctx) => {
    const args = ["ai-sync", `--models=${ctx.modelsDir}`];
    sw(args, "apply", o.apply);
    opt(args, "model", o.model);
    sw(args, "with-intent", o.withIntent);
    return args;
  },
  output: schemaOutput<AiSyncResult>(() =>
    import("../schemas/ai-sync.js").then((m) => m.AiSyncOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
