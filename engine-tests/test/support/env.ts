// The environments the engine suite runs rocky in: production (no Dagster+ variables) and a
// Dagster+ branch deployment for PR 42, set the way Dagster+ sets them (in the process's own env).

/** The PR number every branch-deployment case uses. */
export const PR = "42";
/** The suffix a PR 42 branch deployment writes under (core's `branchDeployShadowSuffix`). */
export const PR_SUFFIX = "_dagster_pr_42";

/** Dagster+ variables of PR 42's branch deployment. */
export const PR_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: PR,
});

/**
 * The process environment without Dagster+ variables or AI provider keys: a production
 * deployment, and the `ai*` verbs deterministically without a key.
 */
export function productionEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith("DAGSTER_CLOUD_") || /_API_KEY$/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** productionEnv() plus PR 42's Dagster+ variables: the environment of a branch deployment's process. */
export function prProcessEnv(): Record<string, string> {
  return { ...productionEnv(), ...PR_VARIABLES };
}
