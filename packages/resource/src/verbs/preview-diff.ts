/**
 * `rocky preview diff`: row and schema differences between a preview branch
 * and its base, with a `markdown` field for a PR comment. Read-only.
 */
import { z } from "zod";
import type { PreviewDiffOutput } from "../schemas/preview-diff.js";
import { branchName, gitRef, positiveInt } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `previewDiff()`. */
export interface PreviewDiffOptions extends CallOptions {
  /** The preview branch (`--name`). Required. */
  name: string;
  /** The git ref to diff against (`--base`; rocky's default: main). */
  base?: string | undefined;
  /** Rows sampled per model (`--sample-size`, >= 1; rocky's default: 1000). */
  sampleSize?: number | undefined;
}

/** What `previewDiff()` resolves to. */
export type PreviewDiffResult = PreviewDiffOutput;

/** @internal */
export const PreviewDiffOptionsSchema = optionsSchema<PreviewDiffOptions>()(
  z.strictObject({
    ...callShape,
    name: branchName("name"),
    base: gitRef("base").optional(),
    sampleSize: positiveInt("sampleSize").optional(),
  }),
);

/** @internal */
export const previewDiffVerb = defineVerb({
  name: "previewDiff",
  command: ["preview", "diff"],
  options: PreviewDiffOptionsSchema,
  args: (o, ctx) => {
    const args = ["preview", "diff", `--name=${o.name}`];
    opt(args, "base", o.base);
    opt(args, "sample-size", o.sampleSize);
    args.push(`--models=${ctx.modelsDir}`);
    return args;
  },
  output: schemaOutput<PreviewDiffResult>(() =>
    import("../schemas/preview-diff.js").then((m) => m.PreviewDiffOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
