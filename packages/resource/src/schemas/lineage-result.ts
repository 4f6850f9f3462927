// `rocky lineage` prints one of two shapes under the same `command: "lineage"`: model lineage
// (`lineage.schema.json`) or, with `--column` or a `model.column` target, column lineage
// (`column_lineage.schema.json`). The parsed result carries a `kind` tag so callers can narrow.
// Written by hand: it composes the generated schemas.
import type { z } from "zod";
import { type ColumnLineageOutput, ColumnLineageOutputSchema } from "./column-lineage.js";
import { dispatchBy } from "./dispatch.js";
import { type LineageOutput, LineageOutputSchema } from "./lineage.js";

/** A model's lineage, tagged `kind: "model"`. */
export type ModelLineageResult = LineageOutput & {
  /** Which shape `rocky lineage` printed. */
  kind: "model";
};
/** One column's lineage, tagged `kind: "column"`. */
export type ColumnLineageResult = ColumnLineageOutput & {
  /** Which shape `rocky lineage` printed. */
  kind: "column";
};

/** The zod schema of {@link ModelLineageResult}. */
export const ModelLineageResultSchema: z.ZodType<ModelLineageResult> =
  LineageOutputSchema.transform((output) => ({ ...output, kind: "model" as const }));
/** The zod schema of {@link ColumnLineageResult}. */
export const ColumnLineageResultSchema: z.ZodType<ColumnLineageResult> =
  ColumnLineageOutputSchema.transform((output) => ({ ...output, kind: "column" as const }));

/** What `rocky lineage` printed, tagged by `kind`: a model's lineage or one column's trace. */
export type LineageResult = ModelLineageResult | ColumnLineageResult;

/**
 * The output of `rocky lineage`, discriminated by `kind` (`"model"` or `"column"`). Column
 * lineage is recognised by `trace`, a field model lineage never has.
 */
export const LineageResultSchema = dispatchBy<LineageResult>(
  (value) => ("trace" in value ? ColumnLineageResultSchema : ModelLineageResultSchema),
  () => "`rocky lineage` output is not a JSON object",
);
