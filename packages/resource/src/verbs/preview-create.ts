/**
 * `rocky preview create`: registers a per-PR branch (`branch__<name>`) and
 * copies unchanged upstream models into it. Writes only that branch schema,
 * so it is allowed anywhere. rocky prints a text line before the JSON
 * document; the last JSON document on stdout is the result.
 */
import { z } from "zod";
import type { PreviewCreateOutput } from "../schemas/preview-create.js";
import { branchName, gitRef } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `previewCreate()`. */
export interface PreviewCreateOptions extends CallOptions {
  /** The git ref to diff against (`--base`; rocky's default: main). */
  base?: string | undefined;
  /** The preview branch (`--name`; rocky's default: `pr-preview-<git branch>`). */
  name?: string | undefined;
}

/** What `previewCreate()` resolves to. */
export type PreviewCreateResult = PreviewCreateOutput;

/** @internal */
export const PreviewCreateOptionsSchema = optionsSchema<PreviewCreateOptions>()(
  z.strictObject({
    ...callShape,
    base: gitRef("base").optional(),
    name: branchName("name").optional(),
  }),
);

/** The text from the last line that starts with `{` (rocky's JSON document). @internal */
export function lastJsonDocument(stdout: string): string {
  const at = stdout.lastIndexOf("\n{");
  if (at >= 0) return stdout.slice(at + 1);
  return stdout;
}

/** @internal */
export const previewCreateVerb = defineVerb({
  name: "previewCreate",
  command: ["preview", "create"],
  options: PreviewCreateOptionsSchema,
  args: (o, ctx) => {
    const args = ["preview", "create", `--models=${ctx.modelsDir}`];
    opt(args, "base", o.base);
    opt(args, "name", o.name);
    return args;
  },
  output: schemaOutput<PreviewCreateResult>(
    () => import("../schemas/preview-create.js").then((m) => m.PreviewCreateOutputSchema),
    lastJsonDocument,
  ),
  shadow: "none",
  resultExitCodes: [],
});
