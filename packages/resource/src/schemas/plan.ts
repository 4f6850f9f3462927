// Generated from the rocky engine's `plan.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { DiagnosticSchema, openEnum, unknownVariant } from "./shared.js";

/** A model present on the base side is absent on the head side. */
export const ModelRemovedChangeSchema = z.looseObject({
  kind: z.literal("model_removed"),
  model: z.string(),
});
/** The parsed form of {@link ModelRemovedChangeSchema}. */
export type ModelRemovedChange = z.infer<typeof ModelRemovedChangeSchema>;

/** A model present on the head side is absent on the base side. */
export const ModelAddedChangeSchema = z.looseObject({
  kind: z.literal("model_added"),
  model: z.string(),
});
/** The parsed form of {@link ModelAddedChangeSchema}. */
export type ModelAddedChange = z.infer<typeof ModelAddedChangeSchema>;

/** A column present on the base side is absent on the head side. */
export const ColumnDroppedChangeSchema = z.looseObject({
  column: z.string(),
  data_type: z.string(),
  kind: z.literal("column_dropped"),
  model: z.string(),
});
/** The parsed form of {@link ColumnDroppedChangeSchema}. */
export type ColumnDroppedChange = z.infer<typeof ColumnDroppedChangeSchema>;

/** A column was added. */
export const ColumnAddedChangeSchema = z.looseObject({
  column: z.string(),
  data_type: z.string(),
  kind: z.literal("column_added"),
  model: z.string(),
  nullable: z.boolean(),
});
/** The parsed form of {@link ColumnAddedChangeSchema}. */
export type ColumnAddedChange = z.infer<typeof ColumnAddedChangeSchema>;

/** A column's data type changed. */
export const ColumnTypeChangeSchema = z.looseObject({
  column: z.string(),
  kind: z.literal("column_type_changed"),
  model: z.string(),
  /** `true` when the new type cannot represent every value of the old type (Int64 → Int32, Decimal precision shrink, Timestamp → Date). */
  narrowing: z.boolean(),
  new_type: z.string(),
  old_type: z.string(),
});
/** The parsed form of {@link ColumnTypeChangeSchema}. */
export type ColumnTypeChange = z.infer<typeof ColumnTypeChangeSchema>;

/** A column's nullability flipped. */
export const ColumnNullabilityChangeSchema = z.looseObject({
  column: z.string(),
  kind: z.literal("column_nullability_changed"),
  model: z.string(),
  new_nullable: z.boolean(),
  old_nullable: z.boolean(),
});
/** The parsed form of {@link ColumnNullabilityChangeSchema}. */
export type ColumnNullabilityChange = z.infer<typeof ColumnNullabilityChangeSchema>;

/** A column's position in the output schema changed. `SELECT *` downstream consumers see different positional projection. */
export const ColumnReorderedChangeSchema = z.looseObject({
  column: z.string(),
  kind: z.literal("column_reordered"),
  model: z.string(),
  new_index: z.number().int(),
  old_index: z.number().int(),
});
/** The parsed form of {@link ColumnReorderedChangeSchema}. */
export type ColumnReorderedChange = z.infer<typeof ColumnReorderedChangeSchema>;

/** The materialization strategy switched between top-level variants (e.g. `FullRefresh` → `Incremental`). */
export const MaterializationStrategyChangeSchema = z.looseObject({
  kind: z.literal("materialization_strategy_changed"),
  model: z.string(),
  new_strategy: z.string(),
  old_strategy: z.string(),
});
/** The parsed form of {@link MaterializationStrategyChangeSchema}. */
export type MaterializationStrategyChange = z.infer<typeof MaterializationStrategyChangeSchema>;

/** Materialization-specific key columns changed without the top-level variant changing (e.g. `Merge` `unique_key` rewritten, `Incremental` `timestamp_column` swapped). */
export const MaterializationKeyChangeSchema = z.looseObject({
  /** Which key changed: `unique_key`, `timestamp_column`, `partition_by`, `time_column`, `granularity`, `target_lag`, `update_columns`, `storage_prefix`, or `partition_columns`. */
  key_kind: z.string(),
  kind: z.literal("materialization_key_changed"),
  model: z.string(),
  new: z.array(z.string()),
  old: z.array(z.string()),
});
/** The parsed form of {@link MaterializationKeyChangeSchema}. */
export type MaterializationKeyChange = z.infer<typeof MaterializationKeyChangeSchema>;

