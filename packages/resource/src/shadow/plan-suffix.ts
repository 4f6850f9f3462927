/**
 * Which shadow target a persisted plan replays, against the suffix this
 * deployment uses now. rocky-cli output.rs `RunPlan` / `ReplicationPlan`
 * payloads carry `shadow`, `shadow_suffix`, `shadow_schema` and `branch`
 * (fields omitted when empty). A plan shadowed for PR 7 must not apply in
 * PR 42's deployment, and a `shadow_schema` can name any schema, production
 * included, so only the exact suffix in force is accepted.
 */
import { safeJson } from "../strings.js";

/**
 * Null when `payload` is shadowed with exactly `expectedSuffix` and nothing
 * else; otherwise why not, naming what the plan carries. @internal
 */
export function planShadowMismatch(
  payload: Readonly<Record<string, unknown>>,
  expectedSuffix: string,
): string | null {
  const { shadow, shadow_suffix: suffix, shadow_schema: schema, branch } = payload;
  const found = describeShadowTarget(payload);
  const expected = `it must be shadowed with suffix ${safeJson(expectedSuffix)}, the suffix this deployment uses`;
  if (branch !== undefined && branch !== null) return `it targets ${found}; ${expected}`;
  if (schema !== undefined && schema !== null) return `it targets ${found}; ${expected}`;
  if (shadow !== true) return `it is ${found}; ${expected}`;
  if (suffix !== expectedSuffix) return `it targets ${found}; ${expected}`;
  return null;
}

/** A short description of a plan's shadow target, for refusal messages. @internal */
export function describeShadowTarget(payload: Readonly<Record<string, unknown>>): string {
  const { shadow, shadow_suffix: suffix, shadow_schema: schema, branch } = payload;
  if (branch !== undefined && branch !== null) return `branch ${safeJson(branch)}`;
  if (schema !== undefined && schema !== null)
    return `shadow schema ${safeJson(schema)}${shadow === true ? "" : " (without --shadow)"}`;
  if (shadow !== true) return "not shadowed (it writes production tables)";
  // engine shadow.rs: `--shadow` without a suffix uses rocky's default `_rocky_shadow`.
  if (suffix === undefined || suffix === null) return "shadow suffix (none: rocky's default)";
  return `shadow suffix ${safeJson(suffix)}`;
}
