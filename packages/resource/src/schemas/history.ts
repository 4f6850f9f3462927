// Generated from the rocky engine's `history.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { RecipeIdentityViewSchema } from "./catalog.js";

/** Per-model execution record embedded in [`RunHistoryRecord`]. */
export const RunModelRecordSchema = z.looseObject({
  duration_ms: z.number().int(),
  model_name: z.string(),
  /** The recipe-identity triple recorded for this execution, when present. See [`RecipeIdentityView`]. */
  recipe_identity: RecipeIdentityViewSchema.nullish(),
  rows_affected: z.number().int().nullish(),
  status: z.string(),
});
/** The parsed form of {@link RunModelRecordSchema}. */
export type RunModelRecord = z.infer<typeof RunModelRecordSchema>;

/** One run from the state store, mirroring `rocky_core::state::RunRecord` with serializable field types (no enums or non-JSON-friendly Rust types). The governance audit fields (`triggering_identity`, `session_source`, `git_commit`, `git_branch`, `idempotency_key`, `target_catalog`, `hostname`, `rock... */
export const RunHistoryRecordSchema = z.looseObject({
  /** Duration in milliseconds (`finished_at - started_at`). */
  duration_ms: z.number().int(),
  /** `git symbolic-ref --short HEAD` at claim time, or `None` on detached HEAD. */
  git_branch: z.string().nullish(),
  /** `git rev-parse HEAD` at claim time. */
  git_commit: z.string().nullish(),
  /** Machine hostname that produced the run. */
  hostname: z.string().nullish(),
  /** The `--idempotency-key` value supplied to `rocky run`, if any. */
  idempotency_key: z.string().nullish(),
  /** Per-model execution details for this run. */
  models: z.array(RunModelRecordSchema),
  models_executed: z.number().int(),
  /** The pipeline this run executed (`rocky run --pipeline <name>`), when recorded. `None` for model-only or backfill runs. Not audit-gated — it is an operational join key, always emitted when present. */
  pipeline: z.string().nullish(),
  /** `CARGO_PKG_VERSION` of the `rocky` binary, or `"<pre-audit>"` on schema-v5 rows that predate the audit trail. */
  rocky_version: z.string().nullish(),
  run_id: z.string(),
  /** Session origin — `"cli"`, `"dagster"`, `"lsp"`, or `"http_api"`. Emitted as the lowercase variant string so JSON consumers can match on it without knowing the Rust enum shape. */
  session_source: z.string().nullish(),
  started_at: z.string(),
  status: z.string(),
  /** The scheduler submission id — `rocky tick` stamps it via `ROCKY_SUBMISSION_ID`, so this is the join key to a tick's `TickOutput.executed[].submission_id`. `None` for manually launched runs. */
  submission_id: z.string().nullish(),
  /** Best-available target catalog — the `catalog_template` for replication pipelines, the literal `target.catalog` for transformation/quality/snapshot/load. */
  target_catalog: z.string().nullish(),
  trigger: z.string(),
  /** Resolved caller identity (Unix `$USER` / Windows `$USERNAME`). `None` in CI / container contexts where no human caller is discernible. */
  triggering_identity: z.string().nullish(),
});
/** The parsed form of {@link RunHistoryRecordSchema}. */
export type RunHistoryRecord = z.infer<typeof RunHistoryRecordSchema>;

/** JSON output for `rocky history` (all runs view). When invoked with `--model <name>`, the dispatch returns `ModelHistoryOutput` instead. The two shapes share the version/command header but differ in their primary collection field, which is why they are separate types rather than one enum. */
export const HistoryOutputSchema = z.looseObject({
  command: z.string(),
  count: z.number().int(),
  runs: z.array(RunHistoryRecordSchema),
  version: z.string(),
});
/** The parsed form of {@link HistoryOutputSchema}. */
export type HistoryOutput = z.infer<typeof HistoryOutputSchema>;
