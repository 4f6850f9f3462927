/**
 * `rocky preview create`: registers a per-PR branch (`branch__<name>`) and
 * copies unchanged upstream models into it. Writes only that branch schema,
 * so it is allowed anywhere. rocky prints a text line before the JSON
 * document; the last JSON document on stdout is the result.
 */
import { z } from "zod";
import { opt } from "./flags.js";
import { branchName, gitRefArg } from "./names.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const PreviewCreateOptionsSchema = z.strictObject({
  ...callShape,
  /** The git ref to diff against (rocky's default: main). */
  base: gitRefArg("base").optional(),
  /** The preview branch (rocky's default: `pr-preview-<git branch>`). */
  name: branchName("name").optional(),
});

/** The text from the last line that starts with `{` (rocky's JSON document). @internal */
export function lastJsonDocument(stdout: string): string {
  const at = stdout.lastIndexOf("\n{");
  if (at >= 0) return stdout.slice(at + 1);
  return stdout;
}

export const previewCreateVerb = defineVerb({
  name: "previewCreate",
  command: "preview",
  options: PreviewCreateOptionsSchema,
  args: (o, ctx) => {
    const args = ["preview", "create", `--models=${ctx.modelsDir}`];
    opt(args, "base", o.base);
    opt(args, "name", o.name);
    return args;
  },
  output: schemaOutput(
    () => import("../schemas/preview-create.js").then((m) => m.PreviewCreateOutputSchema),
    lastJsonDocument,
  ),
  shadow: "none",
  resultExitCodes: [],
});
