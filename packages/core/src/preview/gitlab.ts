// GitLab CI/CD merge request pipelines.
// Source: GitLab docs, "Predefined CI/CD variables reference"
// https://docs.gitlab.com/ci/variables/predefined_variables/
// GITLAB_CI is "true" in GitLab CI/CD; CI_PIPELINE_SOURCE is "merge_request_event" for
// merge request pipelines; CI_MERGE_REQUEST_IID is the project-scoped number shown in
// the UI (!42), unlike CI_MERGE_REQUEST_ID, which is instance-wide and never read here.
import { type Env, readEnvValue } from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const GITLAB_ENV_VARS = Object.freeze({
  GITLAB_CI: "GITLAB_CI",
  PIPELINE_SOURCE: "CI_PIPELINE_SOURCE",
  MERGE_REQUEST_IID: "CI_MERGE_REQUEST_IID",
  SOURCE_BRANCH: "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
  COMMIT_SHA: "CI_COMMIT_SHA",
} as const);

export const gitlabDetector: PreviewDetector = Object.freeze({
  name: "gitlab",
  detect(env: Env): PreviewDetails | null {
    if (env[GITLAB_ENV_VARS.GITLAB_CI] !== "true") return null;
    if (env[GITLAB_ENV_VARS.PIPELINE_SOURCE] !== "merge_request_event") return null;
    return {
      prNumber: readEnvValue(env, GITLAB_ENV_VARS.MERGE_REQUEST_IID),
      branch: readEnvValue(env, GITLAB_ENV_VARS.SOURCE_BRANCH),
      gitSha: readEnvValue(env, GITLAB_ENV_VARS.COMMIT_SHA),
    };
  },
});
