// Generated from the rocky engine's `compile.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { DiagnosticSchema, openEnum, TestSeveritySchema, unknownVariant } from "./shared.js";

/** Confidence level for an incrementality recommendation. */
export const ConfidenceSchema = openEnum(["high", "medium", "low"]);
/** The parsed form of {@link ConfidenceSchema}. */
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** Heuristic cost estimate derived from DAG-aware cardinality propagation. */
export const CostHintSchema = z.looseObject({
  /** Confidence level: `"low"`, `"medium"`, or `"high"`. */
  confidence: z.string(),
  /** Estimated total output bytes. */
  estimated_bytes: z.number().int(),
  /** Estimated compute cost in USD. */
  estimated_cost_usd: z.number(),
  /** Estimated number of output rows. */
  estimated_rows: z.number().int(),
});
/** The parsed form of {@link CostHintSchema}. */
export type CostHint = z.infer<typeof CostHintSchema>;

/** A hint that a model could benefit from incremental materialization. */
export const IncrementalityHintSchema = z.looseObject({
  /** How confident the detector is in this recommendation. */
  confidence: ConfidenceSchema,
  /** Whether the model is a candidate for incremental materialization. */
  is_candidate: z.boolean(),
  /** The column recommended as the watermark / timestamp column. */
  recommended_column: z.string(),
  /** Human-readable reasons why this column was chosen. */
  signals: z.array(z.string()),
});
/** The parsed form of {@link IncrementalityHintSchema}. */
export type IncrementalityHint = z.infer<typeof IncrementalityHintSchema>;

/** Per-model freshness configuration. */
export const ModelFreshnessConfigSchema = z.looseObject({
  /** Maximum lag in seconds before the model is considered stale. */
  max_lag_seconds: z.number().int(),
  /** Severity reported when the freshness check trips. Default `warning` keeps the runtime check non-blocking — switch to `error` to fail the pipeline on stale data. */
  severity: TestSeveritySchema.nullish(),
  /** Optional timestamp column used to evaluate freshness at runtime (`MAX(time_column) < NOW() - INTERVAL max_lag_seconds`). When unset the runtime falls back to the model's last-materialization timestamp from the state store. */
  time_column: z.string().nullish(),
});
/** The parsed form of {@link ModelFreshnessConfigSchema}. */
export type ModelFreshnessConfig = z.infer<typeof ModelFreshnessConfigSchema>;

/** Partition granularity for `time_interval` materialization. */
export const TimeGrainSchema = openEnum(["hour", "day", "month", "year"]);
/** The parsed form of {@link TimeGrainSchema}. */
export type TimeGrain = z.infer<typeof TimeGrainSchema>;

/** rocky's `FullRefreshStrategy`, as the engine's JSON Schema defines it (unknown fields kept). */
export const FullRefreshStrategySchema = z.looseObject({
  type: z.literal("full_refresh"),
});
/** The parsed form of {@link FullRefreshStrategySchema}. */
export type FullRefreshStrategy = z.infer<typeof FullRefreshStrategySchema>;

/** rocky's `IncrementalStrategy`, as the engine's JSON Schema defines it (unknown fields kept). */
export const IncrementalStrategySchema = z.looseObject({
  timestamp_column: z.string(),
  type: z.literal("incremental"),
});
/** The parsed form of {@link IncrementalStrategySchema}. */
export type IncrementalStrategy = z.infer<typeof IncrementalStrategySchema>;

/** rocky's `MergeStrategy`, as the engine's JSON Schema defines it (unknown fields kept). */
export const MergeStrategySchema = z.looseObject({
  type: z.literal("merge"),
  unique_key: z.array(z.string()),
  update_columns: z.array(z.string()).nullable().default(null),
});
/** The parsed form of {@link MergeStrategySchema}. */
export type MergeStrategy = z.infer<typeof MergeStrategySchema>;

/** Partition-keyed materialization. Each run targets specific partitions rather than appending past a watermark. Idempotent and backfill-friendly. */
export const TimeIntervalStrategySchema = z.looseObject({
  /** Combine N consecutive partitions into one SQL statement when backfilling. Defaults to 1 (atomic per-partition replacement). */
  batch_size: z.number().int().default(1),
  /** Lower bound for `--missing` discovery, in canonical key format (e.g., `"2024-01-01"` for daily). Required when `--missing` is used. */
  first_partition: z.string().nullable().default(null),
  /** Partition granularity (`hour`, `day`, `month`, `year`). */
  granularity: TimeGrainSchema,
  /** Recompute the previous N partitions on each run, in addition to whatever the CLI selected. Standard handling for late-arriving data. */
  lookback: z.number().int().default(0),
  /** Column on the model output that holds the partition value. Must be a non-nullable date or timestamp column. Validated by the compiler against the typed output schema. */
  time_column: z.string(),
  type: z.literal("time_interval"),
});
/** The parsed form of {@link TimeIntervalStrategySchema}. */
export type TimeIntervalStrategy = z.infer<typeof TimeIntervalStrategySchema>;

