// Generated from the rocky engine's `preview_diff.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { unknownVariant } from "./shared.js";

/** CLI-side mirror of [`rocky_core::compare::bisection::BisectionStats`]. Kept separate so the JSON schema lives alongside the rest of the `rocky preview diff` output types — same pattern as [`BudgetBreachOutput`] mirroring `rocky_core::config::BudgetBreach`. */
export const BisectionStatsOutputSchema = z.looseObject({
  /** Total non-empty chunk-checksum entries returned across both sides and all recursion levels. */
  chunks_examined: z.number().int(),
  /** `true` if the runner hit the `max_depth` cap before any chunk fell below the leaf threshold. The dense range was still materialized exhaustively, so the diff is correct — just slower. */
  depth_capped: z.boolean(),
  /** Maximum recursion depth reached. */
  depth_max: z.number().int(),
  /** Number of leaf chunks materialized for row-by-row diff. */
  leaves_materialized: z.number().int(),
  /** Rows on the base side whose primary-key column was NULL. Excluded from chunk membership; counted at the root so a null-PK divergence surfaces instead of silently dropping rows. */
  null_pk_rows_base: z.number().int(),
  /** Rows on the branch side whose primary-key column was NULL. */
  null_pk_rows_branch: z.number().int(),
  /** How the runner split the primary-key space into chunks. One of `"int_range"`, `"composite"`, `"hash_bucket"`, `"first_column"`. */
  split_strategy: z.string(),
});
/** The parsed form of {@link BisectionStatsOutputSchema}. */
export type BisectionStatsOutput = z.infer<typeof BisectionStatsOutputSchema>;

/** One `(column, base, branch)` triple in [`PreviewRowSample::changes`]. */
export const PreviewRowSampleChangeSchema = z.looseObject({
  base_value: z.string(),
  branch_value: z.string(),
  column: z.string(),
});
/** The parsed form of {@link PreviewRowSampleChangeSchema}. */
export type PreviewRowSampleChange = z.infer<typeof PreviewRowSampleChangeSchema>;

/** One representative changed row in [`PreviewSampledRowDiff::samples`]. */
export const PreviewRowSampleSchema = z.looseObject({
  /** Pairs of `(column_name, base_value, branch_value)` for every column that differs on this row. */
  changes: z.array(PreviewRowSampleChangeSchema),
  primary_key: z.string(),
});
/** The parsed form of {@link PreviewRowSampleSchema}. */
export type PreviewRowSample = z.infer<typeof PreviewRowSampleSchema>;

/** Row-level diff produced by the checksum-bisection algorithm. All counts are exhaustive over the diffed table — no sampling window. */
export const PreviewBisectionRowDiffSchema = z.looseObject({
  rows_added: z.number().int(),
  rows_changed: z.number().int(),
  rows_removed: z.number().int(),
  /** Up to `--max-samples` (default 5) representative changed rows surfaced from the leaves. Bisection samples only carry the primary key — column-level diffs are not retained on the kernel's leaf record. Empty when no rows differ. */
  samples: z.array(PreviewRowSampleSchema).optional(),
});
/** The parsed form of {@link PreviewBisectionRowDiffSchema}. */
export type PreviewBisectionRowDiff = z.infer<typeof PreviewBisectionRowDiffSchema>;

/** One column-type change entry. */
export const PreviewColumnTypeChangeSchema = z.looseObject({
  from: z.string(),
  name: z.string(),
  to: z.string(),
});
/** The parsed form of {@link PreviewColumnTypeChangeSchema}. */
export type PreviewColumnTypeChange = z.infer<typeof PreviewColumnTypeChangeSchema>;

