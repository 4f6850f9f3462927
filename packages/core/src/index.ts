export {
  type BranchDeploymentInfo,
  branchDeploymentInfo,
  isBranchDeployment,
  type PullRequestStatus,
} from "./branch-deployment.js";
export {
  DAGSTER_CLOUD_ENV_VARS,
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
} from "./env.js";
export { isRockyIdentifier } from "./identifier.js";
export { branchDeployShadowSuffix, type ShadowSuffixOptions } from "./suffix.js";
