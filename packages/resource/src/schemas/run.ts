// Generated from the rocky engine's `run.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ExcludedTableSchema, openEnum, TestSeveritySchema } from "./shared.js";

/** Row count anomaly detected by historical baseline comparison. */
export const AnomalySchema = z.looseObject({
  baseline_avg: z.number(),
  current_count: z.number().int(),
  deviation_pct: z.number(),
  reason: z.string(),
  table: z.string(),
});
/** The parsed form of {@link AnomalySchema}. */
export type Anomaly = z.infer<typeof AnomalySchema>;

/** One attempt at materializing a model, recorded when the run loop's classified-retry layer is active. */
export const AttemptRecordSchema = z.looseObject({
  /** 1-based attempt index. Attempt 1 is the first try; 2+ are retries. */
  attempt: z.number().int(),
  /** Milliseconds slept as backoff *after* this attempt before the next retry. `None` on the final (kept) attempt and on any attempt that was not followed by a retry. */
  backoff_ms: z.number().int().nullish(),
  /** Wall-clock duration of this attempt, in milliseconds. */
  duration_ms: z.number().int(),
  /** The failure message (truncated), for a failed attempt; `None` on success. */
  error: z.string().nullish(),
  /** The run-loop [`FailureClass`](crate::failure_class::FailureClass) label (`"transient"` / `"permanent"` / `"unknown"`) for a failed attempt; `None` on a successful attempt. */
  failure_class: z.string().nullish(),
  /** `"success"` or `"failed"`. */
  outcome: z.string(),
  /** The transient sub-kind label (`"network"`, `"timeout"`, …) when the failure was transient; `None` otherwise. */
  transient_kind: z.string().nullish(),
});
/** The parsed form of {@link AttemptRecordSchema}. */
export type AttemptRecord = z.infer<typeof AttemptRecordSchema>;

/** One budget breach surfaced on [`RunOutput::budget_breaches`]. */
export const BudgetBreachSchema = z.looseObject({
  actual: z.number(),
  limit: z.number(),
  /** Which limit was breached: `"max_usd"`, `"max_duration_ms"`, or `"max_bytes_scanned"`. */
  limit_type: z.string(),
});
/** The parsed form of {@link BudgetBreachSchema}. */
export type BudgetBreach = z.infer<typeof BudgetBreachSchema>;

/** Row count comparison between source and target tables. */
export const RowCountCheckDetailSchema = z.looseObject({
  source_count: z.number().int(),
  target_count: z.number().int(),
});
/** The parsed form of {@link RowCountCheckDetailSchema}. */
export type RowCountCheckDetail = z.infer<typeof RowCountCheckDetailSchema>;
/** Column presence comparison between source and target schemas. */
export const ColumnMatchCheckDetailSchema = z.looseObject({
  extra: z.array(z.string()),
  missing: z.array(z.string()),
});
/** The parsed form of {@link ColumnMatchCheckDetailSchema}. */
export type ColumnMatchCheckDetail = z.infer<typeof ColumnMatchCheckDetailSchema>;
/** Data freshness measured as lag from the max timestamp to now. */
export const FreshnessCheckDetailSchema = z.looseObject({
  lag_seconds: z.number().int(),
  threshold_seconds: z.number().int(),
});
/** The parsed form of {@link FreshnessCheckDetailSchema}. */
export type FreshnessCheckDetail = z.infer<typeof FreshnessCheckDetailSchema>;
/** Null rate for a specific column, sampled via TABLESAMPLE. */
export const NullRateCheckDetailSchema = z.looseObject({
  column: z.string(),
  null_rate: z.number(),
  threshold: z.number(),
});
/** The parsed form of {@link NullRateCheckDetailSchema}. */
export type NullRateCheckDetail = z.infer<typeof NullRateCheckDetailSchema>;
/** Row-level assertion (`not_null`, `unique`, `accepted_values`, `relationships`, `expression`, `row_count_range`). */
export const AssertionCheckDetailSchema = z.looseObject({
  column: z.string().nullish(),
  failing_rows: z.number().int(),
  kind: z.string(),
});
/** The parsed form of {@link AssertionCheckDetailSchema}. */
export type AssertionCheckDetail = z.infer<typeof AssertionCheckDetailSchema>;
/** User-defined SQL check evaluated against a threshold. */
export const CustomCheckDetailSchema = z.looseObject({
  query: z.string(),
  result_value: z.number().int(),
  threshold: z.number().int(),
});
/** The parsed form of {@link CustomCheckDetailSchema}. */
export type CustomCheckDetail = z.infer<typeof CustomCheckDetailSchema>;
/** Cross-source overlap of a business key between sibling sources. */
export const OverlapCheckDetailSchema = z.looseObject({
  contributing_tables: z.array(z.string()),
  overlap_count: z.number().int(),
  sample: z.array(z.string()),
});
/** The parsed form of {@link OverlapCheckDetailSchema}. */
export type OverlapCheckDetail = z.infer<typeof OverlapCheckDetailSchema>;

