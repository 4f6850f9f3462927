/**
 * `rocky ai-contract <model>`: a data contract drafted from the model's
 * observed data (rocky >= 1.44; `save` writes it).
 */
import { z } from "zod";
import type { AiContractOutput } from "../schemas/ai-contract.js";
import { flag, modelName } from "../value-rules.js";
import { sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `aiContract()` (the model whose table is profiled is its first argument). */
export interface AiContractOptions extends CallOptions {
  /** Save `<model>.contract.toml` in the models directory (`--save`). */
  save?: boolean | undefined;
  /** Send observed values (min/max, samples) to the AI provider, not only aggregates (`--with-data`). */
  withData?: boolean | undefined;
}

/** What `aiContract()` resolves to. */
export type AiContractResult = AiContractOutput;

/** @internal */
export const AiContractOptionsSchema = optionsSchema<AiContractOptions & { model: string }>()(
  z.strictObject({
    ...callShape,
    model: modelName("model"),
    save: flag("save").optional(),
    withData: flag("withData").optional(),
  }),
);

/** @internal */
export const aiContractVerb = defineVerb({
  name: "aiContract",
  command: ["ai-contract"],
  options: AiContractOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => {
    const args = ["ai-contract", `--models=${ctx.modelsDir}`];
    sw(args, "save", o.save);
    sw(args, "with-data", o.withData);
    args.push("--", o.model);
    return args;
  },
  output: schemaOutput<AiContractResult>(() =>
    import("../schemas/ai-contract.js").then((m) => m.AiContractOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.44.0",
});