/** Ephemeral model — inlined as CTE in downstream queries, no table created. */
export const EphemeralStrategySchema = z.looseObject({
  type: z.literal("ephemeral"),
});
/** The parsed form of {@link EphemeralStrategySchema}. */
export type EphemeralStrategy = z.infer<typeof EphemeralStrategySchema>;

/** Delete+Insert: delete matching rows by partition key, then insert. */
export const DeleteInsertStrategySchema = z.looseObject({
  /** Column(s) used to identify the partition to delete. */
  partition_by: z.array(z.string()),
  type: z.literal("delete_insert"),
});
/** The parsed form of {@link DeleteInsertStrategySchema}. */
export type DeleteInsertStrategy = z.infer<typeof DeleteInsertStrategySchema>;

/** Microbatch: alias for time_interval with hourly defaults. dbt-compatible naming for partition-based incremental processing. */
export const MicrobatchStrategySchema = z.looseObject({
  /** Batch granularity (default: Hour). */
  granularity: TimeGrainSchema.default("hour"),
  /** Timestamp column for micro-batch boundaries. */
  timestamp_column: z.string(),
  type: z.literal("microbatch"),
});
/** The parsed form of {@link MicrobatchStrategySchema}. */
export type MicrobatchStrategy = z.infer<typeof MicrobatchStrategySchema>;

/** SQL view — no physical storage. Every read against the target re-runs the model SELECT. Supported on every Rocky-targeted warehouse. */
export const ViewStrategySchema = z.looseObject({
  type: z.literal("view"),
});
/** The parsed form of {@link ViewStrategySchema}. */
export type ViewStrategy = z.infer<typeof ViewStrategySchema>;

/** Materialized view — warehouse manages refresh. Supported on Databricks, Snowflake, and BigQuery. DuckDB / Trino surface a "not supported" error at SQL-gen time. */
export const MaterializedViewStrategySchema = z.looseObject({
  type: z.literal("materialized_view"),
});
/** The parsed form of {@link MaterializedViewStrategySchema}. */
export type MaterializedViewStrategy = z.infer<typeof MaterializedViewStrategySchema>;

/** Snowflake dynamic table — warehouse manages lag-based refresh. `target_lag` is a Snowflake lag specifier (e.g. `"1 minute"`, `"5 hours"`, `"downstream"`). Non-Snowflake adapters surface a "not supported" error at SQL-gen time. */
export const DynamicTableStrategySchema = z.looseObject({
  /** Snowflake lag specifier — alphanumeric + space only. Examples: `"1 minute"`, `"5 hours"`, `"downstream"`. */
  target_lag: z.string(),
  type: z.literal("dynamic_table"),
});
/** The parsed form of {@link DynamicTableStrategySchema}. */
export type DynamicTableStrategy = z.infer<typeof DynamicTableStrategySchema>;

/** Content-addressed write to a Delta UniForm table via the `rocky-iceberg` writer. The runtime executes the model SQL, converts the result to Arrow, blake3-hashes the Parquet bytes, uploads to `storage_prefix`, and emits a Delta log commit. Cross-engine reads (DuckDB iceberg_scan, etc.) require... */
export const ContentAddressedStrategySchema = z.looseObject({
  /** Logical partition column names. Empty for unpartitioned tables. The runtime asserts this matches the table's declared partition columns at materialization time. */
  partition_columns: z.array(z.string()).default(() => []),
  /** Object-store key prefix that holds `_delta_log/` + Parquet files for the target table. Typically `s3://<bucket>/<path>/<table>` for AWS-backed deployments. */
  storage_prefix: z.string(),
  type: z.literal("content_addressed"),
});
/** The parsed form of {@link ContentAddressedStrategySchema}. */
export type ContentAddressedStrategy = z.infer<typeof ContentAddressedStrategySchema>;

/** The `type` values this version of the SDK knows. */
export const STRATEGY_CONFIG_TYPES = [
  "full_refresh",
  "incremental",
  "merge",
  "time_interval",
  "ephemeral",
  "delete_insert",
  "microbatch",
  "view",
  "materialized_view",
  "dynamic_table",
  "content_addressed",
] as const;

/**
 * A `StrategyConfig` whose `type` this SDK does not know yet (added by a newer engine): its fields are
 * kept as parsed. A known `type` with an invalid shape does not fall back to this.
 */
export const UnknownStrategyConfigSchema = unknownVariant("type", STRATEGY_CONFIG_TYPES);
/** The parsed form of {@link UnknownStrategyConfigSchema}. */
export type UnknownStrategyConfig = z.infer<typeof UnknownStrategyConfigSchema>;

/** The variants this version of the SDK knows, discriminated by `type`. */
export const KnownStrategyConfigSchema = z.discriminatedUnion("type", [
  FullRefreshStrategySchema,
  IncrementalStrategySchema,
  MergeStrategySchema,
  TimeIntervalStrategySchema,
  EphemeralStrategySchema,
  DeleteInsertStrategySchema,
  MicrobatchStrategySchema,
  ViewStrategySchema,
  MaterializedViewStrategySchema,
  DynamicTableStrategySchema,
  ContentAddressedStrategySchema,
]);
/** The parsed form of {@link KnownStrategyConfigSchema}. */
export type KnownStrategyConfig = z.infer<typeof KnownStrategyConfigSchema>;