/**
 * The detail shapes a check result can carry, in the engine's order. The engine flattens
 * exactly one of them (untagged) next to `name`/`passed`/`severity`; see {@link CheckResultSchema}.
 */
export const CHECK_RESULT_DETAIL_SCHEMAS = [
  RowCountCheckDetailSchema,
  ColumnMatchCheckDetailSchema,
  FreshnessCheckDetailSchema,
  NullRateCheckDetailSchema,
  AssertionCheckDetailSchema,
  CustomCheckDetailSchema,
  OverlapCheckDetailSchema,
] as const;

/**
 * Result of a single data quality check.
 *
 * The engine serializes the check-specific detail untagged (row count, column match,
 * freshness, null rate, assertion, custom SQL, overlap), so the detail fields are typed here
 * as optional members of one object: test for the field you need (`check.source_count !==
 * undefined`). A detail shape added by a newer engine parses and is kept.
 */
export const CheckResultSchema = z.looseObject({
  name: z.string(),
  passed: z.boolean(),
  /** Severity reported when the check fails. `error` fails the quality pipeline; `warning` is advisory. Engine default: `"error"`. */
  severity: TestSeveritySchema.default("error"),
  ...RowCountCheckDetailSchema.partial().shape,
  ...ColumnMatchCheckDetailSchema.partial().shape,
  ...FreshnessCheckDetailSchema.partial().shape,
  ...NullRateCheckDetailSchema.partial().shape,
  ...CustomCheckDetailSchema.partial().shape,
  ...OverlapCheckDetailSchema.partial().shape,
  // Last, so that `column` keeps its nullable type (a null-rate check always has a column).
  ...AssertionCheckDetailSchema.partial().shape,
  /** `threshold` is a ratio (null-rate check) or a row count (custom SQL check). */
  threshold: z.number().optional(),
});
/** The parsed form of {@link CheckResultSchema}. */
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** One model withheld from a run because an upstream failed (or was itself withheld) and failure-containment continued the disjoint subgraphs. */
export const ContainedModelSchema = z.looseObject({
  /** The failed-or-withheld upstream(s) that reach this model — its direct poisoned dependencies. The run's `errors[]` carry the root-cause detail. */
  blocked_by: z.array(z.string()),
  /** The withheld model's name (matches the model entry in the project DAG). */
  model: z.string(),
  /** Operator hint: resolve the named upstream failure(s), then re-run. */
  unblock_hint: z.string(),
});
/** The parsed form of {@link ContainedModelSchema}. */
export type ContainedModel = z.infer<typeof ContainedModelSchema>;

/** rocky's `DriftAction`, as the engine's JSON Schema defines it (unknown fields kept). */
export const DriftActionSchema = z.looseObject({
  action: z.string(),
  reason: z.string(),
  table: z.string(),
});
/** The parsed form of {@link DriftActionSchema}. */
export type DriftAction = z.infer<typeof DriftActionSchema>;

