import {
  type ReportCheckResultsOptions,
  type ReportCheckResultsSummary,
  type RockyAssetCheckResult,
  reportCheckResultsToPipes,
} from "./check-results.js";
import type { PipesContext } from "./context.js";
import { pipesMetadata } from "./metadata.js";
import { type ModelKeyOptions, modelKeyResolver } from "./model-keys.js";
import type { PipesMetadataValue } from "./protocol.js";

// `rocky retention-status` as dagster-rocky 1.74.0 reads it (dagster_rocky/observability.py:
// retention_observations). dagster-rocky records each row as an AssetObservation described
// "Retention status: retention_drift"; Dagster Pipes has no observation message, so each row is
// a check named after that observation (docs/parity.md, `checks/retention-as-check`), with the
// observation's metadata.

/** dagster-rocky's name for retention rows (`RETENTION_OBSERVATION_NAME`), our check name. */
export const RETENTION_CHECK_NAME = "retention_drift";

/** One row of `rocky retention-status --output json` (`models[]`). */
export interface RockyRetentionModel {
  readonly model: string;
  readonly in_sync: boolean;
  readonly configured_days?: number | null | undefined;
  readonly warehouse_days?: number | null | undefined;
}

/** The part of `rocky retention-status --output json` read here. */
export interface RockyRetentionStatusOutputLike {
  readonly models: readonly RockyRetentionModel[];
}

/**
 * One `retention_drift` result per row whose model resolves to an asset (others skipped, as
 * dagster-rocky skips them): passed when `in_sync`, else failed at `WARN` (a retention that
 * differs from the declared one is drift to look at, not a broken asset). Metadata
 * `rocky/retention_model`, `rocky/retention_in_sync`, and when set
 * `rocky/retention_configured_days` / `rocky/retention_warehouse_days`.
 */
export function retentionCheckResults(
  output: RockyRetentionStatusOutputLike,
  keyForModel: (model: string) => readonly string[] | null,
): RockyAssetCheckResult[] {
  const out: RockyAssetCheckResult[] = [];
  for (const row of output.models) {
    const key = keyForModel(row.model);
    if (key === null) continue;
    const metadata: Record<string, PipesMetadataValue> = {
      "rocky/retention_model": pipesMetadata.text(row.model),
      "rocky/retention_in_sync": pipesMetadata.bool(row.in_sync),
    };
    if (row.configured_days !== null && row.configured_days !== undefined) {
      metadata["rocky/retention_configured_days"] = pipesMetadata.int(row.configured_days);
    }
    if (row.warehouse_days !== null && row.warehouse_days !== undefined) {
      metadata["rocky/retention_warehouse_days"] = pipesMetadata.int(row.warehouse_days);
    }
    out.push({
      assetKey: [...key],
      checkName: RETENTION_CHECK_NAME,
      passed: row.in_sync,
      severity: "WARN",
      metadata,
    });
  }
  return out;
}

/** Report a `rocky retention-status` result: {@link retentionCheckResults}, sent once each. */
export function reportRetentionToPipes(
  pipes: PipesContext,
  output: RockyRetentionStatusOutputLike,
  options: ModelKeyOptions & ReportCheckResultsOptions = {},
): ReportCheckResultsSummary {
  const results = retentionCheckResults(output, modelKeyResolver(pipes, options));
  return reportCheckResultsToPipes(pipes, results, options);
}

/**
 * @internal
 * Compile-time guard (stripped from the published types): `RetentionStatusOutput` of
 * @dagster-rocky/resource stays assignable to {@link RockyRetentionStatusOutputLike}.
 */
export type RetentionStatusOutputIsAccepted<
  T extends
    RockyRetentionStatusOutputLike = import("@dagster-rocky/resource/schemas").RetentionStatusOutput,
> = T;
