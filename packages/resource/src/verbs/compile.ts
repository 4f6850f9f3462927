/** `rocky compile`: type-checks the models; failed compilation (exit 1 with a report) is a result. */
import { z } from "zod";
import { nonEmptyArg } from "../validation.js";
import { opt } from "./flags.js";
import { callShape } from "./shared.js";
import { type ArgsContext, defineVerb, schemaOutput } from "./types.js";

export const CompileOptionsSchema = z.strictObject({
  ...callShape,
  model: nonEmptyArg("model").optional(),
});

/** The flags compile and test share. @internal */
export function modelsArgs(
  verb: "compile" | "test",
  o: { readonly model?: string | undefined },
  ctx: ArgsContext,
): string[] {
  const args = [verb, `--models=${ctx.modelsDir}`];
  opt(args, "contracts", ctx.contractsDir);
  opt(args, "model", o.model);
  return args;
}

export const compileVerb = defineVerb({
  name: "compile",
  options: CompileOptionsSchema,
  args: (o, ctx) => modelsArgs("compile", o, ctx),
  output: schemaOutput(() => import("../schemas/compile.js").then((m) => m.CompileOutputSchema)),
  shadow: "none",
  resultExitCodes: [1],
});
