/** `rocky cost <run-id | latest>`: the recorded cost of one run, per model, optionally grouped. */
import { z } from "zod";
import type { CostOutput } from "../schemas/cost.js";
import { modelName, runId } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `cost()` (the run id or `"latest"` is its first argument). */
export interface CostOptions extends CallOptions {
  /** Only this model of the run (`--model`). */
  model?: string | undefined;
  /** Roll the per-model costs up by `tenant` or `model` (`--by`; adds `groups`). */
  by?: "tenant" | "model" | undefined;
}

/** What `cost()` resolves to. */
export type CostResult = CostOutput;

/** @internal */
export const CostOptionsSchema = optionsSchema<CostOptions & { target?: string | undefined }>()(
  z.strictObject({
    ...callShape,
    // A run id, or "latest" (the default).
    target: runId("target").default("latest"),
    model: modelName("model").optional(),
    by: z.enum(["tenant", "model"], { error: 'by must be "tenant" or "model"' }).optional(),
  }),
);

/** @internal */
export const costVerb = defineVerb({
  name: "cost",
  command: ["cost"],
  options: CostOptionsSchema,
  positionals: ["target"],
  args: (o) => {
    const args = ["cost"];
    opt(args, "model", o.model);
    opt(args, "by", o.by);
    args.push("--", o.target);
    return args;
  },
  output: schemaOutput<CostResult>(() =>
    import("../schemas/cost.js").then((m) => m.CostOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
