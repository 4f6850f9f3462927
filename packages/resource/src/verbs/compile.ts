/** `rocky compile`: type-checks the models; failed compilation (exit 1 with a report) is a result. */
import { z } from "zod";
import type { CompileOutput } from "../schemas/compile.js";
import { modelName } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { type ArgsContext, defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `compile()`. */
export interface CompileOptions extends CallOptions {
  /** Only this model (`--model`). */
  model?: string | undefined;
}

/** What `compile()` resolves to. */
export type CompileResult = CompileOutput;

/** @internal */
export const CompileOptionsSchema = optionsSchema<CompileOptions>()(
  z.strictObject({ ...callShape, model: modelName("model").optional() }),
);

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

/** @internal */
export const compileVerb = defineVerb({
  name: "compile",
  command: ["compile"],
  options: CompileOptionsSchema,
  args: (o, ctx) => modelsArgs("compile", o, ctx),
  output: schemaOutput<CompileResult>(() =>
    import("../schemas/compile.js").then((m) => m.CompileOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
  http: {
    reads: [],
    unsupported: {
      model:
        "GET /api/v1/compile compiles the whole project (rocky-sdk refuses model_filter with server_url too)",
    },
    path: () => "/api/v1/compile",
  },
});
