/** `rocky dag`: the project's unified DAG, optionally with column lineage edges. */
import { z } from "zod";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const DagOptionsSchema = z.strictObject({
  ...callShape,
  /** Include column-level lineage edges (rocky compiles the models). */
  columnLineage: flag("columnLineage"),
  /**
   * Omit `--models` so each transformation pipeline uses its own models root, as `run --dag`
   * does. rocky refuses `--models` in a project with several transformation pipelines; omitting
   * it there needs rocky >= 1.68.
   */
  pipelineModels: flag("pipelineModels"),
});

export const dagVerb = defineVerb({
  name: "dag",
  options: DagOptionsSchema,
  args: (o, ctx) => {
    const args = ["dag"];
    if (o.pipelineModels !== true) args.push(`--models=${ctx.modelsDir}`);
    opt(args, "contracts", ctx.contractsDir);
    sw(args, "column-lineage", o.columnLineage);
    return args;
  },
  output: schemaOutput(() => import("../schemas/dag.js").then((m) => m.DagOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "pipelineModels", minVersion: "1.68.0" }],
});
