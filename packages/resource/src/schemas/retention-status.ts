// Generated from the rocky engine's `retention_status.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Per-model retention declaration + (eventually) warehouse-observed value. - `configured_days` is `None` when the model's sidecar has no `retention` key. - `warehouse_days` is populated by the (v2) `--drift` probe via `SHOW TBLPROPERTIES` on Databricks or `SHOW PARAMETERS ... FOR TABLE` on Snowflak... */
export const ModelRetentionStatusSchema = z.looseObject({
  configured_days: z.number().int().nullish(),
  in_sync: z.boolean(),
  model: z.string(),
  warehouse_days: z.number().int().nullish(),
});
/** The parsed form of {@link ModelRetentionStatusSchema}. */
export type ModelRetentionStatus = z.infer<typeof ModelRetentionStatusSchema>;

/** JSON output for `rocky retention-status`. Reports which models declare a `retention = "<N>[dy]"` sidecar value and — when `--drift` is set in a future release — whether the warehouse's current retention matches. Today `warehouse_days` is always `None` because the probe is deferred to v2; the sche... */
export const RetentionStatusOutputSchema = z.looseObject({
  command: z.string(),
  /** Why `models` is empty, when it is. Absent whenever `models` is non-empty. Reachable only under `--drift`, which reports just the models that declare a retention policy: a project with no models fails to compile before reaching this output, and an unknown `--model` is refused rather than returning... */
  message: z.string().nullish(),
  models: z.array(ModelRetentionStatusSchema),
  version: z.string(),
});
/** The parsed form of {@link RetentionStatusOutputSchema}. */
export type RetentionStatusOutput = z.infer<typeof RetentionStatusOutputSchema>;
