import {
  checkId,
  keyString,
  type ReportCheckResultsOptions,
  type ReportCheckResultsSummary,
  type RockyAssetCheckResult,
  reportCheckResultsToPipes,
} from "./check-results.js";
import type { PipesContext } from "./context.js";
import { toAssetKeyPath } from "./encoding.js";
import { pipesMetadata } from "./metadata.js";
import { type ModelKeyOptions, modelKeyResolver } from "./model-keys.js";

// `rocky compliance` as dagster-rocky 1.74.0 reports it (dagster_rocky/observability.py:
// compliance_check_results; component.py: results outside the selection dropped with a warning,
// and a declared check with no exception reported "passed" because silence is the clean verdict
// of this event check, PASS_BY_ABSENCE_CHECK_NAMES).

/** dagster-rocky's compliance check name (`COMPLIANCE_CHECK_NAME`). */
export const COMPLIANCE_CHECK_NAME = "compliance_exception";
/** The asset dagster-rocky reports a model with no asset on (`COMPLIANCE_FALLBACK_ASSET_KEY`). */
export const COMPLIANCE_FALLBACK_ASSET_KEY: readonly string[] = Object.freeze(["_compliance"]);

/** One exception of `rocky compliance --output json` (`exceptions[]`). */
export interface RockyComplianceException {
  readonly model: string;
  readonly column: string;
  readonly env: string;
  readonly reason: string;
}

/** The part of `rocky compliance --output json` read here. */
export interface RockyComplianceOutputLike {
  readonly exceptions: readonly RockyComplianceException[];
  readonly summary: {
    readonly total_classified: number;
    readonly total_exceptions: number;
    readonly total_masked: number;
  };
}

/**
 * One failed `WARN` `compliance_exception` result per asset with exceptions (all its exceptions
 * folded in, as Dagster takes one result per check): metadata
 * `rocky/compliance_exception_count`, `rocky/compliance_models` ("model.column (env)" joined by
 * "; "), `rocky/compliance_reasons` (distinct, first seen first) and the three project totals.
 * A model `keyForModel` does not resolve is reported on `_compliance`.
 */
export function complianceCheckResults(
  output: RockyComplianceOutputLike,
  keyForModel: (model: string) => readonly string[] | null,
): RockyAssetCheckResult[] {
  const byKey = new Map<string, { key: readonly string[]; list: RockyComplianceException[] }>();
  for (const exception of output.exceptions) {
    const key = keyForModel(exception.model) ?? COMPLIANCE_FALLBACK_ASSET_KEY;
    const id = JSON.stringify(key);
    const entry = byKey.get(id) ?? { key, list: [] };
    entry.list.push(exception);
    byKey.set(id, entry);
  }
  return [...byKey.values()].map(({ key, list }) => ({
    assetKey: [...key],
    checkName: COMPLIANCE_CHECK_NAME,
    passed: false,
    severity: "WARN" as const,
    metadata: {
      "rocky/compliance_exception_count": pipesMetadata.int(list.length),
      "rocky/compliance_models": pipesMetadata.text(
        list.map((e) => `${e.model}.${e.column} (${e.env})`).join("; "),
      ),
      "rocky/compliance_reasons": pipesMetadata.text(
        [...new Set(list.map((e) => e.reason))].join("; "),
      ),
      "rocky/compliance_total_classified": pipesMetadata.int(output.summary.total_classified),
      "rocky/compliance_total_exceptions": pipesMetadata.int(output.summary.total_exceptions),
      "rocky/compliance_total_masked": pipesMetadata.int(output.summary.total_masked),
    },
  }));
}

/**
 * Report a `rocky compliance` result to Dagster, as dagster-rocky's component does: the
 * {@link complianceCheckResults} of the step's assets (models resolved with
 * {@link ModelKeyOptions}; a result for an asset outside the step, `_compliance` included, is
 * logged and not sent), then, for each `compliance_exception` check in `declaredChecks` that got
 * no result, a pass at `WARN` with status "no compliance_exception reported by rocky". Report
 * governance checks before `reportRunToPipes`, whose placeholders would otherwise take these
 * checks first.
 */
export function reportComplianceToPipes(
  pipes: PipesContext,
  output: RockyComplianceOutputLike,
  options: ModelKeyOptions & ReportCheckResultsOptions = {},
): ReportCheckResultsSummary {
  const results = complianceCheckResults(output, modelKeyResolver(pipes, options));
  const got = new Set(results.map((r) => checkId(keyString(r.assetKey), r.checkName)));
  const selected = pipes.isAssetStep ? new Set(pipes.assetKeys) : null;
  for (const spec of options.declaredChecks ?? []) {
    const assetKey = keyString(spec.assetKey);
    if (spec.name !== COMPLIANCE_CHECK_NAME || got.has(checkId(assetKey, spec.name))) continue;
    if (selected !== null && !selected.has(assetKey)) continue;
    got.add(checkId(assetKey, spec.name));
    results.push({
      assetKey: toAssetKeyPath(assetKey),
      checkName: COMPLIANCE_CHECK_NAME,
      passed: true,
      severity: "WARN",
      metadata: { status: pipesMetadata.text(`no ${COMPLIANCE_CHECK_NAME} reported by rocky`) },
    });
  }
  return reportCheckResultsToPipes(pipes, results, options);
}

/**
 * @internal
 * Compile-time guard (stripped from the published types): `ComplianceOutput` of
 * @dagster-rocky/resource stays assignable to {@link RockyComplianceOutputLike}.
 */
export type ComplianceOutputIsAccepted<
  T extends RockyComplianceOutputLike = import("@dagster-rocky/resource/schemas").ComplianceOutput,
> = T;
