/**
 * `rocky preview diff`: row and schema differences between a preview branch
 * and its base, with a `markdown` field for a PR comment. Read-only.
 */
import { z } from "zod";
import { opt } from "./flags.js";
import { branchName, gitRefArg, positiveIntArg } from "./names.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const PreviewDiffOptionsSchema = z.strictObject({
  ...callShape,
  /** The preview branch. */
  name: branchName("name"),
  base: gitRefArg("base").optional(),
  /** Rows sampled per model (rocky's default: 1000). */
  sampleSize: positiveIntArg("sampleSize").optional(),
});

export const previewDiffVerb = defineVerb({
  name: "previewDiff",
  command: "preview",
  options: PreviewDiffOptionsSchema,
  args: (o, ctx) => {
    const args = ["preview", "diff", `--name=${o.name}`];
    opt(args, "base", o.base);
    opt(args, "sample-size", o.sampleSize);
    args.push(`--models=${ctx.modelsDir}`);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/preview-diff.js").then((m) => m.PreviewDiffOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
