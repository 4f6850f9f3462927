import {
  type ReportCheckResultsOptions,
  type ReportCheckResultsSummary,
  type RockyAssetCheckResult,
  reportCheckResultsToPipes,
} from "./check-results.js";
import type { PipesContext } from "./context.js";
import { pythonIsoformat } from "./isoformat.js";
import { pipesMetadata } from "./metadata.js";
import type { PipesMetadataValue } from "./protocol.js";

// `rocky freshness` as dagster-rocky 1.74.0 reports it (dagster_rocky/freshness.py:
// freshness_check_results). The run's own `[checks.freshness]` result is a check named
// `freshness` inside `check_results` (reportRunToPipes); these are the separate command's.

/** Check name of a source's `rocky freshness` result (`SOURCE_FRESHNESS_CHECK_NAME`). */
export const SOURCE_FRESHNESS_CHECK_NAME = "source_freshness";
/** Check name of a model's `rocky freshness` result (`MODEL_FRESHNESS_CHECK_NAME`). */
export const MODEL_FRESHNESS_CHECK_NAME = "model_freshness";

/** One entry of `rocky freshness --output json` (`sources[]` / `models[]`). */
export interface RockyFreshnessEntry {
  /** Source `schema.table` or model name. */
  readonly name?: string | undefined;
  /** The table measured, `catalog.schema.table`. */
  readonly table: string;
  /** `pass`, `warn`, `error` or `runtime_error`. */
  readonly status: string;
  /** `warehouse` or `state_store`. */
  readonly measured_from: string;
  readonly max_loaded_at?: string | null | undefined;
  readonly age_seconds?: number | null | undefined;
  readonly warn_after_seconds?: number | null | undefined;
  readonly error_after_seconds?: number | null | undefined;
  readonly message?: string | null | undefined;
}

/** The part of `rocky freshness --output json` read here. */
export interface RockyFreshnessOutputLike {
  readonly sources: readonly RockyFreshnessEntry[];
  readonly models: readonly RockyFreshnessEntry[];
}

/** Options of {@link freshnessCheckResults}. */
export interface FreshnessCheckOptions {
  /**
   * The asset of an entry, or null to skip it. Default: the entry's `table` split on `.`
   * (dagster-rocky's default).
   */
  readonly assetKeyFor?: ((entry: RockyFreshnessEntry) => readonly string[] | null) | undefined;
}

/**
 * One result per source (`source_freshness`) and per model (`model_freshness`): `pass` passes;
 * `warn` fails at `WARN`; `error` and `runtime_error` fail at `ERROR`. Metadata `status`,
 * `measured_from`, and when present `max_loaded_at` (text, Python's `isoformat()`),
 * `age_seconds`, `warn_after_seconds`, `error_after_seconds`, `message`.
 */
export function freshnessCheckResults(
  output: RockyFreshnessOutputLike,
  options: FreshnessCheckOptions = {},
): RockyAssetCheckResult[] {
  const keyFor = options.assetKeyFor ?? ((entry: RockyFreshnessEntry) => entry.table.split("."));
  const out: RockyAssetCheckResult[] = [];
  for (const [checkName, entries] of [
    [SOURCE_FRESHNESS_CHECK_NAME, output.sources],
    [MODEL_FRESHNESS_CHECK_NAME, output.models],
  ] as const) {
    for (const entry of entries) {
      const key = keyFor(entry);
      if (key === null) continue;
      const metadata: Record<string, PipesMetadataValue> = {
        status: pipesMetadata.text(entry.status),
        measured_from: pipesMetadata.text(entry.measured_from),
      };
      if (entry.max_loaded_at !== null && entry.max_loaded_at !== undefined) {
        metadata.max_loaded_at = pipesMetadata.text(pythonIsoformat(entry.max_loaded_at));
      }
      for (const field of ["age_seconds", "warn_after_seconds", "error_after_seconds"] as const) {
        const value = entry[field];
        if (value !== null && value !== undefined) metadata[field] = pipesMetadata.int(value);
      }
      if (entry.message) metadata.message = pipesMetadata.text(entry.message);
      out.push({
        assetKey: [...key],
        checkName,
        passed: entry.status === "pass",
        severity: entry.status === "warn" ? "WARN" : "ERROR",
        metadata,
      });
    }
  }
  return out;
}

/**
 * Report a `rocky freshness` result to Dagster: {@link freshnessCheckResults}, sent with
 * {@link reportCheckResultsToPipes} (assets outside the step, undeclared and repeated checks
 * are logged, not sent).
 */
export function reportFreshnessToPipes(
  pipes: PipesContext,
  output: RockyFreshnessOutputLike,
  options: FreshnessCheckOptions & ReportCheckResultsOptions = {},
): ReportCheckResultsSummary {
  return reportCheckResultsToPipes(pipes, freshnessCheckResults(output, options), options);
}
