/**
 * Which failures are worth another attempt, and after how long. The rule is
 * dagster-rocky's: a command failure is retryable; a quota breach (a run
 * report with a `quota-exceeded` error) is retryable after the cooldown rocky
 * reports (300 s when it reports none); a timeout, an abort, and shadow,
 * config, version, parse or doctor errors never are: they fail the same way
 * again, or someone decided.
 */
import { isRockyError, type RockyErrorCode } from "./errors.js";

/** dagster-rocky's `_FIVETRAN_QUOTA_COOLDOWN_DEFAULT_SECONDS`, rocky's circuit-breaker default. */
const DEFAULT_QUOTA_COOLDOWN_MS = 300_000;
const QUOTA_EXCEEDED = "quota-exceeded";
/**
 * By the stable `code`, not the class or its `name` (a subclass keeps its
 * parent's code; errors from another copy of the package count too).
 */
const RETRYABLE: ReadonlySet<RockyErrorCode> = new Set<RockyErrorCode>([
  "COMMAND_FAILED",
  "PARTIAL_FAILURE",
]);

function field(value: unknown, key: string): unknown {
  try {
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined; // a hostile Proxy or getter
  }
}

/**
 * The cooldown of a quota breach in a run report, in ms: 1000 × the largest
 * populated `cooldown_seconds` among its `quota-exceeded` errors, 300 000
 * when none is populated, undefined when the report holds no quota breach.
 */
function quotaCooldownMs(report: unknown): number | undefined {
  const errors = field(report, "errors");
  if (!Array.isArray(errors)) return undefined;
  let breach = false;
  let max: number | undefined;
  for (const e of errors) {
    if (field(e, "failure_kind") !== QUOTA_EXCEEDED) continue;
    breach = true;
    const s = field(e, "cooldown_seconds");
    if (typeof s === "number" && Number.isFinite(s) && s >= 0) max = Math.max(max ?? 0, s);
  }
  if (!breach) return undefined;
  return max === undefined ? DEFAULT_QUOTA_COOLDOWN_MS : Math.ceil(max * 1000);
}

/**
 * True when another attempt may succeed: rocky ran and failed (`code`
 * `COMMAND_FAILED` or `PARTIAL_FAILURE`, a quota breach included). False for a timeout (the same budget fails again), an abort, and
 * shadow, config, version, binary, output-parse and doctor errors, and for
 * anything else that is not a rocky error. A run report (what `run()`
 * returns with the default `allowPartial: true`) holding a quota breach is
 * retryable too, as dagster-rocky treats it.
 */
export function isRetryable(error: unknown): boolean {
  if (isRockyError(error)) return RETRYABLE.has(field(error, "code") as RockyErrorCode);
  return quotaCooldownMs(error) !== undefined;
}

/**
 * How long to wait before retrying, in ms, when rocky said: for a quota
 * breach, the cooldown rocky reported (the largest, × 1000) or 300 000 when
 * it reported none. Undefined for a retryable error without a delay and for
 * non-retryable errors.
 *
 * Also accepts a run report (what `run()` returns with the default
 * `allowPartial: true`): a number when it holds a quota breach, so a caller
 * can treat the breach as a failure to retry, as dagster-rocky does.
 */
export function retryAfterMs(errorOrReport: unknown): number | undefined {
  if (isRockyError(errorOrReport)) {
    return isRetryable(errorOrReport) ? quotaCooldownMs(field(errorOrReport, "result")) : undefined;
  }
  return quotaCooldownMs(errorOrReport);
}
