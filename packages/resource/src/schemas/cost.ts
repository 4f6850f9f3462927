// Generated from the rocky engine's `cost.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One grouped row in [`CostOutput::groups`], emitted when `rocky cost` is run with `--by <dimension>`. Each group sums the per-model figures of the executions that share the grouping key (a tenant, or a model name). The cost roll-up uses the same `compute_observed_cost_usd` figures as [`PerModelCos... */
export const CostGroupSchema = z.looseObject({
  /** Dimension the grouping was performed on: `"tenant"` or `"model"`. */
  dimension: z.string(),
  /** The grouping key's value — the tenant name, the model name, or the literal `"<unattributed>"` for the `--by tenant` bucket that collects executions with no recorded tenant. */
  key: z.string(),
  /** Number of model executions rolled into this group. */
  model_count: z.number().int(),
  /** Sum of the group's member `bytes_scanned`. `None` when no member reported bytes scanned. */
  total_bytes_scanned: z.number().int().nullish(),
  /** Sum of the group's member `bytes_written`. `None` when no member reported bytes written. */
  total_bytes_written: z.number().int().nullish(),
  /** Sum of every member's `cost_usd` that produced a number. `None` when no member produced a cost. */
  total_cost_usd: z.number().nullish(),
  /** Wall-clock time summed across the group's member executions. */
  total_duration_ms: z.number().int(),
});
/** The parsed form of {@link CostGroupSchema}. */
export type CostGroup = z.infer<typeof CostGroupSchema>;

/** A single model's cost attribution inside [`CostOutput`]. Distinct from [`ModelCostEntry`] (which lives on [`RunCostSummary`]) because the historical surface carries the richer fields the state store actually persists: model name (not asset-key vector), row/byte counts, and the recorded per-model... */
export const PerModelCostHistoricalSchema = z.looseObject({
  /** Adapter-reported bytes figure used for cost accounting. This is the *billing-relevant* number per adapter, not literal scan volume: - **BigQuery:** `totalBytesBilled` — includes the 10 MB per-query minimum floor; matches the BigQuery console's "Bytes billed" field, **not** "Bytes processed". - **... */
  bytes_scanned: z.number().int().nullish(),
  /** Adapter-reported bytes-written figure. Currently `None` on every adapter — BigQuery doesn't expose a bytes-written figure for query jobs, and the Databricks / Snowflake paths haven't wired it yet. */
  bytes_written: z.number().int().nullish(),
  /** Observed cost for this execution. `None` when the adapter isn't a billed warehouse, the config couldn't be loaded, or the formula inputs were unavailable (e.g. BigQuery without `bytes_scanned`). */
  cost_usd: z.number().nullish(),
  duration_ms: z.number().int(),
  model_name: z.string(),
  rows_affected: z.number().int().nullish(),
  status: z.string(),
  /** Tenant this execution was attributed to, read back from the persisted `rocky_core::state::ModelExecution::tenant`. Present only for replication executions whose source schema declared a `{tenant}` component; `None` (and omitted from JSON) otherwise. */
  tenant: z.string().nullish(),
});
/** The parsed form of {@link PerModelCostHistoricalSchema}. */
export type PerModelCostHistorical = z.infer<typeof PerModelCostHistoricalSchema>;

/** JSON output for `rocky cost <run_id|latest>`. Historical per-run cost attribution read from the embedded state store's [`rocky_core::state::RunRecord`]. Re-derives per-model cost via [`rocky_core::cost::compute_observed_cost_usd`] — the same formula [`RunOutput::populate_cost_summary`] applies at... */
export const CostOutputSchema = z.looseObject({
  /** Adapter type the cost formula was parameterised against, for audit. Mirrors `AdapterConfig.type`. `None` when the config couldn't be loaded or the adapter isn't a billed warehouse. */
  adapter_type: z.string().nullish(),
  command: z.string(),
  duration_ms: z.number().int(),
  finished_at: z.string(),
  /** Grouped cost rollup, present only when `--by <dimension>` is passed. `--by model` produces one group per model; `--by tenant` produces one group per tenant (models with no recorded tenant land in an `"<unattributed>"` bucket). `None` (and omitted from JSON) for a plain `rocky cost` invocation, so... */
  groups: z.array(CostGroupSchema).nullish(),
  per_model: z.array(PerModelCostHistoricalSchema),
  run_id: z.string(),
  started_at: z.string(),
  status: z.string(),
  /** Sum of per-model `bytes_scanned`. `None` when no model reported bytes scanned. */
  total_bytes_scanned: z.number().int().nullish(),
  /** Sum of per-model `bytes_written`. `None` when no model reported bytes written. */
  total_bytes_written: z.number().int().nullish(),
  /** Sum of every per-model `cost_usd` that produced a number. `None` when no model produced a cost. */
  total_cost_usd: z.number().nullish(),
  /** Wall-clock time summed across every model execution. */
  total_duration_ms: z.number().int(),
  trigger: z.string(),
  version: z.string(),
});
/** The parsed form of {@link CostOutputSchema}. */
export type CostOutput = z.infer<typeof CostOutputSchema>;
