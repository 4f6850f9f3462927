import { createHash } from "node:crypto";
import { type BranchDeploymentInfo, branchDeploymentInfo } from "./branch-deployment.js";
import { isPositiveAsciiInteger, sanitizeIdentifierPart } from "./identifier.js";

export interface ShadowSuffixOptions {
  /**
   * Longest suffix to return. Longer suffixes are cut and end with `_` plus 8
   * hex characters of a SHA-256 of the full suffix, so distinct suffixes stay
   * distinct; underscores where the cut falls are dropped (never `__` before
   * the hash). Default: unlimited (matches what dagster-rocky writes). At least 9.
   */
  readonly maxLength?: number;
}

const HASH_PART_LENGTH = 9; // "_" + 8 hex characters

/**
 * The shadow-table suffix for a Dagster+ branch deployment:
 *
 * | context                                   | suffix                        |
 * |-------------------------------------------|-------------------------------|
 * | not a branch deployment                   | `null`                        |
 * | PR id of ASCII digits, greater than zero  | `_dagster_pr_<id as given>`   |
 * | otherwise, deployment name present        | `_dagster_<sanitized name>`   |
 * | otherwise                                 | `_dagster_branch`             |
 *
 * The result is `null` or matches `^[A-Za-z0-9_]+$`. It never throws for any
 * environment; only an invalid `maxLength` option is a `RangeError`.
 */
export function branchDeployShadowSuffix(
  info: BranchDeploymentInfo = branchDeploymentInfo(),
  options: ShadowSuffixOptions = {},
): string | null {
  const maxLength = checkMaxLength(options?.maxLength);
  // No info at all (null from a caller) is not a branch deployment: never a throw.
  if (info === null || typeof info !== "object" || !info.isBranchDeployment) return null;
  let suffix: string;
  if (isPositiveAsciiInteger(info.prNumber)) {
    suffix = `_dagster_pr_${info.prNumber}`;
  } else if (typeof info.deploymentName === "string" && info.deploymentName !== "") {
    suffix = `_dagster_${sanitizeIdentifierPart(info.deploymentName)}`;
  } else {
    suffix = "_dagster_branch";
  }
  return fitSuffix(suffix, maxLength);
}

/** Validates a `maxLength` option; `undefined` means unlimited. */
export function checkMaxLength(maxLength: number | undefined): number | undefined {
  if (maxLength === undefined) return undefined;
  if (!Number.isInteger(maxLength) || maxLength < HASH_PART_LENGTH) {
    throw new RangeError(
      `maxLength must be an integer >= ${HASH_PART_LENGTH} (room for "_" and an 8-character hash); got ${String(maxLength)}`,
    );
  }
  return maxLength;
}

/**
 * Cuts `suffix` to at most `maxLength`, ending it with `_<8 hex of sha256(suffix)>`.
 * Underscores where the cut falls are dropped, so the cut never leaves `__`
 * before the hash (the result may then be shorter than `maxLength`).
 */
export function fitSuffix(suffix: string, maxLength: number | undefined): string {
  if (maxLength === undefined || suffix.length <= maxLength) return suffix;
  const hash = createHash("sha256").update(suffix, "utf8").digest("hex").slice(0, 8);
  const head = suffix.slice(0, maxLength - HASH_PART_LENGTH).replace(/_+$/, "");
  return `${head}_${hash}`;
}