/** rocky's `DriftSummary`, as the engine's JSON Schema defines it (unknown fields kept). */
export const DriftSummarySchema = z.looseObject({
  actions_taken: z.array(DriftActionSchema),
  tables_checked: z.number().int(),
  tables_drifted: z.number().int(),
});
/** The parsed form of {@link DriftSummarySchema}. */
export type DriftSummary = z.infer<typeof DriftSummarySchema>;

/** Summary of execution parallelism and throughput. */
export const ExecutionSummarySchema = z.looseObject({
  /** Whether adaptive concurrency (AIMD throttle) was enabled for this run. */
  adaptive_concurrency: z.boolean().optional(),
  concurrency: z.number().int(),
  /** Final concurrency level at end of run (may differ from initial if adaptive concurrency adjusted it). Only present when adaptive concurrency is enabled. */
  final_concurrency: z.number().int().nullish(),
  /** Number of rate-limit signals (HTTP 429 / UC_REQUEST_LIMIT_EXCEEDED) that triggered concurrency reduction. Only present when adaptive concurrency is enabled. */
  rate_limits_detected: z.number().int().nullish(),
  /** Source tables whose **copy failed** on the replication path (the `table_errors` count). Transformation-model runtime failures — including contained-cause failures — are reported in `errors` and the top-level `RunOutput.tables_failed`, not here; transformation-only runs leave the whole... */
  tables_failed: z.number().int(),
  tables_processed: z.number().int(),
});
/** The parsed form of {@link ExecutionSummarySchema}. */
export type ExecutionSummary = z.infer<typeof ExecutionSummarySchema>;

/** Coarse-grained failure classification for an entry on [`RunOutput::errors`]. Lets orchestrators branch on the kind of failure (retry, page someone, surface in the UI) without parsing the free-form `error` string. */
export const FailureKindSchema = openEnum([
  "connection-failed",
  "auth-failed",
  "query-rejected",
  "transient",
  "quota-exceeded",
  "not-found",
  "compile-error",
  "unknown",
]);
/** The parsed form of {@link FailureKindSchema}. */
export type FailureKind = z.infer<typeof FailureKindSchema>;

/** rocky's `MaterializationMetadata`, as the engine's JSON Schema defines it (unknown fields kept). */
export const MaterializationMetadataSchema = z.looseObject({
  /** Number of columns in the materialized table's typed schema. Populated for derived models (where the compiler resolved a typed schema); `None` for source-replication tables that inherit their schema from upstream. */
  column_count: z.number().int().nullish(),
  /** Compile time in milliseconds for the model that produced this materialization. Populated only for derived models. Mirrors the relevant slice of `PhaseTimings.total_ms`. */
  compile_time_ms: z.number().int().nullish(),
  /** Short hash (16 hex chars) of the generated SQL string. Lets orchestrators detect "what changed?" between runs without diffing full SQL bodies. Computed via `xxh3_64` of the canonical SQL the engine sent to the warehouse. */
  sql_hash: z.string().nullish(),
  strategy: z.string(),
  /** Fully-qualified target table identifier in `catalog.schema.table` format. Useful for click-through links to the warehouse UI from the Dagster asset detail page. Always set when the materialization targets a known table. */
  target_table_full_name: z.string().nullish(),
  watermark: z.string().nullish(),
});
/** The parsed form of {@link MaterializationMetadataSchema}. */
export type MaterializationMetadata = z.infer<typeof MaterializationMetadataSchema>;

/** Partition window information for a single `time_interval` materialization. */
export const PartitionInfoSchema = z.looseObject({
  batched_with: z.array(z.string()).optional(),
  end: z.string(),
  key: z.string(),
  start: z.string(),
});
/** The parsed form of {@link PartitionInfoSchema}. */
export type PartitionInfo = z.infer<typeof PartitionInfoSchema>;

