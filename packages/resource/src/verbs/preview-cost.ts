/**
 * `rocky preview cost`: per-model cost of a preview branch against its base,
 * with a `markdown` field for a PR comment. Read-only.
 */
import { z } from "zod";
import type { PreviewCostOutput } from "../schemas/preview-cost.js";
import { branchName } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `previewCost()`. */
export interface PreviewCostOptions extends CallOptions {
  /** The preview branch (`--name`). Required. */
  name: string;
}

/** What `previewCost()` resolves to. */
export type PreviewCostResult = PreviewCostOutput;

/** @internal */
export const PreviewCostOptionsSchema = optionsSchema<PreviewCostOptions>()(
  z.strictObject({ ...callShape, name: branchName("name") }),
);

/** @internal */
export const previewCostVerb = defineVerb({
  name: "previewCost",
  command: ["preview", "cost"],
  options: PreviewCostOptionsSchema,
  args: (o, ctx) => ["preview", "cost", `--name=${o.name}`, `--models=${ctx.modelsDir}`],
  output: schemaOutput<PreviewCostResult>(() =>
    import("../schemas/preview-cost.js").then((m) => m.PreviewCostOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
