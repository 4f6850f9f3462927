// Generated from the rocky engine's `model_history.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { RecipeIdentityViewSchema } from "./catalog.js";

/** One model execution from the state store, mirroring `rocky_core::state::ModelExecution`. */
export const ModelExecutionRecordSchema = z.looseObject({
  duration_ms: z.number().int(),
  /** The recipe-identity triple recorded for this execution, when present. See [`RecipeIdentityView`]. */
  recipe_identity: RecipeIdentityViewSchema.nullish(),
  rows_affected: z.number().int().nullish(),
  sql_hash: z.string(),
  started_at: z.string(),
  status: z.string(),
});
/** The parsed form of {@link ModelExecutionRecordSchema}. */
export type ModelExecutionRecord = z.infer<typeof ModelExecutionRecordSchema>;

/** Per-dimension rolling statistics (mean, std dev, latest z-score). */
export const RollingDimensionSchema = z.looseObject({
  /** Z-score of the most recent execution relative to the window. `None` when fewer than 2 samples are available or when `std_dev` is exactly 0 (all samples are equal — no meaningful deviation). */
  latest_z_score: z.number().nullish(),
  /** Population mean over the sample window. */
  mean: z.number(),
  /** Population standard deviation (÷N) over the sample window. */
  std_dev: z.number(),
});
/** The parsed form of {@link RollingDimensionSchema}. */
export type RollingDimension = z.infer<typeof RollingDimensionSchema>;

/** Rolling statistics computed over the most recent N successful executions of a model. Populated by `rocky history --model <name> --rolling-stats`. Statistics use population standard deviation (divided by N, not N-1), so `std_dev` is exactly 0 when all samples are equal. */
export const RollingStatsSchema = z.looseObject({
  /** Rolling statistics for the `duration_ms` dimension. */
  duration_ms: RollingDimensionSchema,
  /** Composite health score in `[0.0, 1.0]`. Computed as `1.0 - clamp((max(|z_rows|, |z_duration|) - 2.0) / 4.0, 0.0, 1.0)`. A score of `1.0` means both z-scores are within 2σ of the mean; `0.0` means at least one z-score is 6σ or more. */
  health_score: z.number(),
  /** Rolling statistics for the `rows_affected` dimension. Computed only over executions where `rows_affected` is not null. */
  rows_affected: RollingDimensionSchema,
  /** Actual number of successful executions used (≤ window; may be smaller when model history is shorter than the requested window). */
  samples: z.number().int(),
  /** Maximum number of executions requested for the rolling window. */
  window: z.number().int(),
});
/** The parsed form of {@link RollingStatsSchema}. */
export type RollingStats = z.infer<typeof RollingStatsSchema>;

/** JSON output for `rocky history --model <name>`. */
export const ModelHistoryOutputSchema = z.looseObject({
  command: z.string(),
  count: z.number().int(),
  executions: z.array(ModelExecutionRecordSchema),
  model: z.string(),
  /** Rolling statistics over the most recent N successful executions. Present only when `--rolling-stats` is passed. */
  rolling_stats: RollingStatsSchema.nullish(),
  version: z.string(),
});
/** The parsed form of {@link ModelHistoryOutputSchema}. */
export type ModelHistoryOutput = z.infer<typeof ModelHistoryOutputSchema>;