/** rocky's `Materialization`, as the engine's JSON Schema defines it (unknown fields kept). */
export const MaterializationSchema = z.looseObject({
  asset_key: z.array(z.string()),
  /** The classified-retry attempt trail for this materialization: one `AttemptRecord` (rocky_core::state) per try. Empty (and omitted from JSON) for a clean first-try success — the run loop only stamps a trail once a retry actually happened, so a non-retried build's output stays... */
  attempts: z.array(AttemptRecordSchema).optional(),
  /** Adapter-reported bytes figure used for cost accounting, summed across all statements executed for this materialization. This is the *billing-relevant* number per adapter, not literal scan volume — so anyone comparing this to a warehouse console should know which column lines up. */
  bytes_scanned: z.number().int().nullish(),
  /** Adapter-reported bytes-written figure, summed across all statements. Currently `None` on every adapter — BigQuery doesn't expose a bytes-written figure for query jobs, and the Databricks / Snowflake paths haven't wired it yet. Reserved so a future release can populate it without a schema break. */
  bytes_written: z.number().int().nullish(),
  /** Observed dollar cost of this materialization, computed post-hoc from the adapter-appropriate formula (duration × DBU rate for Databricks/Snowflake, bytes × $/TB for BigQuery, zero for DuckDB). `None` when the warehouse type isn't billed or the adapter didn't report the inputs the formula needs.... */
  cost_usd: z.number().nullish(),
  duration_ms: z.number().int(),
  /** Warehouse-side job identifiers for the SQL statements rocky issued to materialize this output. Populated for adapters whose REST API surfaces a job reference per statement (BigQuery today via `jobReference.jobId`). */
  job_ids: z.array(z.string()).optional(),
  metadata: MaterializationMetadataSchema,
  /** Partition window this materialization targeted, present only when the model's strategy is `time_interval`. `None` for unpartitioned strategies (full_refresh, incremental, merge). */
  partition: PartitionInfoSchema.nullish(),
  rows_copied: z.number().int().nullish(),
  /** Wall-clock timestamp captured at the moment the engine began executing this model. Used by `RunOutput::to_run_record` to build accurate per-model windows on the persisted `ModelExecution` — replaces the prior lossy reconstruction (`finished_at - duration`) that mis-ordered parallel runs.... */
  started_at: z.string(),
  /** Tenant this materialization is attributed to, taken from the discover-time schema-pattern `{tenant}` component. Present only for replication pipelines whose schema pattern declares a `{tenant}` placeholder; transformation / `time_interval` models and non-tenant patterns leave it `None`. Carried... */
  tenant: z.string().nullish(),
});
/** The parsed form of {@link MaterializationSchema}. */
export type Materialization = z.infer<typeof MaterializationSchema>;

/** Serializable metrics summary for JSON output. */
export const MetricsSnapshotSchema = z.looseObject({
  anomalies_detected: z.number().int(),
  error_rate_pct: z.number(),
  query_duration_max_ms: z.number().int(),
  query_duration_p50_ms: z.number().int(),
  query_duration_p95_ms: z.number().int(),
  retries_attempted: z.number().int(),
  retries_succeeded: z.number().int(),
  statements_executed: z.number().int(),
  table_duration_max_ms: z.number().int(),
  table_duration_p50_ms: z.number().int(),
  table_duration_p95_ms: z.number().int(),
  tables_failed: z.number().int(),
  tables_processed: z.number().int(),
});
/** The parsed form of {@link MetricsSnapshotSchema}. */
export type MetricsSnapshot = z.infer<typeof MetricsSnapshotSchema>;

/** Per-model cost attribution entry inside [`RunCostSummary`]. */
export const ModelCostEntrySchema = z.looseObject({
  /** Asset key path for the model this entry covers. */
  asset_key: z.array(z.string()),
  /** Observed cost for this materialization. `None` when the adapter type isn't billed or the formula couldn't be computed. */
  cost_usd: z.number().nullish(),
  duration_ms: z.number().int(),
});
/** The parsed form of {@link ModelCostEntrySchema}. */
export type ModelCostEntry = z.infer<typeof ModelCostEntrySchema>;

/** The per-model build decision the engine made this run — what the skip-gate and content-addressed reuse machinery actually decided. */
export const ModelDecisionKindSchema = openEnum(["build", "skip", "reused"]);
/** The parsed form of {@link ModelDecisionKindSchema}. */
export type ModelDecisionKind = z.infer<typeof ModelDecisionKindSchema>;