/**
 * Materialization strategy for a model, defaulting to full refresh.
 *
 * Known variants first; any other `type` parses as {@link UnknownStrategyConfig}.
 */
export const StrategyConfigSchema = z.union([
  KnownStrategyConfigSchema,
  UnknownStrategyConfigSchema,
]);
/** The parsed form of {@link StrategyConfigSchema}. */
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;

/**
 * True when `value` is one of the variants this SDK knows. `value.type === "..."` already
 * narrows a {@link StrategyConfig}, but the unknown fallback stays in every branch; behind this guard a
 * `switch (value.type)` narrows to exactly one variant.
 */
export function isKnownStrategyConfig(value: StrategyConfig): value is KnownStrategyConfig {
  return (STRATEGY_CONFIG_TYPES as readonly string[]).includes(value.type);
}

/** Target table coordinates for a model. */
export const TargetConfigSchema = z.looseObject({
  catalog: z.string(),
  schema: z.string(),
  table: z.string(),
});
/** The parsed form of {@link TargetConfigSchema}. */
export type TargetConfig = z.infer<typeof TargetConfigSchema>;

/** Per-model summary projected from `rocky_core::models::ModelConfig`. */
export const ModelDetailSchema = z.looseObject({
  /** How the contract was discovered: `"auto"` (sibling `.contract.toml`), `"explicit"` (via `--contracts` flag), or absent when no contract. */
  contract_source: z.string().nullish(),
  /** DAG-propagated cost estimate for this model. Populated at compile time using heuristic cardinality propagation (no warehouse round-trip). `None` when no upstream table statistics are available. */
  cost_hint: CostHintSchema.nullish(),
  /** Names of models this model directly depends on. Derived from the model's TOML `depends_on` list or auto-resolved from SQL table references. Empty when the model has no upstream dependencies. */
  depends_on: z.array(z.string()).optional(),
  /** Per-model freshness expectation, when declared in the model's TOML frontmatter. `None` when not configured. */
  freshness: ModelFreshnessConfigSchema.nullish(),
  /** When the model uses `full_refresh` and has columns that look monotonic, this hint suggests switching to incremental materialization. `None` when the model already uses an incremental strategy or no candidates were found. */
  incrementality_hint: IncrementalityHintSchema.nullish(),
  name: z.string(),
  /** Materialization strategy as the wire-shape `StrategyConfig` (`{"type": "...", ...}`). */
  strategy: StrategyConfigSchema,
  /** Model-level governance tags — the model's own `[tags]` block merged over any config-group `[tags]` baseline (sidecar > group). Free-form key/value strings describing the model as a whole (`domain`, `tier`, `owner`, …). `dagster-rocky` projects these onto the derived asset's Dagster tags, so a... */
  tags: z.record(z.string(), z.string()).optional(),
  /** Target table coordinates. */
  target: TargetConfigSchema,
});
/** The parsed form of {@link ModelDetailSchema}. */
export type ModelDetail = z.infer<typeof ModelDetailSchema>;

/** Wall-clock duration of each compile phase. */
export const PhaseTimingsSchema = z.looseObject({
  contracts_ms: z.number().int(),
  project_load_ms: z.number().int(),
  semantic_graph_ms: z.number().int(),
  total_ms: z.number().int(),
  /** Portion of `typecheck_ms` spent inside `check_join_keys`. */
  typecheck_join_keys_ms: z.number().int(),
  typecheck_ms: z.number().int(),
});
/** The parsed form of {@link PhaseTimingsSchema}. */
export type PhaseTimings = z.infer<typeof PhaseTimingsSchema>;

/** JSON output for `rocky compile`. */
export const CompileOutputSchema = z.looseObject({
  command: z.string(),
  compile_timings: PhaseTimingsSchema,
  /** Diagnostics for the models this result describes. Under `--model`, filtered to those whose owning model name equals the selector exactly — so a diagnostic raised against a different model is absent even when that model is an upstream of the selected one. */
  diagnostics: z.array(DiagnosticSchema),
  /** Number of execution layers this result describes. */
  execution_layers: z.number().int(),
  /** Expanded SQL for each model after macro substitution. Only populated when `--expand-macros` is passed. Keys are model names, values are the SQL after all `@macro()` calls have been replaced. */
  expanded_sql: z.record(z.string(), z.string()).optional(),
  /** Whether the diagnostics this result describes include error-severity entries — and, for the CLI, whether the command exits non-zero. */
  has_errors: z.boolean(),
  /** Number of models this result describes — the whole project, or `1` when `--model` selects one. Not a project-wide total under a selector. */
  models: z.number().int(),
  /** Per-model details extracted from each model's TOML frontmatter. Empty when the project has no models. Downstream consumers (`dagster-rocky` to surface per-model freshness policies and partition-keyed assets) iterate this list rather than re-loading model frontmatter themselves. */
  models_detail: z.array(ModelDetailSchema).optional(),
  version: z.string(),
});
/** The parsed form of {@link CompileOutputSchema}. */
export type CompileOutput = z.infer<typeof CompileOutputSchema>;
