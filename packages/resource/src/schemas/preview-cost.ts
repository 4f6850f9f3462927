// Generated from the rocky engine's `preview_cost.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One budget breach surfaced on [`RunOutput::budget_breaches`]. Kept as a CLI-side struct (rather than re-using [`rocky_core::config::BudgetBreach`]) so the JSON schema lives alongside the other `rocky run` output types. The fields mirror `BudgetBreach` one-to-one. */
export const BudgetBreachOutputSchema = z.looseObject({
  actual: z.number(),
  limit: z.number(),
  /** Which limit was breached: `"max_usd"`, `"max_duration_ms"`, or `"max_bytes_scanned"`. */
  limit_type: z.string(),
});
/** The parsed form of {@link BudgetBreachOutputSchema}. */
export type BudgetBreachOutput = z.infer<typeof BudgetBreachOutputSchema>;

/** One per-model budget breach surfaced on [`PreviewCostOutput::projected_per_model_budget_breaches`]. Same fields as [`BudgetBreachOutput`] plus `model_name`. Kept as a distinct type so the run-level `budget_breaches` shape stays untouched; downstream consumers iterate the two surfaces with separat... */
export const PerModelBudgetBreachOutputSchema = z.looseObject({
  actual: z.number(),
  /** Effective limit applied — i.e. the field-inheritance result of per-model overrides composed against the project-level `[budget]`. Surfaced as the resolved value rather than the raw override so PR readers see the limit they actually crossed. */
  limit: z.number(),
  /** Which limit was breached: `"max_usd"`, `"max_duration_ms"`, or `"max_bytes_scanned"`. */
  limit_type: z.string(),
  /** Name of the model whose resolved per-model budget was breached. */
  model_name: z.string(),
  /** Resolved on-breach action for this model: `"warn"` or `"error"`. When `"error"`, this breach would fail the run if merged. Defaults from the project-level config when the sidecar omits `on_breach`. */
  on_breach: z.string(),
});
/** The parsed form of {@link PerModelBudgetBreachOutputSchema}. */
export type PerModelBudgetBreachOutput = z.infer<typeof PerModelBudgetBreachOutputSchema>;

/** Aggregate cost rollup for [`PreviewCostOutput`]. */
export const PreviewCostSummarySchema = z.looseObject({
  /** `total_branch_cost_usd - total_base_cost_usd`. Positive = the PR costs more to run than `main`. */
  delta_usd: z.number().nullish(),
  /** Number of models that did not run on the branch because they were copied from base. Their savings show up below. */
  models_skipped_via_copy: z.number().int(),
  /** Sum of `base_cost_usd` for every copied model — the cost the PR avoided by copying instead of re-running. `None` when no base costs are available for the copied models. */
  savings_from_copy_usd: z.number().nullish(),
  /** Sum of every per-model `base_cost_usd` (limited to models in the prune set — copied models contribute 0 here, accounted for in `savings_from_copy_usd`). */
  total_base_cost_usd: z.number().nullish(),
  /** Sum of every per-model `branch_bytes_scanned` that produced a number. `None` when no branch model reported a byte count (mirrors `RunOutput.cost.total_bytes_scanned` semantics — the non-BigQuery adapters today still inherit the default stub on `WarehouseAdapter::execute_statement_with_stats`). Us... */
  total_branch_bytes_scanned: z.number().int().nullish(),
  /** Sum of every per-model `branch_cost_usd` that produced a number. */
  total_branch_cost_usd: z.number().nullish(),
  /** Sum of every per-model `branch_duration_ms`. Used to project the `[budget]` `max_duration_ms` limit at preview time. */
  total_branch_duration_ms: z.number().int(),
});
/** The parsed form of {@link PreviewCostSummarySchema}. */
export type PreviewCostSummary = z.infer<typeof PreviewCostSummarySchema>;

/** Per-model cost delta. */
export const PreviewModelCostDeltaSchema = z.looseObject({
  base_bytes_scanned: z.number().int().nullish(),
  base_cost_usd: z.number().nullish(),
  base_duration_ms: z.number().int(),
  branch_bytes_scanned: z.number().int().nullish(),
  branch_cost_usd: z.number().nullish(),
  branch_duration_ms: z.number().int(),
  delta_usd: z.number().nullish(),
  model_name: z.string(),
  /** `true` if this model was copied from base instead of re-run. When true, `branch_*` fields are `None` / `0` and the savings for this row roll into [`PreviewCostSummary::savings_from_copy_usd`]. */
  skipped_via_copy: z.boolean(),
});
/** The parsed form of {@link PreviewModelCostDeltaSchema}. */
export type PreviewModelCostDelta = z.infer<typeof PreviewModelCostDeltaSchema>;

/** JSON output for `rocky preview cost`. Diff layer over `rocky cost latest`'s machinery. Per-model deltas are computed by looking up the latest base-schema `RunRecord` and the branch run's `RunRecord` and subtracting field-by-field. `models_skipped_via_copy` is the prune-set complement: copied mode... */
export const PreviewCostOutputSchema = z.looseObject({
  /** `RunRecord` id for the latest base-schema run that the branch is being compared against. `None` when no base run exists. */
  base_run_id: z.string().nullish(),
  branch_name: z.string(),
  /** `RunRecord` id for the branch execution. Empty when the branch run was a no-op (every changed model pruned to zero downstream). */
  branch_run_id: z.string(),
  command: z.string(),
  markdown: z.string(),
  per_model: z.array(PreviewModelCostDeltaSchema),
  /** Budget breaches projected against the branch totals — populated only when the project declares a `[budget]` block. Lets a PR reviewer (and a CI gate) see "this PR would breach the run-level `max_usd` / `max_duration_ms` / `max_bytes_scanned` if merged" before the merge actually happens. Empty whe... */
  projected_budget_breaches: z.array(BudgetBreachOutputSchema).optional(),
  /** Budget breaches projected against per-model branch totals — populated only when at least one model's resolved budget (its sidecar `[budget]` composed against the project-level config) is breached. Each entry carries `model_name` plus the same `limit_type` / `limit` / `actual` triple as [`Self::pr... */
  projected_per_model_budget_breaches: z.array(PerModelBudgetBreachOutputSchema).optional(),
  summary: PreviewCostSummarySchema,
  version: z.string(),
});
/** The parsed form of {@link PreviewCostOutputSchema}. */
export type PreviewCostOutput = z.infer<typeof PreviewCostOutputSchema>;
