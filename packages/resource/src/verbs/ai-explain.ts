/**
 * `rocky ai-explain [model]`: intent descriptions drafted from model code
 * (`save` writes them into the model sidecars).
 */
import { z } from "zod";
import type { AiExplainOutput } from "../schemas/ai-explain.js";
import { flag, modelName } from "../value-rules.js";
import { sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { type ArgsContext, defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `aiExplain()` (the model, when one, is its first argument); pass a model or `all: true`. */
export interface AiExplainOptions extends CallOptions {
  /** Every model without intent (`--all`), instead of one model. */
  all?: boolean | undefined;
  /** Save the result into the project (`--save`). */
  save?: boolean | undefined;
}

/** What `aiExplain()` resolves to. */
export type AiExplainResult = AiExplainOutput;

/** ai-explain / ai-test: one model or `all`; rocky prints text and exits 0 with neither. @internal */
export const oneOrAllShape = {
  ...callShape,
  model: modelName("model").optional(),
  all: flag("all").optional(),
  save: flag("save").optional(),
};

/** @internal */
export function oneOrAll(
  o: { model?: string | undefined; all?: boolean | undefined },
  ctx: z.RefinementCtx,
) {
  if (o.model === undefined && o.all !== true) {
    ctx.addIssue({
      code: "custom",
      path: ["model"],
      message: "pass a model or all: true (rocky prints only a usage hint otherwise)",
    });
  }
  if (o.model !== undefined && o.all === true) {
    ctx.addIssue({ code: "custom", path: ["all"], message: "pass a model or all: true, not both" });
  }
}

/** @internal */
export function oneOrAllArgs(
  verb: "ai-explain" | "ai-test",
  o: { model?: string | undefined; all?: boolean | undefined; save?: boolean | undefined },
  ctx: ArgsContext,
): string[] {
  const args = [verb, `--models=${ctx.modelsDir}`];
  sw(args, "all", o.all);
  sw(args, "save", o.save);
  if (o.model !== undefined) args.push("--", o.model);
  return args;
}

/** @internal */
export const AiExplainOptionsSchema = optionsSchema<
  AiExplainOptions & { model?: string | undefined }
>()(z.strictObject(oneOrAllShape).superRefine(oneOrAll));

/** @internal */
export const aiExplainVerb = defineVerb({
  name: "aiExplain",
  command: ["ai-explain"],
  options: AiExplainOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => oneOrAllArgs("ai-explain", o, ctx),
  output: schemaOutput<AiExplainResult>(() =>
    import("../schemas/ai-explain.js").then((m) => m.AiExplainOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