/** Aggregate diff counts for [`PreviewDiffOutput`]. */
export const PreviewDiffSummarySchema = z.looseObject({
  /** `true` if **any** per-model diff is either a sampled diff with `sampling_window.coverage_warning = true` or a bisection diff with `bisection_stats.depth_capped = true`. Both conditions indicate the row-level findings might be incomplete and a reviewer shouldn't infer "no change" from a clean result. */
  any_coverage_warning: z.boolean(),
  models_unchanged: z.number().int(),
  models_with_changes: z.number().int(),
  total_rows_added: z.number().int(),
  total_rows_changed: z.number().int(),
  total_rows_removed: z.number().int(),
});
/** The parsed form of {@link PreviewDiffSummarySchema}. */
export type PreviewDiffSummary = z.infer<typeof PreviewDiffSummarySchema>;

/** Sampled row-level diff. All counts are over the sampling window. */
export const PreviewSampledRowDiffSchema = z.looseObject({
  rows_added: z.number().int(),
  rows_changed: z.number().int(),
  rows_removed: z.number().int(),
  /** Up to `--max-samples` (default 5) representative changed rows for human review. Pure noise when sampling found no change. */
  samples: z.array(PreviewRowSampleSchema).optional(),
});
/** The parsed form of {@link PreviewSampledRowDiffSchema}. */
export type PreviewSampledRowDiff = z.infer<typeof PreviewSampledRowDiffSchema>;

/** Sampling-window metadata surfaced verbatim in the PR comment. `coverage_warning = true` flags that the row count outside the sampling window is non-trivial; reviewers should not infer "no change" from a clean sample if this flag is set. */
export const PreviewSamplingWindowSchema = z.looseObject({
  /** Sampling-strategy tag. `"first_n_by_order"` is the standard PK-ordered window; `"not_yet_sampled"` is a placeholder used when the sampling layer didn't run (e.g. the structural-only fallback path). */
  coverage: z.string(),
  coverage_warning: z.boolean(),
  limit: z.number().int(),
  ordered_by: z.string(),
});
/** The parsed form of {@link PreviewSamplingWindowSchema}. */
export type PreviewSamplingWindow = z.infer<typeof PreviewSamplingWindowSchema>;

/** Sampled diff — `LIMIT N` rows ordered by primary key (or first column). Carries a coverage warning when changes outside the sampling window are not surfaced. */
export const PreviewModelDiffAlgorithmSampledSchema = z.looseObject({
  kind: z.literal("sampled"),
  sampled: PreviewSampledRowDiffSchema,
  sampling_window: PreviewSamplingWindowSchema,
});
/** The parsed form of {@link PreviewModelDiffAlgorithmSampledSchema}. */
export type PreviewModelDiffAlgorithmSampled = z.infer<
  typeof PreviewModelDiffAlgorithmSampledSchema
>;

/** Checksum-bisection exhaustive diff. Walks the chunk lattice and materializes leaves for row-by-row compare. Carries [`BisectionStatsOutput`] so consumers can audit the recursion trace. */
export const PreviewModelDiffAlgorithmBisectionSchema = z.looseObject({
  bisection_stats: BisectionStatsOutputSchema,
  diff: PreviewBisectionRowDiffSchema,
  kind: z.literal("bisection"),
});
/** The parsed form of {@link PreviewModelDiffAlgorithmBisectionSchema}. */
export type PreviewModelDiffAlgorithmBisection = z.infer<
  typeof PreviewModelDiffAlgorithmBisectionSchema
>;

/** The `kind` values this version of the SDK knows for PreviewModelDiffAlgorithm. */
export const PREVIEW_MODEL_DIFF_ALGORITHM_KINDS = ["sampled", "bisection"] as const;

/** A PreviewModelDiffAlgorithm whose `kind` this SDK does not know yet (added by a newer engine): its fields are kept. */
export const UnknownPreviewModelDiffAlgorithmSchema = unknownVariant(
  "kind",
  PREVIEW_MODEL_DIFF_ALGORITHM_KINDS,
);
/** The parsed form of {@link UnknownPreviewModelDiffAlgorithmSchema}. */
export type UnknownPreviewModelDiffAlgorithm = z.infer<
  typeof UnknownPreviewModelDiffAlgorithmSchema
>;

