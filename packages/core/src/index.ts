export {
  type BranchDeploymentFlag,
  type BranchDeploymentInfo,
  branchDeploymentFlag,
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
export { nearestName } from "./nearest.js";
export { DAGSTER_PLUS_ENV_VARS } from "./preview/dagster-plus.js";
export {
  type DetectPreviewOptions,
  detectPreviewDeployment,
  PREVIEW_ENV_VARS,
} from "./preview/detect.js";
export { GITHUB_ACTIONS_ENV_VARS, MAX_EVENT_FILE_BYTES } from "./preview/github-actions.js";
export { GITLAB_ENV_VARS } from "./preview/gitlab.js";
export { HEROKU_ENV_VARS } from "./preview/heroku.js";
export { NETLIFY_ENV_VARS } from "./preview/netlify.js";
export { RENDER_ENV_VARS } from "./preview/render.js";
export { previewShadowSuffix } from "./preview/suffix.js";
export {
  PREVIEW_PLATFORMS,
  type PreviewDeployment,
  type PreviewDetails,
  type PreviewDetector,
  type PreviewPlatform,
} from "./preview/types.js";
export { VERCEL_ENV_VARS } from "./preview/vercel.js";
export { branchDeployShadowSuffix, type ShadowSuffixOptions } from "./suffix.js";