/** One per-model decision entry on [`RunOutput::model_decisions`]. */
export const ModelDecisionSchema = z.looseObject({
  /** What the engine decided for this model. */
  decision: ModelDecisionKindSchema,
  /** The model's name (matches the model entry in the project DAG). */
  model: z.string(),
  /** Short human-readable justification reflecting the exact decision the gate made (e.g. "logic and upstream data unchanged since last build", "not skip-eligible", "upstream data may have changed", "reused prior run's bytes (strong proof)"). */
  reason: z.string(),
});
/** The parsed form of {@link ModelDecisionSchema}. */
export type ModelDecision = z.infer<typeof ModelDecisionSchema>;

/** Soft warning surfaced on [`RunOutput::override_warnings`] when an override rule matched no tables this run. */
export const OverrideWarningSchema = z.looseObject({
  /** Echo of `match.connector` from the rule, for cross-reference. */
  connector: z.string().nullish(),
  /** Coarse kind: `"zero_match"` (rule matched no pair at all) or `"connector_match_empty"` (the connector half of the match resolved nothing). */
  kind: z.string(),
  /** Human-readable explanation, for logs and Dagster UI rendering. */
  message: z.string(),
  /** Position of the rule in `[[table_overrides]]`, 0-based — same index the validator's error messages use. */
  rule_index: z.number().int(),
  /** Echo of `match.table` from the rule, for cross-reference. */
  table: z.string().nullish(),
});
/** The parsed form of {@link OverrideWarningSchema}. */
export type OverrideWarning = z.infer<typeof OverrideWarningSchema>;

/** Per-model summary of `time_interval` partition execution. */
export const PartitionSummarySchema = z.looseObject({
  model: z.string(),
  partitions_failed: z.number().int(),
  partitions_planned: z.number().int(),
  /** Partitions that were already `Computed` in the state store and skipped by the runtime (currently always 0; reserved for the `--missing` change-detection optimization). */
  partitions_skipped: z.number().int().optional(),
  partitions_succeeded: z.number().int(),
});
/** The parsed form of {@link PartitionSummarySchema}. */
export type PartitionSummary = z.infer<typeof PartitionSummarySchema>;

/** rocky's `PermissionSummary`, as the engine's JSON Schema defines it (unknown fields kept). */
export const PermissionSummarySchema = z.looseObject({
  catalogs_created: z.number().int(),
  grants_added: z.number().int(),
  grants_revoked: z.number().int(),
  schemas_created: z.number().int(),
});
/** The parsed form of {@link PermissionSummarySchema}. */
export type PermissionSummary = z.infer<typeof PermissionSummarySchema>;

/** Row-quarantine outcome for a single table processed by the quality pipeline. Emitted when `[pipeline.x.checks.quarantine]` is enabled and the table has at least one error-severity row-level assertion that lowers to a boolean predicate. */
export const QuarantineSchema = z.looseObject({
  /** Dagster-style asset key path (`[catalog, schema, table]`) of the source table the quarantine acted on. */
  asset_key: z.array(z.string()),
  /** Error message from the first failing statement, if any. */
  error: z.string().nullish(),
  /** Quarantine mode that was applied. One of `"split"`, `"tag"`, `"drop"` (matches [`rocky_core::config::QuarantineMode`]). */
  mode: z.string(),
  /** `true` when every quarantine statement executed successfully. `false` means a partial failure — inspect `error` for details. */
  ok: z.boolean(),
  /** Fully-qualified name of the `__quarantine` output table. Empty for `mode = "drop"` (failing rows discarded) and `mode = "tag"`. */
  quarantine_table: z.string().optional(),
  /** Number of rows in the `__quarantine` output, when the adapter can report it. */
  quarantined_rows: z.number().int().nullish(),
  /** Number of rows in the `__valid` output, when the adapter can report it. */
  valid_rows: z.number().int().nullish(),
  /** Fully-qualified `catalog.schema.table` name of the `__valid` output table. Empty for `mode = "tag"` (source is rewritten in place). */
  valid_table: z.string().optional(),
});
/** The parsed form of {@link QuarantineSchema}. */
export type Quarantine = z.infer<typeof QuarantineSchema>;

