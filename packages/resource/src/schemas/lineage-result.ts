// `rocky lineage` prints one of two shapes under the same `command: "lineage"`: model lineage
// (`lineage.schema.json`) or, with `--column` or a `model.column` target, column lineage
// (`column_lineage.schema.json`). The parsed result carries a `kind` tag so callers can narrow.
import type { z } from "zod";
import { ColumnLineageOutputSchema } from "./column-lineage.js";
import { dispatchBy } from "./dispatch.js";
import { LineageOutputSchema } from "./lineage.js";

/** Model lineage tagged `kind: "model"`. */
export const ModelLineageResultSchema = LineageOutputSchema.transform((output) => ({
  ...output,
  kind: "model" as const,
}));
/** The parsed form of {@link ModelLineageResultSchema}. */
export type ModelLineageResult = z.infer<typeof ModelLineageResultSchema>;

/** Column lineage tagged `kind: "column"`. */
export const ColumnLineageResultSchema = ColumnLineageOutputSchema.transform((output) => ({
  ...output,
  kind: "column" as const,
}));
/** The parsed form of {@link ColumnLineageResultSchema}. */
export type ColumnLineageResult = z.infer<typeof ColumnLineageResultSchema>;

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
