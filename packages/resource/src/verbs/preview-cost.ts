/**
 * `rocky preview cost`: per-model cost of a preview branch against its base,
 * with a `markdown` field for a PR comment. Read-only.
 */
import { z } from "zod";
import { branchName } from "./names.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const PreviewCostOptionsSchema = z.strictObject({
  ...callShape,
  /** The preview branch. */
  name: branchName("name"),
});

export const previewCostVerb = defineVerb({
  name: "previewCost",
  command: "preview",
  options: PreviewCostOptionsSchema,
  args: (o, ctx) => ["preview", "cost", `--name=${o.name}`, `--models=${ctx.modelsDir}`],
  output: schemaOutput(() =>
    import("../schemas/preview-cost.js").then((m) => m.PreviewCostOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
