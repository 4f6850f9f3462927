/**
 * `rocky ai-contract <model>`: a data contract drafted from the model's
 * observed data (rocky >= 1.44; `save` writes it).
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const AiContractOptionsSchema = z.strictObject({
  ...callShape,
  /** The model whose table is profiled. */
  model: identifier("model"),
  /** Save `<model>.contract.toml` in the models directory. */
  save: flag("save"),
  /** Send observed values (min/max, samples) to the AI provider, not only aggregates. */
  withData: flag("withData"),
});

export const aiContractVerb = defineVerb({
  name: "ai-contract",
  options: AiContractOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => {
    const args = ["ai-contract", `--models=${ctx.modelsDir}`];
    sw(args, "save", o.save);
    sw(args, "with-data", o.withData);
    args.push("--", o.model);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/ai-contract.js").then((m) => m.AiContractOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.44.0",
});
