/** `rocky dag`: the project's unified DAG, optionally with column lineage edges. */
import { z } from "zod";
import type { DagOutput } from "../schemas/dag.js";
import { flag } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `dag()`. */
export interface DagOptions extends CallOptions {
  /** Include column-level lineage edges (`--column-lineage`; rocky compiles the models). */
  columnLineage?: boolean | undefined;
  /**
   * Omit `--models` so each transformation pipeline uses its own models root, as `run --dag`
   * does. rocky refuses `--models` in a project with several transformation pipelines; omitting
   * it there needs rocky >= 1.68.
   */
  pipelineModels?: boolean | undefined;
}

/** What `dag()` resolves to. */
export type DagResult = DagOutput;

/** @internal */
export const DagOptionsSchema = optionsSchema<DagOptions>()(
  z.strictObject({
    ...callShape,
    columnLineage: flag("columnLineage").optional(),
    pipelineModels: flag("pipelineModels").optional(),
  }),
);

/** @internal */
export const dagVerb = defineVerb({
  name: "dag",
  command: ["dag"],
  options: DagOptionsSchema,
  args: (o, ctx) => {
    const args = ["dag"];
    if (o.pipelineModels !== true) args.push(`--models=${ctx.modelsDir}`);
    opt(args, "contracts", ctx.contractsDir);
    sw(args, "column-lineage", o.columnLineage);
    return args;
  },
  output: schemaOutput<DagResult>(() => import("../schemas/dag.js").then((m) => m.DagOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "pipelineModels", minVersion: "1.68.0" }],
});
