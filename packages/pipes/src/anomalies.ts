import type { RockyAssetCheckResult } from "./check-results.js";
import { pipesMetadata } from "./metadata.js";
import type { PipesMetadataValue } from "./protocol.js";

// Row-count anomalies of a `rocky run` as dagster-rocky 1.74.0 reports them
// (dagster_rocky/observability.py: anomaly_check_results, anomaly_evaluation_results, as
// component.py `_emit_results` yields them: anomalies first, then the other evaluated tables,
// one result per asset).

/** dagster-rocky's name for the row-count anomaly check (`ANOMALY_CHECK_NAME`). */
export const ANOMALY_CHECK_NAME = "row_count_anomaly";

/** A row-count anomaly rocky detected (`anomalies[]` of `rocky run`). */
export interface RockyAnomaly {
  /** The table (`catalog.schema.table`). */
  readonly table: string;
  readonly current_count?: number | undefined;
  readonly baseline_avg?: number | undefined;
  readonly deviation_pct?: number | undefined;
  readonly reason?: string | undefined;
  readonly [key: string]: unknown;
}

/** Whether the anomaly detector evaluated a table (`anomaly_evaluated[]`, newer engines). */
export interface RockyAnomalyEvaluation {
  readonly table: string;
  readonly evaluated: boolean;
  readonly not_evaluated_reason?: string | null | undefined;
}

/**
 * The `row_count_anomaly` results of a run: each anomaly a failed `WARN` check with
 * `rocky/current_count`, `rocky/baseline_avg`, `rocky/deviation_pct` and `rocky/reason`; then,
 * for each other table in `anomaly_evaluated`, a pass ("evaluated against the row-count history;
 * no anomaly") or, not evaluated, a failed `WARN` check with the engine's reason. `keyFor` maps
 * rocky's table name to the asset (null: not reported). One result per asset: the first wins.
 */
export function anomalyCheckResults(
  run: {
    readonly anomalies?: readonly RockyAnomaly[] | undefined;
    readonly anomaly_evaluated?: readonly RockyAnomalyEvaluation[] | undefined;
  },
  keyFor: (table: string) => readonly string[] | null,
): RockyAssetCheckResult[] {
  const out: RockyAssetCheckResult[] = [];
  const seen = new Set<string>();
  const push = (
    key: readonly string[] | null,
    passed: boolean,
    severity: "WARN" | "ERROR",
    metadata: Record<string, PipesMetadataValue>,
  ): void => {
    if (key === null || seen.has(JSON.stringify(key))) return;
    seen.add(JSON.stringify(key));
    out.push({ assetKey: [...key], checkName: ANOMALY_CHECK_NAME, passed, severity, metadata });
  };
  for (const anomaly of run.anomalies ?? []) {
    const metadata: Record<string, PipesMetadataValue> = {};
    if (typeof anomaly.current_count === "number") {
      metadata["rocky/current_count"] = pipesMetadata.int(anomaly.current_count);
    }
    if (typeof anomaly.baseline_avg === "number") {
      metadata["rocky/baseline_avg"] = pipesMetadata.float(anomaly.baseline_avg);
    }
    if (typeof anomaly.deviation_pct === "number") {
      metadata["rocky/deviation_pct"] = pipesMetadata.float(anomaly.deviation_pct);
    }
    if (typeof anomaly.reason === "string") {
      metadata["rocky/reason"] = pipesMetadata.text(anomaly.reason);
    }
    push(keyFor(anomaly.table), false, "WARN", metadata);
  }
  for (const evaluation of run.anomaly_evaluated ?? []) {
    if (evaluation.evaluated) {
      push(keyFor(evaluation.table), true, "ERROR", {
        status: pipesMetadata.text("evaluated against the row-count history; no anomaly"),
      });
    } else {
      push(keyFor(evaluation.table), false, "WARN", {
        status: pipesMetadata.text("not_evaluated"),
        "rocky/reason": pipesMetadata.text(
          evaluation.not_evaluated_reason || "the engine gave no reason",
        ),
      });
    }
  }
  return out;
}
