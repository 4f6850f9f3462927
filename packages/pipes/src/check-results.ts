import type { PipesContext } from "./context.js";
import { toAssetKeyString } from "./encoding.js";
import type { PipesAssetCheckSeverity, PipesMetadataValue } from "./protocol.js";

/**
 * One asset check result, as dagster-rocky builds its `AssetCheckResult` (check name, verdict,
 * severity, typed metadata), before it is sent. The builders (`freshnessCheckResults`,
 * `complianceCheckResults`, …) return these; {@link reportCheckResultsToPipes} sends them.
 */
export interface RockyAssetCheckResult {
  /** The Dagster asset key, as parts. */
  readonly assetKey: readonly string[];
  /** A Dagster check name (`^[A-Za-z0-9_]+$`). */
  readonly checkName: string;
  readonly passed: boolean;
  /** Dagster's default is `ERROR`, as `AssetCheckResult`'s. */
  readonly severity: PipesAssetCheckSeverity;
  readonly metadata: Readonly<Record<string, PipesMetadataValue>>;
}

/** A check declared on the Dagster side: its asset (user string or parts) and its name. */
export interface DeclaredCheck {
  readonly assetKey: string | readonly string[];
  readonly name: string;
}

/** Options of {@link reportCheckResultsToPipes} (and of the reporters built on it). */
export interface ReportCheckResultsOptions {
  /**
   * The checks declared on the Dagster asset(s) of this step. When given, a result for a check
   * not in the list is not sent (Dagster rejects an undeclared check and fails the step) but
   * logged as a warning, as dagster-rocky's component drops it.
   */
  readonly declaredChecks?: readonly DeclaredCheck[] | undefined;
}

/** What a reporter sent. */
export interface ReportCheckResultsSummary {
  /** report_asset_check messages sent. */
  readonly checks: number;
  /** Of which failed. */
  readonly checksFailed: number;
  /** Results not sent: for an asset outside the step, not declared, or already reported. */
  readonly skipped: number;
}

/** The identity of a check inside a session: asset key (user string) and check name. */
export const checkId = (assetKey: string, checkName: string): string =>
  JSON.stringify([assetKey, checkName]);

/** An asset key given as a user string or parts, as a user string. */
export const keyString = (key: string | readonly string[]): string =>
  typeof key === "string" ? key : toAssetKeyString(key);

/**
 * Send check results through `pipes`, in order, each at most once per (asset, check) in the
 * session: a result for an asset the step does not target (when Dagster gave the step its
 * assets), a check not in `declaredChecks` (when given) or a check already reported in this
 * session is logged as a warning and not sent, because Dagster would reject it (a second result
 * for one check, or one for an undeclared check, fails the step).
 */
export function reportCheckResultsToPipes(
  pipes: PipesContext,
  results: readonly RockyAssetCheckResult[],
  options: ReportCheckResultsOptions = {},
): ReportCheckResultsSummary {
  const selected = pipes.isAssetStep ? new Set(pipes.assetKeys) : null;
  const declared =
    options.declaredChecks === undefined
      ? null
      : new Set(options.declaredChecks.map((c) => checkId(keyString(c.assetKey), c.name)));
  let checks = 0;
  let checksFailed = 0;
  let skipped = 0;
  for (const result of results) {
    const assetKey = toAssetKeyString(result.assetKey);
    const id = checkId(assetKey, result.checkName);
    const why =
      selected !== null && !selected.has(assetKey)
        ? "is not an asset of this step"
        : declared !== null && !declared.has(id)
          ? "is not declared on the Dagster asset"
          : pipes.hasReportedCheck(assetKey, result.checkName)
            ? "was already reported in this session"
            : null;
    if (why !== null) {
      skipped += 1;
      pipes.log.warning(
        `rocky: check ${result.checkName} on ${assetKey} (${result.passed ? "passed" : "FAILED"}) ${why}; not reported`,
      );
      continue;
    }
    pipes.reportAssetCheck({
      assetKey,
      checkName: result.checkName,
      passed: result.passed,
      severity: result.severity,
      metadata: result.metadata,
    });
    checks += 1;
    if (!result.passed) checksFailed += 1;
  }
  return { checks, checksFailed, skipped };
}
