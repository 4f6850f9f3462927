/** `rocky dag`: the project's unified DAG, optionally with column lineage edges. */
import { z } from "zod";
import type { DagOutput } from "../schemas/dag.js";
import { flag, path } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `dag()`. */
export interface DagOptions extends CallOptions {
  /** Include column-level lineage edges (`--column-lineage`; rocky compiles the models). */
  columnLineage?: boolean | undefined;
  /**
   * One models directory for every transformation pipeline (`--models`), as
   * dagster-rocky's `dag(models_dir=...)`. Absent (the default, as
   * dagster-rocky's): no `--models`, so each pipeline reads its own models
   * root, as `run --dag` does; rocky refuses `--models` in a project with
   * several transformation pipelines, and needs >= 1.68 to omit it.
   */
  modelsDir?: string | undefined;
}

/** What `dag()` resolves to. */
export type DagResult = DagOutput;

/** @internal */
export const DagOptionsSchema = optionsSchema<DagOptions>()(
  z.strictObject({
    ...callShape,
    columnLineage: flag("columnLineage").optional(),
    modelsDir: path("modelsDir", '"models"').optional(),
  }),
);

/** @internal */
export const dagVerb = defineVerb({
  name: "dag",
  command: ["dag"],
  options: DagOptionsSchema,
  args: (o, ctx) => {
    const args = ["dag"];
    opt(args, "models", o.modelsDir);
    opt(args, "contracts", ctx.contractsDir);
    sw(args, "column-lineage", o.columnLineage);
    return args;
  },
  output: schemaOutput<DagResult>(() => import("../schemas/dag.js").then((m) => m.DagOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
  // dagster-rocky's gate (`_require_engine("1.68.0", "dag(models_dir=None)")`): before
  // 1.68 rocky without --models read ./models for every pipeline instead of each one's root.
  featureFloors: [{ option: "modelsDir", minVersion: "1.68.0", when: "absent" }],
});
