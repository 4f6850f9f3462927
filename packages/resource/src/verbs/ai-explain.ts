/**
 * `rocky ai-explain [model]`: intent descriptions drafted from model code
 * (`save` writes them into the model sidecars).
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { type ArgsContext, defineVerb, schemaOutput } from "./types.js";

/** ai-explain / ai-test: one model or `all`; rocky prints text and exits 0 with neither. */
export const oneOrAllShape = {
  ...callShape,
  /** The model (or pass `all: true`). */
  model: identifier("model").optional(),
  /** Every model (ai-explain: every model without intent). */
  all: flag("all"),
  /** Save the result into the project. */
  save: flag("save"),
};

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

export const AiExplainOptionsSchema = z.strictObject(oneOrAllShape).superRefine(oneOrAll);

export const aiExplainVerb = defineVerb({
  name: "ai-explain",
  options: AiExplainOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => oneOrAllArgs("ai-explain", o, ctx),
  output: schemaOutput(() =>
    import("../schemas/ai-explain.js").then((m) => m.AiExplainOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
