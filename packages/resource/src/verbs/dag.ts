/** `rocky dag`: the project's unified DAG, optionally with column lineage edges. */
import { z } from "zod";
import { DagOutputSchema } from "../schemas/dag.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const DagOptionsSchema = z.strictObject({
  ...callShape,
  /** Include column-level lineage edges (rocky compiles the models). */
  columnLineage: flag("columnLineage"),
});

export const dagVerb = defineVerb({
  name: "dag",
  options: DagOptionsSchema,
  // `--models` is always sent, so the 1.68 floor for omitting it never applies.
  args: (o, ctx) => {
    const args = ["dag", `--models=${ctx.modelsDir}`];
    opt(args, "contracts", ctx.contractsDir);
    sw(args, "column-lineage", o.columnLineage);
    return args;
  },
  output: schemaOutput(DagOutputSchema),
  shadow: "none",
  resultExitCodes: [],
});
