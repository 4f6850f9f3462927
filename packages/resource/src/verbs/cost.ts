/** `rocky cost <run-id | latest>`: the recorded cost of one run, per model, optionally grouped. */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt } from "./flags.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { runId } from "./values.js";

export const CostOptionsSchema = z.strictObject({
  ...callShape,
  /** A run id, or `"latest"` (the default). */
  target: runId("target").default("latest"),
  /** Only this model of the run. */
  model: identifier("model").optional(),
  /** Roll the per-model costs up by `tenant` or `model` (adds `groups`). */
  by: z.enum(["tenant", "model"], { error: 'by must be "tenant" or "model"' }).optional(),
});

export const costVerb = defineVerb({
  name: "cost",
  options: CostOptionsSchema,
  positionals: ["target"],
  args: (o) => {
    const args = ["cost"];
    opt(args, "model", o.model);
    opt(args, "by", o.by);
    args.push("--", o.target);
    return args;
  },
  output: schemaOutput(() => import("../schemas/cost.js").then((m) => m.CostOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
