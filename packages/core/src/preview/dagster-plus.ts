// Dagster+ branch deployments.
// Source: Dagster+ docs, "Built-in environment variables"
// https://docs.dagster.io/dagster-plus/managing-deployments/reserved-environment-variables
// DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT is "1" in a branch deployment (older docs: "true").
import { isBranchDeployment } from "../branch-deployment.js";
import {
  ENV_DEPLOYMENT_NAME,
  ENV_GIT_BRANCH,
  ENV_GIT_SHA,
  ENV_IS_BRANCH_DEPLOYMENT,
  ENV_PR_NUMBER,
  type Env,
  readEnvValue,
} from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const DAGSTER_PLUS_ENV_VARS = Object.freeze({
  IS_BRANCH_DEPLOYMENT: ENV_IS_BRANCH_DEPLOYMENT,
  PR_NUMBER: ENV_PR_NUMBER,
  BRANCH: ENV_GIT_BRANCH,
  GIT_SHA: ENV_GIT_SHA,
  DEPLOYMENT_NAME: ENV_DEPLOYMENT_NAME,
} as const);

export const dagsterPlusDetector: PreviewDetector = Object.freeze({
  name: "dagster_plus",
  detect(env: Env): PreviewDetails | null {
    if (!isBranchDeployment(env)) return null;
    return {
      prNumber: readEnvValue(env, ENV_PR_NUMBER),
      branch: readEnvValue(env, ENV_GIT_BRANCH),
      gitSha: readEnvValue(env, ENV_GIT_SHA),
      deploymentName: readEnvValue(env, ENV_DEPLOYMENT_NAME),
    };
  },
});
