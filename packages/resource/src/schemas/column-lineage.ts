// Generated from the rocky engine's `column_lineage.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { LineageEdgeRecordSchema, LineageQualifiedColumnSchema } from "./lineage.js";

/** JSON output for `rocky lineage <model> --column <col>`. */
export const ColumnLineageOutputSchema = z.looseObject({
  column: z.string(),
  command: z.string(),
  /** Direction of the trace walk: `"upstream"` (producers) or `"downstream"` (consumers). Defaults to upstream when `--column` is set without direction flags, matching the historical default. */
  direction: z.string(),
  /** Every downstream column that transitively consumes `(model, column)`, deduplicated and deterministically sorted. An author-time "what does changing this column affect" signal, always populated regardless of `direction` so the default (upstream) trace still carries the blast radius. Inspection onl... */
  downstream_consumers: z.array(LineageQualifiedColumnSchema).optional(),
  model: z.string(),
  trace: z.array(LineageEdgeRecordSchema),
  version: z.string(),
});
/** The parsed form of {@link ColumnLineageOutputSchema}. */
export type ColumnLineageOutput = z.infer<typeof ColumnLineageOutputSchema>;
