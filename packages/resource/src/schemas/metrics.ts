// Generated from the rocky engine's `metrics.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `ColumnTrendPoint` object of the engine's `metrics.schema.json`. */
export const ColumnTrendPointSchema = z.looseObject({
  null_rate: z.number().nullish(),
  row_count: z.number().int(),
  run_id: z.string(),
  timestamp: z.string(),
});
/** The parsed form of {@link ColumnTrendPointSchema}. */
export type ColumnTrendPoint = z.infer<typeof ColumnTrendPointSchema>;

/** Validates the `MetricsAlert` object of the engine's `metrics.schema.json`. */
export const MetricsAlertSchema = z.looseObject({
  column: z.string().nullish(),
  message: z.string(),
  run_id: z.string(),
  severity: z.string(),
  type: z.string(),
});
/** The parsed form of {@link MetricsAlertSchema}. */
export type MetricsAlert = z.infer<typeof MetricsAlertSchema>;

/** Validates the `MetricsSnapshotEntry` object of the engine's `metrics.schema.json`. */
export const MetricsSnapshotEntrySchema = z.looseObject({
  freshness_lag_seconds: z.number().int().nullish(),
  null_rates: z.record(z.string(), z.number()),
  row_count: z.number().int(),
  run_id: z.string(),
  timestamp: z.string(),
});
/** The parsed form of {@link MetricsSnapshotEntrySchema}. */
export type MetricsSnapshotEntry = z.infer<typeof MetricsSnapshotEntrySchema>;

/** JSON output for `rocky metrics`. All optional fields are present-or-absent depending on the flags (`--trend`, `--alerts`, `--column`). The empty case (no snapshots available) sets `message` and leaves the collections empty. */
export const MetricsOutputSchema = z.looseObject({
  alerts: z.array(MetricsAlertSchema).optional(),
  column: z.string().nullish(),
  column_trend: z.array(ColumnTrendPointSchema).optional(),
  command: z.string(),
  count: z.number().int(),
  message: z.string().nullish(),
  model: z.string(),
  snapshots: z.array(MetricsSnapshotEntrySchema),
  version: z.string(),
});
/** The parsed form of {@link MetricsOutputSchema}. */
export type MetricsOutput = z.infer<typeof MetricsOutputSchema>;