/** Replication column-selection mode flipped between `All` and `Explicit(...)` or the explicit list changed. */
export const ReplicationColumnsChangeSchema = z.looseObject({
  kind: z.literal("replication_columns_changed"),
  model: z.string(),
  new: z.array(z.string()),
  old: z.array(z.string()),
});
/** The parsed form of {@link ReplicationColumnsChangeSchema}. */
export type ReplicationColumnsChange = z.infer<typeof ReplicationColumnsChangeSchema>;

/** `LakehouseOptions::partition_by` changed without the strategy changing. Distinct from `MaterializationKeyChanged` since this lives on `format_options` rather than the strategy enum. */
export const PartitionByChangeSchema = z.looseObject({
  kind: z.literal("partition_by_changed"),
  model: z.string(),
  new: z.array(z.string()),
  old: z.array(z.string()),
});
/** The parsed form of {@link PartitionByChangeSchema}. */
export type PartitionByChange = z.infer<typeof PartitionByChangeSchema>;

/** Target table reference renamed (catalog, schema, or table component). */
export const TargetRenamedChangeSchema = z.looseObject({
  kind: z.literal("target_renamed"),
  model: z.string(),
  new: z.string(),
  old: z.string(),
});
/** The parsed form of {@link TargetRenamedChangeSchema}. */
export type TargetRenamedChange = z.infer<typeof TargetRenamedChangeSchema>;

/** Source reference rebound to a different table. */
export const SourceChangeSchema = z.looseObject({
  kind: z.literal("source_changed"),
  model: z.string(),
  new: z.array(z.string()),
  old: z.array(z.string()),
});
/** The parsed form of {@link SourceChangeSchema}. */
export type SourceChange = z.infer<typeof SourceChangeSchema>;

/** A column mask was added, removed, or its strategy changed. */
export const ColumnMaskChangeSchema = z.looseObject({
  column: z.string(),
  kind: z.literal("column_mask_changed"),
  model: z.string(),
  new_strategy: z.string().nullish(),
  old_strategy: z.string().nullish(),
});
/** The parsed form of {@link ColumnMaskChangeSchema}. */
export type ColumnMaskChange = z.infer<typeof ColumnMaskChangeSchema>;

/** Lakehouse format switched (e.g. `DeltaTable` → `IcebergTable`). */
export const LakehouseFormatChangeSchema = z.looseObject({
  kind: z.literal("lakehouse_format_changed"),
  model: z.string(),
  new: z.string(),
  old: z.string(),
});
/** The parsed form of {@link LakehouseFormatChangeSchema}. */
export type LakehouseFormatChange = z.infer<typeof LakehouseFormatChangeSchema>;

/** SQL body changed without any other detectable structural change. Surfaced as `Info` because the typed-output shape is unchanged, but runtime row contents may differ. */
export const SqlBodyChangeSchema = z.looseObject({
  kind: z.literal("sql_body_changed"),
  model: z.string(),
});
/** The parsed form of {@link SqlBodyChangeSchema}. */
export type SqlBodyChange = z.infer<typeof SqlBodyChangeSchema>;

/** The `kind` values this version of the SDK knows. */
export const BREAKING_CHANGE_KINDS = [
  "model_removed",
  "model_added",
  "column_dropped",
  "column_added",
  "column_type_changed",
  "column_nullability_changed",
  "column_reordered",
  "materialization_strategy_changed",
  "materialization_key_changed",
  "replication_columns_changed",
  "partition_by_changed",
  "target_renamed",
  "source_changed",
  "column_mask_changed",
  "lakehouse_format_changed",
  "sql_body_changed",
] as const;

/**
 * A `BreakingChange` whose `kind` this SDK does not know yet (added by a newer engine): its fields are
 * kept as parsed. A known `kind` with an invalid shape does not fall back to this.
 */
export const UnknownBreakingChangeSchema = unknownVariant("kind", BREAKING_CHANGE_KINDS);
/** The parsed form of {@link UnknownBreakingChangeSchema}. */
export type UnknownBreakingChange = z.infer<typeof UnknownBreakingChangeSchema>;

