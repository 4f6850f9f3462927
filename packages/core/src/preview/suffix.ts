import type { BranchDeploymentInfo } from "../branch-deployment.js";
import { isPositiveAsciiInteger, sanitizeIdentifierPart } from "../identifier.js";
import {
  branchDeployShadowSuffix,
  checkMaxLength,
  fitSuffix,
  type ShadowSuffixOptions,
} from "../suffix.js";
import { PLATFORM_TOKENS } from "./tokens.js";
import type { PreviewDeployment, PreviewPlatform } from "./types.js";

/**
 * The shadow-table suffix for a detected preview deployment:
 *
 * | context                                         | suffix                                   |
 * |-------------------------------------------------|------------------------------------------|
 * | `preview` is `null`                             | `null`                                   |
 * | Dagster+ (`dagster_plus`)                       | exactly `branchDeployShadowSuffix`'s     |
 * | PR/MR number of ASCII digits, greater than zero | `_<token>_pr_<n>` (`_gitlab_mr_<n>`)     |
 * | otherwise, branch present                       | `_<token>_<sanitized branch>`            |
 * | otherwise                                       | `_<token>_preview`                       |
 *
 * Tokens: `gha`, `gitlab`, `vercel`, `netlify`, `render`, `heroku`; a custom
 * platform's token is its name sanitized like a branch (`custom` if empty).
 * The result is `null` or matches `^[A-Za-z0-9_]+$`. It never throws for any
 * preview; only an invalid `maxLength` option is a `RangeError`.
 */
export function previewShadowSuffix(
  preview: PreviewDeployment | null,
  options: ShadowSuffixOptions = {},
): string | null {
  const maxLength = checkMaxLength(options?.maxLength);
  if (preview === null || typeof preview !== "object") return null;
  const platform = typeof preview.platform === "string" ? preview.platform : "";
  const prNumber = stringOrNull(preview.prNumber);
  if (platform === "dagster_plus") {
    return branchDeployShadowSuffix(
      dagsterInfo(prNumber, stringOrNull(preview.deploymentName)),
      options,
    );
  }
  const token = Object.hasOwn(PLATFORM_TOKENS, platform)
    ? PLATFORM_TOKENS[platform as PreviewPlatform]
    : sanitizeIdentifierPart(platform) || "custom";
  const branch = stringOrNull(preview.branch);
  let suffix: string;
  if (isPositiveAsciiInteger(prNumber)) {
    suffix = `_${token}_${platform === "gitlab" ? "mr" : "pr"}_${prNumber}`;
  } else if (branch !== null) {
    suffix = `_${token}_${sanitizeIdentifierPart(branch)}`;
  } else {
    suffix = `_${token}_preview`;
  }
  return fitSuffix(suffix, maxLength);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function dagsterInfo(prNumber: string | null, deploymentName: string | null): BranchDeploymentInfo {
  return {
    isBranchDeployment: true,
    deploymentName,
    prNumber,
    gitSha: null,
    gitBranch: null,
    gitRepo: null,
    pullRequestStatus: null,
    gitTimestamp: null,
    locationName: null,
  };
}
