// Generated from the rocky engine's `optimize.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One materialization-strategy recommendation. Mirrors `rocky_core::optimize::MaterializationCost` but lives in the CLI crate so we don't have to derive JsonSchema across the workspace. */
export const OptimizeRecommendationSchema = z.looseObject({
  /** Projected per-run compute cost (USD). Populated from `rocky_core::optimize::MaterializationCost::compute_cost_per_run` so Dagster's `checks.py` can surface it as metadata without re-deriving from config. */
  compute_cost_per_run: z.number(),
  current_strategy: z.string(),
  /** How many downstream models depend on this one. Drives whether the recommendation favours table materialisation (many consumers) vs a view. */
  downstream_references: z.number().int(),
  estimated_monthly_savings: z.number(),
  model_name: z.string(),
  reasoning: z.string(),
  recommended_strategy: z.string(),
  /** Projected monthly storage cost (USD). */
  storage_cost_per_month: z.number(),
});
/** The parsed form of {@link OptimizeRecommendationSchema}. */
export type OptimizeRecommendation = z.infer<typeof OptimizeRecommendationSchema>;

/** JSON output for `rocky optimize`. `recommendations` is empty when no run history exists; `message` is populated in that case to explain why. */
export const OptimizeOutputSchema = z.looseObject({
  command: z.string(),
  /** Hint pointing users to `rocky compile --output json` for inferred incrementality recommendations on `full_refresh` models. Only populated when the optimize command detects that compile-time analysis could provide additional optimization opportunities. */
  incrementality_note: z.string().nullish(),
  message: z.string().nullish(),
  recommendations: z.array(OptimizeRecommendationSchema),
  total_models_analyzed: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link OptimizeOutputSchema}. */
export type OptimizeOutput = z.infer<typeof OptimizeOutputSchema>;