/** The variants this version of the SDK knows, discriminated by `kind`. */
export const KnownBreakingChangeSchema = z.discriminatedUnion("kind", [
  ModelRemovedChangeSchema,
  ModelAddedChangeSchema,
  ColumnDroppedChangeSchema,
  ColumnAddedChangeSchema,
  ColumnTypeChangeSchema,
  ColumnNullabilityChangeSchema,
  ColumnReorderedChangeSchema,
  MaterializationStrategyChangeSchema,
  MaterializationKeyChangeSchema,
  ReplicationColumnsChangeSchema,
  PartitionByChangeSchema,
  TargetRenamedChangeSchema,
  SourceChangeSchema,
  ColumnMaskChangeSchema,
  LakehouseFormatChangeSchema,
  SqlBodyChangeSchema,
]);
/** The parsed form of {@link KnownBreakingChangeSchema}. */
export type KnownBreakingChange = z.infer<typeof KnownBreakingChangeSchema>;

/**
 * A single typed semantic change between two `ProjectIr` snapshots.
 *
 * Known variants first; any other `kind` parses as {@link UnknownBreakingChange}.
 */
export const BreakingChangeSchema = z.union([
  KnownBreakingChangeSchema,
  UnknownBreakingChangeSchema,
]);
/** The parsed form of {@link BreakingChangeSchema}. */
export type BreakingChange = z.infer<typeof BreakingChangeSchema>;

/**
 * True when `value` is one of the variants this SDK knows. `value.kind === "..."` already
 * narrows a {@link BreakingChange}, but the unknown fallback stays in every branch; behind this guard a
 * `switch (value.kind)` narrows to exactly one variant.
 */
export function isKnownBreakingChange(value: BreakingChange): value is KnownBreakingChange {
  return (BREAKING_CHANGE_KINDS as readonly string[]).includes(value.kind);
}

/** Severity classification for a single semantic change. */
export const BreakingSeveritySchema = openEnum(["breaking", "warning", "info"]);
/** The parsed form of {@link BreakingSeveritySchema}. */
export type BreakingSeverity = z.infer<typeof BreakingSeveritySchema>;

/** A classified finding produced by [`diff_project_ir`]. */
export const BreakingFindingSchema = z.looseObject({
  change: BreakingChangeSchema,
  severity: BreakingSeveritySchema,
});
/** The parsed form of {@link BreakingFindingSchema}. */
export type BreakingFinding = z.infer<typeof BreakingFindingSchema>;

/** Classification-tag application row in `PlanOutput.classification_actions`. */
export const ClassificationActionSchema = z.looseObject({
  /** Column name the tag will be applied to. */
  column: z.string(),
  /** Model name the action targets. */
  model: z.string(),
  /** Free-form classification tag (e.g. `"pii"`, `"confidential"`). */
  tag: z.string(),
});
/** The parsed form of {@link ClassificationActionSchema}. */
export type ClassificationAction = z.infer<typeof ClassificationActionSchema>;

/** Masking-policy application row in `PlanOutput.mask_actions`. */
export const MaskActionSchema = z.looseObject({
  /** Column name the mask will be applied to. */
  column: z.string(),
  /** Model name the action targets. */
  model: z.string(),
  /** Wire name of the resolved strategy (`"hash"`, `"redact"`, `"partial"`, `"none"`). Matches `MaskStrategy::as_str`. */
  resolved_strategy: z.string(),
  /** Classification tag the mask is resolved against. */
  tag: z.string(),
});
/** The parsed form of {@link MaskActionSchema}. */
export type MaskAction = z.infer<typeof MaskActionSchema>;

/** rocky's `PlannedStatement`, as the engine's JSON Schema defines it (unknown fields kept). */
export const PlannedStatementSchema = z.looseObject({
  purpose: z.string(),
  sql: z.string(),
  target: z.string(),
});
/** The parsed form of {@link PlannedStatementSchema}. */
export type PlannedStatement = z.infer<typeof PlannedStatementSchema>;

/** Retention-policy application row in `PlanOutput.retention_actions`. */
export const RetentionActionSchema = z.looseObject({
  /** Retention duration parsed from the sidecar (`"90d"` → 90, `"1y"` → 365). Flat day count — no leap-year semantics. */
  duration_days: z.number().int(),
  /** Model name the action targets. */
  model: z.string(),
  /** Warehouse-native preview of the SQL / TBLPROPERTIES Rocky would issue for this model on the active adapter. `None` on warehouses that don't support a first-class retention knob (BigQuery, DuckDB). */
  warehouse_preview: z.string().nullish(),
});
/** The parsed form of {@link RetentionActionSchema}. */
export type RetentionAction = z.infer<typeof RetentionActionSchema>;