/** Validates the `KnownPreviewModelDiffAlgorithm` object of the engine's `preview_diff.schema.json`. */
export const KnownPreviewModelDiffAlgorithmSchema = z.discriminatedUnion("kind", [
  PreviewModelDiffAlgorithmSampledSchema,
  PreviewModelDiffAlgorithmBisectionSchema,
]);
/** The parsed form of {@link KnownPreviewModelDiffAlgorithmSchema}. */
export type KnownPreviewModelDiffAlgorithm = z.infer<typeof KnownPreviewModelDiffAlgorithmSchema>;

/** Row-level diff payload tagged by which algorithm produced it. The `kind` discriminator (`"sampled"` or `"bisection"`) lets consumers reading the JSON pick the right shape without having to check optional fields. */
export const PreviewModelDiffAlgorithmSchema = z.union([
  KnownPreviewModelDiffAlgorithmSchema,
  UnknownPreviewModelDiffAlgorithmSchema,
]);
/** The parsed form of {@link PreviewModelDiffAlgorithmSchema}. */
export type PreviewModelDiffAlgorithm = z.infer<typeof PreviewModelDiffAlgorithmSchema>;

/** True when `value` is one of the PreviewModelDiffAlgorithm variants this SDK knows. */
export function isKnownPreviewModelDiffAlgorithm(
  value: PreviewModelDiffAlgorithm,
): value is KnownPreviewModelDiffAlgorithm {
  return (PREVIEW_MODEL_DIFF_ALGORITHM_KINDS as readonly string[]).includes(value.kind);
}

/** Column-level structural diff. Mirrors the shape produced by `rocky ci-diff` at the column granularity. */
export const PreviewStructuralDiffSchema = z.looseObject({
  added_columns: z.array(z.string()).optional(),
  removed_columns: z.array(z.string()).optional(),
  /** One entry per column whose type changed. Each carries `name`, `from`, `to`. */
  type_changes: z.array(PreviewColumnTypeChangeSchema).optional(),
});
/** The parsed form of {@link PreviewStructuralDiffSchema}. */
export type PreviewStructuralDiff = z.infer<typeof PreviewStructuralDiffSchema>;

/** Per-model diff. Combines a structural (column-level) delta with a row-level diff that was produced by either the sampled or the checksum-bisection algorithm. The active algorithm is encoded by the `kind` discriminator on [`PreviewModelDiffAlgorithm`]. */
export const PreviewModelDiffSchema = z.looseObject({
  /** Row-level diff payload, tagged by which algorithm produced it. Different models in the same run can carry different variants: a model with a single-column integer primary key runs through the bisection kernel, while a model that lacks a usable PK falls back to the sampled algorithm. */
  algorithm: PreviewModelDiffAlgorithmSchema,
  model_name: z.string(),
  structural: PreviewStructuralDiffSchema,
});
/** The parsed form of {@link PreviewModelDiffSchema}. */
export type PreviewModelDiff = z.infer<typeof PreviewModelDiffSchema>;

/** JSON output for `rocky preview diff`. Combines the structural diff (column added/removed/type-changed) from the existing `rocky_core::ci_diff` machinery with a row-level diff produced by either the sampled or the checksum-bisection algorithm. Each per-model entry's `algorithm` field carries a `ki... */
export const PreviewDiffOutputSchema = z.looseObject({
  /** Present when no run was recorded on `base_ref`: the diff is NOT computed against any stand-in (an empty summary is returned) and this note explains the absence and the remedy (#1345). */
  base_note: z.string().nullish(),
  base_ref: z.string(),
  branch_name: z.string(),
  command: z.string(),
  /** Pre-rendered Markdown suitable for posting as a GitHub PR comment. */
  markdown: z.string(),
  models: z.array(PreviewModelDiffSchema),
  summary: PreviewDiffSummarySchema,
  version: z.string(),
});
/** The parsed form of {@link PreviewDiffOutputSchema}. */
export type PreviewDiffOutput = z.infer<typeof PreviewDiffOutputSchema>;
