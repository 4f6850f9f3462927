/**
 * Environment variables Dagster+ sets in its code-location containers.
 * Source: Dagster+ docs, "Dagster+ environment variables" (built-in variables)
 * and "Branch deployments"; `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT` is `"1"` in a
 * branch deployment and `"0"` in a full one (older docs say `"true"`).
 */

/** `"1"` (or, in older docs, `"true"`) inside a branch deployment; `"0"` otherwise. */
export const ENV_IS_BRANCH_DEPLOYMENT = "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT";
/** Name of the deployment (a branch deployment's name is derived from the branch). */
export const ENV_DEPLOYMENT_NAME = "DAGSTER_CLOUD_DEPLOYMENT_NAME";
/** Pull-request number of a branch deployment (as given by the Git host). */
export const ENV_PR_NUMBER = "DAGSTER_CLOUD_PULL_REQUEST_ID";
/** Commit SHA the code location was built from. */
export const ENV_GIT_SHA = "DAGSTER_CLOUD_GIT_SHA";
/** Git branch of the deployment. */
export const ENV_GIT_BRANCH = "DAGSTER_CLOUD_GIT_BRANCH";
/** Git repository (`owner/name`). */
export const ENV_GIT_REPO = "DAGSTER_CLOUD_GIT_REPO";
/** `OPEN`, `CLOSED` or `MERGED`. */
export const ENV_PR_STATUS = "DAGSTER_CLOUD_PULL_REQUEST_STATUS";
/** Commit timestamp, Unix seconds. */
export const ENV_GIT_TIMESTAMP = "DAGSTER_CLOUD_GIT_TIMESTAMP";
/** Name of the code location. */
export const ENV_LOCATION_NAME = "DAGSTER_CLOUD_LOCATION_NAME";

/** Every Dagster+ variable this package reads. */
export const DAGSTER_CLOUD_ENV_VARS = [
  ENV_IS_BRANCH_DEPLOYMENT,
  ENV_DEPLOYMENT_NAME,
  ENV_PR_NUMBER,
  ENV_GIT_SHA,
  ENV_GIT_BRANCH,
  ENV_GIT_REPO,
  ENV_PR_STATUS,
  ENV_GIT_TIMESTAMP,
  ENV_LOCATION_NAME,
] as const;

/** An environment to read from: `process.env` or any plain record of strings. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The value of `name` in `env`, or `null` when it is unset, empty or not a string. */
export function readEnvValue(env: Env, name: string): string | null {
  const value = env[name];
  return typeof value === "string" && value !== "" ? value : null;
}