/** Aggregate cost attribution for a `rocky run` invocation. */
export const RunCostSummarySchema = z.looseObject({
  /** Adapter type the cost formula was parameterised against, for audit. Values mirror `AdapterConfig.type`: "databricks", "snowflake", "bigquery", "duckdb". */
  adapter_type: z.string(),
  /** Per-model cost attribution, ordered as in [`RunOutput::materializations`]. */
  per_model: z.array(ModelCostEntrySchema),
  /** Sum of every per-model `bytes_scanned` that produced a number. `None` when no materialization reported a byte count (the non-BigQuery adapters today, which still inherit the default stub on `WarehouseAdapter::execute_statement_with_stats`). Surfaced so consumers — and the `[budget]`... */
  total_bytes_scanned: z.number().int().nullish(),
  /** Sum of every per-model `cost_usd` that produced a number. `None` when no materialization produced a cost. */
  total_cost_usd: z.number().nullish(),
  /** Wall-clock time summed across every materialization. Separate from [`RunOutput::duration_ms`] (which includes setup / governance overhead) so budget enforcement can target model-compute time specifically. */
  total_duration_ms: z.number().int(),
});
/** The parsed form of {@link RunCostSummarySchema}. */
export type RunCostSummary = z.infer<typeof RunCostSummarySchema>;

/** Status of a pipeline run. */
export const RunStatusSchema = openEnum([
  "Success",
  "PartialFailure",
  "Failure",
  "SkippedIdempotent",
  "SkippedInFlight",
]);
/** The parsed form of {@link RunStatusSchema}. */
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** rocky's `TableCheckResult`, as the engine's JSON Schema defines it (unknown fields kept). */
export const TableCheckResultSchema = z.looseObject({
  asset_key: z.array(z.string()),
  checks: z.array(CheckResultSchema),
});
/** The parsed form of {@link TableCheckResultSchema}. */
export type TableCheckResult = z.infer<typeof TableCheckResultSchema>;

/** Error from a table that failed during parallel processing. */
export const TableErrorSchema = z.looseObject({
  asset_key: z.array(z.string()),
  /** Backoff hint in whole seconds. Populated by adapters whose failure mode carries a known cooldown — currently only the Databricks and Snowflake warehouse adapters when their shared circuit breaker trips (and the breaker was configured with `retry.circuit_breaker_recovery_timeout_secs`).... */
  cooldown_seconds: z.number().int().nullish(),
  error: z.string(),
  /** Coarse classification of the failure so orchestrators can branch on kind (retry, page, surface) without parsing `error`. Defaults to [`FailureKind::Unknown`] for errors that reached the output layer type-erased. */
  failure_kind: FailureKindSchema.default("unknown"),
});
/** The parsed form of {@link TableErrorSchema}. */
export type TableError = z.infer<typeof TableErrorSchema>;

