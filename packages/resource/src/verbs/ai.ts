/**
 * `rocky ai <intent>`: generates a model from natural language (rocky needs
 * `ANTHROPIC_API_KEY`). It writes model files into the models directory,
 * never warehouse tables.
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { freeText, qualifiedName } from "./values.js";

export const AiOptionsSchema = z
  .strictObject({
    ...callShape,
    /** What to generate, in one line of natural language. */
    intent: freeText("intent"),
    /** `rocky` (rocky's default) or `sql`. */
    format: z.enum(["rocky", "sql"], { error: 'format must be "rocky" or "sql"' }).optional(),
    /** Strategy of the generated sidecar (rocky's default `full_refresh`). */
    materialization: z
      .enum(["full_refresh", "incremental", "merge", "ephemeral"], {
        error: 'materialization must be "full_refresh", "incremental", "merge" or "ephemeral"',
      })
      .optional(),
    /** Watermark column; required with `materialization: "incremental"`. */
    watermark: identifier("watermark").optional(),
    /** Columns identifying a row, for `materialization: "merge"`. */
    uniqueKey: z
      .array(identifier("uniqueKey[]"), { error: "uniqueKey must be an array of column names" })
      .optional(),
    /** Target table as `catalog.schema.table`. */
    target: qualifiedName("target", 3, "analytics.marts.orders").optional(),
    /** Replace an existing model file. */
    overwrite: flag("overwrite"),
  })
  .superRefine((o, ctx) => {
    if (o.materialization === "incremental" && o.watermark === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["watermark"],
        message: 'materialization "incremental" needs watermark (the timestamp column)',
      });
    }
  });

export const aiVerb = defineVerb({
  name: "ai",
  options: AiOptionsSchema,
  positionals: ["intent"],
  args: (o, ctx) => {
    const args = ["ai", `--models=${ctx.modelsDir}`];
    opt(args, "format", o.format);
    opt(args, "materialization", o.materialization);
    opt(args, "watermark", o.watermark);
    // One token per value: `--unique-key` takes 0.. values and would swallow bare tokens.
    for (const key of o.uniqueKey ?? []) opt(args, "unique-key", key);
    opt(args, "target", o.target);
    sw(args, "overwrite", o.overwrite);
    args.push("--", o.intent);
    return args;
  },
  output: schemaOutput(() => import("../schemas/ai.js").then((m) => m.AiGenerateOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
