import {
  ENV_DEPLOYMENT_NAME,
  ENV_GIT_BRANCH,
  ENV_GIT_REPO,
  ENV_GIT_SHA,
  ENV_GIT_TIMESTAMP,
  ENV_IS_BRANCH_DEPLOYMENT,
  ENV_LOCATION_NAME,
  ENV_PR_NUMBER,
  ENV_PR_STATUS,
  type Env,
  readEnvValue as read,
} from "./env.js";

/** Known pull-request statuses; a newer value is kept as given. */
export type PullRequestStatus = "OPEN" | "CLOSED" | "MERGED" | (string & {});

/** A frozen snapshot of the Dagster+ deployment variables. Unset or empty values are `null`. */
export interface BranchDeploymentInfo {
  readonly isBranchDeployment: boolean;
  readonly deploymentName: string | null;
  /** The pull-request id exactly as given (validated only when a suffix is derived). */
  readonly prNumber: string | null;
  readonly gitSha: string | null;
  readonly gitBranch: string | null;
  readonly gitRepo: string | null;
  readonly pullRequestStatus: PullRequestStatus | null;
  /** Commit time in Unix seconds, or `null` when unset or not a whole number. */
  readonly gitTimestamp: number | null;
  readonly locationName: string | null;
}

/**
 * What `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT` says: `"branch"` (trimmed `1` or
 * case-insensitively `true`), `"full"` (trimmed `0` or `false`), `"unset"`
 * (absent or empty) or `"unrecognised"` (any other value, whitespace-only
 * included: it cannot tell a branch deployment from production).
 */
export type BranchDeploymentFlag = "branch" | "full" | "unset" | "unrecognised";

/**
 * Classifies `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT` (see {@link BranchDeploymentFlag}).
 * The one rule behind `isBranchDeployment`, `dagster-rocky suffix --require` and
 * the resource's fail-closed detection.
 */
export function branchDeploymentFlag(env: Env = process.env): BranchDeploymentFlag {
  const raw: unknown = env[ENV_IS_BRANCH_DEPLOYMENT];
  if (raw === undefined || raw === null || raw === "") return "unset";
  if (typeof raw !== "string") return "unrecognised";
  const value = raw.trim().toLowerCase();
  if (value === "1" || value === "true") return "branch";
  if (value === "0" || value === "false") return "full";
  return "unrecognised";
}

/**
 * True exactly when `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT`, trimmed, is `1` or
 * case-insensitively `true`. Everything else (`0`, `false`, empty, unset, and
 * values {@link branchDeploymentFlag} calls unrecognised) is false.
 */
export function isBranchDeployment(env: Env = process.env): boolean {
  return branchDeploymentFlag(env) === "branch";
}

/** Reads the Dagster+ variables at call time (never at import time). */
export function branchDeploymentInfo(env: Env = process.env): BranchDeploymentInfo {
  const timestamp = read(env, ENV_GIT_TIMESTAMP);
  return Object.freeze({
    isBranchDeployment: isBranchDeployment(env),
    deploymentName: read(env, ENV_DEPLOYMENT_NAME),
    prNumber: read(env, ENV_PR_NUMBER),
    gitSha: read(env, ENV_GIT_SHA),
    gitBranch: read(env, ENV_GIT_BRANCH),
    gitRepo: read(env, ENV_GIT_REPO),
    pullRequestStatus: read(env, ENV_PR_STATUS),
    gitTimestamp: timestamp !== null && /^[0-9]+$/.test(timestamp) ? Number(timestamp) : null,
    locationName: read(env, ENV_LOCATION_NAME),
  });
}
