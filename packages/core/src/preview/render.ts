// Render pull request previews (service previews).
// Source: Render docs, "Default Environment Variables"
// https://render.com/docs/environment-variables
// IS_PULL_REQUEST is the string "true" for pull request previews and "false" otherwise.
// Render gives no pull request number, so the preview is identified by its branch.
import { type Env, readEnvValue } from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const RENDER_ENV_VARS = Object.freeze({
  IS_PULL_REQUEST: "IS_PULL_REQUEST",
  GIT_BRANCH: "RENDER_GIT_BRANCH",
  GIT_COMMIT: "RENDER_GIT_COMMIT",
} as const);

export const renderDetector: PreviewDetector = Object.freeze({
  name: "render",
  detect(env: Env): PreviewDetails | null {
    if (env[RENDER_ENV_VARS.IS_PULL_REQUEST] !== "true") return null;
    return {
      prNumber: null,
      branch: readEnvValue(env, RENDER_ENV_VARS.GIT_BRANCH),
      gitSha: readEnvValue(env, RENDER_ENV_VARS.GIT_COMMIT),
    };
  },
});