/** Decision-support verdict from the typed-IR breaking-change classifier, attached to `PlanOutput` when `rocky plan --semantic` runs against a usable baseline. */
export const SemanticPlanVerdictSchema = z.looseObject({
  /** The git ref the working tree was diffed against (the `--base` value, default `"main"`). */
  base_ref: z.string(),
  /** Verbatim statement of what the classifier does and does not see. Always populated — present even when `findings` is empty, because "no findings" is the case most easily misread as "safe". See the type-level docs for why this is load-bearing. */
  caveat: z.string(),
  /** Classified output-schema findings (one per detected change), including `info`-severity entries. Each finding carries its own `model`, tagged `change.kind`, and `severity` (`breaking` / `warning` / `info`). Empty when no output-schema change was detected — which, per `caveat`, is not a safety signal. */
  findings: z.array(BreakingFindingSchema),
});
/** The parsed form of {@link SemanticPlanVerdictSchema}. */
export type SemanticPlanVerdict = z.infer<typeof SemanticPlanVerdictSchema>;

/** JSON output for `rocky plan`. */
export const PlanOutputSchema = z.looseObject({
  /** Semantic change-impact verdict from the typed-IR breaking-change classifier, surfaced as decision-support at plan time. Present only when `--semantic` ran with a usable baseline. See [`SemanticPlanVerdict`] — note its `caveat`: the classifier diffs OUTPUT SCHEMA only and is blind to... */
  breaking_verdict: SemanticPlanVerdictSchema.nullish(),
  /** Per-model E027 budget-exceeded diagnostics produced at plan time using real catalog statistics. Severity reflects the model's `on_breach` policy (`"warn"` or `"error"`). Empty when no ceiling was exceeded or no real stats were available. */
  budget_diagnostics: z.array(DiagnosticSchema).optional(),
  /** Column-tag applications the governance reconciler would issue via `apply_column_tags`. One row per `(model, column, tag)` triple declared in a model sidecar's `[classification]` block. */
  classification_actions: z.array(ClassificationActionSchema).optional(),
  command: z.string(),
  /** UTC timestamp when the plan was persisted. Present when `plan_id` is present. */
  created_at: z.string().nullish(),
  /** Environment name passed via `--env <name>`. Propagates to `mask_actions` so the preview resolves `[mask.<env>]` overrides on top of the workspace `[mask]` defaults. `None` when the flag is absent — preview resolves against defaults only. */
  env: z.string().nullish(),
  /** Execution layers (topological order) as a list-of-lists of model names. Models within a layer can execute concurrently. Informational — re-derived at apply time. Empty for replication-only plans. */
  execution_layers: z.array(z.array(z.string())).optional(),
  filter: z.string(),
  /** `true` when at least one entry in `budget_diagnostics` has error-level severity (`on_breach = "error"`). Callers can use this flag to fail a pipeline-as-code check without inspecting individual diagnostic severities. */
  has_budget_errors: z.boolean().optional(),
  /** Masking-policy applications the governance reconciler would issue via `apply_masking_policy`. One row per `(model, column, tag)` where the tag resolves to a strategy for the active env. Unresolved tags are intentionally omitted — `rocky compliance` is the diagnostic surface for that gap. */
  mask_actions: z.array(MaskActionSchema).optional(),
  /** Qualified model names that will be executed by `rocky apply`. Empty for replication-only plans. Informational — re-derived at apply time. */
  models: z.array(z.string()).optional(),
  /** Full 64-char blake3 plan identifier. Present when the plan was persisted to `.rocky/plans/<plan_id>.json`. Apply with: `rocky apply <plan_id>`. */
  plan_id: z.string().nullish(),
  /** Plan kind wire name (`"run"`). Present when `plan_id` is present. */
  plan_kind: z.string().nullish(),
  /** Retention-policy applications the governance reconciler would issue via `apply_retention_policy`. One row per model whose sidecar declares `retention = "<N>[dy]"`. `warehouse_preview` shows the warehouse-native SQL that the current adapter would compile the policy to (Databricks / Snowflake);... */
  retention_actions: z.array(RetentionActionSchema).optional(),
  statements: z.array(PlannedStatementSchema),
  version: z.string(),
});
/** The parsed form of {@link PlanOutputSchema}. */
export type PlanOutput = z.infer<typeof PlanOutputSchema>;