/** JSON output for `rocky run`. */
export const RunOutputSchema = z.looseObject({
  anomalies: z.array(AnomalySchema).optional(),
  /** Budget breaches detected at end of run. Empty when no `[budget]` block is configured or all configured limits were respected. Each breach is also emitted as a `budget_breach` [`rocky_observe::events::PipelineEvent`] and fires the `on_budget_breach` hook so subscribers see them live. */
  budget_breaches: z.array(BudgetBreachSchema).optional(),
  check_results: z.array(TableCheckResultSchema),
  command: z.string(),
  /** Models withheld this run because an upstream failed (or was itself withheld) and `[resilience] contain_failures` continued the disjoint subgraphs — the blast radius of the failures named in `errors[]`. Empty (and omitted) for a run that did not withhold anything: the default fail-fast run, and... */
  contained: z.array(ContainedModelSchema).optional(),
  /** Aggregate cost attribution across every materialization in this run (per-model entries + run totals). `None` for DuckDB-only pipelines or when no materializations produced a cost number. */
  cost_summary: RunCostSummarySchema.nullish(),
  drift: DriftSummarySchema,
  duration_ms: z.number().int(),
  errors: z.array(TableErrorSchema).optional(),
  /** Tables that the discovery adapter reported as enabled but that do not exist in the source warehouse (e.g. Fivetran has them configured but hasn't synced them, or they carry the `do_not_alter__` broken-table marker). Surfaced so orchestrators can flag the gap in their UIs instead of silently... */
  excluded_tables: z.array(ExcludedTableSchema).optional(),
  execution: ExecutionSummarySchema,
  filter: z.string(),
  /** The `--idempotency-key` value this run was invoked with, echoed back for operator cross-reference in logs and `rocky history`. `None` for runs that didn't pass the flag. */
  idempotency_key: z.string().nullish(),
  /** `true` when the run was cancelled by a SIGINT (Ctrl-C). Surfaced so orchestrators can distinguish "user interrupted" from "run failed". Tables that hadn't reached `Success` or `Failed` at interrupt time are recorded as `TableStatus::Interrupted` in the state store. Always serialised (even when... */
  interrupted: z.boolean(),
  materializations: z.array(MaterializationSchema),
  metrics: MetricsSnapshotSchema.nullish(),
  /** Per-model build/skip/reuse decision + reason, surfaced for transformation runs so orchestrators can explain *why* each model ran, was skipped, or was reused. Populated only when the `--skip-unchanged` gate is active or `[reuse]` is enabled; empty (and omitted) for a default run, which stays... */
  model_decisions: z.array(ModelDecisionSchema).optional(),
  /** Soft warnings raised by the per-table override resolver — one entry per `[[table_overrides]]` rule that matched zero `(connector, table)` pairs this run, or whose connector half resolved nothing. Discovery-time-only — the pipeline runs to completion regardless. Empty for runs whose pipeline... */
  override_warnings: z.array(OverrideWarningSchema).optional(),
  /** Per-model partition execution summaries, present only when the run touched one or more `time_interval` models. Empty for runs that didn't execute any partitioned models. */
  partition_summaries: z.array(PartitionSummarySchema).optional(),
  permissions: PermissionSummarySchema,
  /** Pipeline type that was executed (e.g., "replication"). */
  pipeline_type: z.string().nullish(),
  /** Row-quarantine outcomes — one entry per table the quality pipeline quarantined. Empty for runs that did not use `[pipeline.x.checks.quarantine]`. */
  quarantine: z.array(QuarantineSchema).optional(),
  resumed_from: z.string().nullish(),
  /** Scheduling warnings from physical-read edge derivation (#1275): mutual physical reads serialized by a deterministic order, models whose SQL could not be parsed for table references, and colliding targets. Empty (and omitted) when none. */
  scheduling_warnings: z.array(z.string()).optional(),
  /** True when running in shadow mode (targets rewritten). */
  shadow: z.boolean().optional(),
  /** Prior run whose idempotency key deflected this call, or the run currently holding the in-flight claim. Populated only when `status` is `skipped_idempotent` or `skipped_in_flight`. */
  skipped_by_run_id: z.string().nullish(),
  /** Terminal status of the run. `success` / `partial_failure` / `failure` match the lifecycle semantics callers already understand; the two `skipped_*` variants short-circuit via the idempotency key (see `idempotency_key` below). Always populated — non-skipped runs derive this field from... */
  status: RunStatusSchema,
  tables_copied: z.number().int(),
  /** Total number of failed tables/models for the run, **including** pre-execution compile failures: a model that fails to type-check is counted here even though it never reached the execution phase. This is the authoritative failure count — consumers should key overall pass/fail on the top-level... */
  tables_failed: z.number().int(),
  tables_skipped: z.number().int().optional(),
  version: z.string(),
});
/** The parsed form of {@link RunOutputSchema}. */
export type RunOutput = z.infer<typeof RunOutputSchema>;

/** Alias of {@link TableError}: one entry of `RunOutput.errors`. */
export const RunErrorSchema = TableErrorSchema;
/** rocky's `RunError`, as parsed. */
export type RunError = TableError;
