// Generated from the rocky engine's `preview_create.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One entry in [`PreviewCreateOutput::copy_set`]. `copy_strategy` reports `"ctas"` for every successful copy regardless of which SQL primitive the adapter emitted under the hood. Databricks uses `SHALLOW CLONE` and BigQuery uses `CREATE TABLE ... COPY` (both metadata-only); DuckDB and Snowflake fal... */
export const PreviewCopiedModelSchema = z.looseObject({
  copy_strategy: z.string(),
  model_name: z.string(),
  source_schema: z.string(),
  target_schema: z.string(),
});
/** The parsed form of {@link PreviewCopiedModelSchema}. */
export type PreviewCopiedModel = z.infer<typeof PreviewCopiedModelSchema>;

/** One entry in [`PreviewCreateOutput::prune_set`]. */
export const PreviewPrunedModelSchema = z.looseObject({
  /** Columns the diff reports as changed on this model. Only populated when `reason = "changed"`. */
  changed_columns: z.array(z.string()).optional(),
  model_name: z.string(),
  /** `"changed"` for models the diff identified directly, or `"downstream_of_changed"` for models pulled in by column-level lineage from a changed model. */
  reason: z.string(),
});
/** The parsed form of {@link PreviewPrunedModelSchema}. */
export type PreviewPrunedModel = z.infer<typeof PreviewPrunedModelSchema>;

/** JSON output for `rocky preview create`. Records the prune-and-copy decision plus the run summary for the branch execution. The `prune_set` lists models that re-executed; the `copy_set` lists models pre-populated from the base schema instead of being re-run. `skipped_set` is the empty-cost residue... */
export const PreviewCreateOutputSchema = z.looseObject({
  /** Git ref the change set was computed against. Mirrors `--base`. */
  base_ref: z.string(),
  /** Branch name registered in the state store. Mirrors the `name` from `rocky branch create`. */
  branch_name: z.string(),
  /** Schema prefix the branch run wrote into (e.g. `branch__fix-price`). */
  branch_schema: z.string(),
  command: z.string(),
  /** Models pre-populated from the base schema instead of re-running. Empty in Phase 1 if no models could be safely copied. */
  copy_set: z.array(PreviewCopiedModelSchema),
  duration_ms: z.number().int(),
  /** Git SHA the diff was computed from (typically `HEAD`). */
  head_ref: z.string(),
  /** Models that re-executed against the branch. */
  prune_set: z.array(PreviewPrunedModelSchema),
  /** `RunRecord` id for the branch execution. Empty when no models re-executed (a no-op preview where every changed model pruned to zero downstream). */
  run_id: z.string(),
  /** `succeeded`, `partial`, or `failed` — mirrors `RunRecord.status`. */
  run_status: z.string(),
  /** Models neither in the prune set nor copied — the column-level pruner determined they are unaffected and not depended on by any pruned model. Names only; rationale lives in the diff layer. */
  skipped_set: z.array(z.string()),
  version: z.string(),
});
/** The parsed form of {@link PreviewCreateOutputSchema}. */
export type PreviewCreateOutput = z.infer<typeof PreviewCreateOutputSchema>;
