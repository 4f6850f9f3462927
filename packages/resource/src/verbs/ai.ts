/**
 * `rocky ai <intent>`: generates a model from natural language (rocky needs
 * `ANTHROPIC_API_KEY`). It writes model files into the models directory,
 * never warehouse tables.
 */
import { z } from "zod";
import type { AiGenerateOutput } from "../schemas/ai.js";
import { flag, freeText, identifier, qualifiedName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `ai()` (the intent, one line of natural language, is its first argument). */
export interface AiOptions extends CallOptions {
  /** `rocky` (rocky's default) or `sql` (`--format`). */
  format?: "rocky" | "sql" | undefined;
  /** Strategy of the generated sidecar (`--materialization`; rocky's default `full_refresh`). */
  materialization?: "full_refresh" | "incremental" | "merge" | "ephemeral" | undefined;
  /** Watermark column (`--watermark`); required with `materialization: "incremental"`. */
  watermark?: string | undefined;
  /** Columns identifying a row, for `materialization: "merge"` (`--unique-key`, one per column). */
  uniqueKey?: string[] | undefined;
  /** Target table as `catalog.schema.table` (`--target`). */
  target?: string | undefined;
  /** Replace an existing model file (`--overwrite`). */
  overwrite?: boolean | undefined;
}

/** What `ai()` resolves to. */
export type AiResult = AiGenerateOutput;

/** @internal */
export const AiOptionsSchema = optionsSchema<AiOptions & { intent: string }>()(
  z
    .strictObject({
      ...callShape,
      intent: freeText("intent"),
      format: z.enum(["rocky", "sql"], { error: 'format must be "rocky" or "sql"' }).optional(),
      materialization: z
        .enum(["full_refresh", "incremental", "merge", "ephemeral"], {
          error: 'materialization must be "full_refresh", "incremental", "merge" or "ephemeral"',
        })
        .optional(),
      watermark: identifier("watermark", '"updated_at"').optional(),
      uniqueKey: z
        .array(identifier("uniqueKey[]", '"order_id"'), {
          error: "uniqueKey must be an array of column names",
        })
        .optional(),
      target: qualifiedName("target", 3, "analytics.marts.orders").optional(),
      overwrite: flag("overwrite").optional(),
    })
    .superRefine((o, ctx) => {
      if (o.materialization === "incremental" && o.watermark === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["watermark"],
          message: 'materialization "incremental" needs watermark (the timestamp column)',
        });
      }
    }),
);

/** @internal */
export const aiVerb = defineVerb({
  name: "ai",
  command: ["ai"],
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
  output: schemaOutput<AiResult>(() =>
    import("../schemas/ai.js").then((m) => m.AiGenerateOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
