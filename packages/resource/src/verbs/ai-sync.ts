/** `rocky ai-sync`: schema changes turned into intent-guided model edits (`apply` writes them). */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const AiSyncOptionsSchema = z.strictObject({
  ...callShape,
  /** Write the proposed changes (rocky's default is a dry run). */
  apply: flag("apply"),
  /** Only this model. */
  model: identifier("model").optional(),
  /** Only models with intent metadata. */
  withIntent: flag("withIntent"),
});

export const aiSyncVerb = defineVerb({
  name: "ai-sync",
  options: AiSyncOptionsSchema,
  args: (o, ctx) => {
    const args = ["ai-sync", `--models=${ctx.modelsDir}`];
    sw(args, "apply", o.apply);
    opt(args, "model", o.model);
    sw(args, "with-intent", o.withIntent);
    return args;
  },
  output: schemaOutput(() => import("../schemas/ai-sync.js").then((m) => m.AiSyncOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
