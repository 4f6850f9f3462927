// Netlify Deploy Previews.
// Source: Netlify docs, "Build environment variables" (build metadata and Git metadata)
// https://docs.netlify.com/configure-builds/environment-variables/
// CONTEXT is the deploy context: "production", "deploy-preview", "branch-deploy",
// "preview-server" or "dev"; only "deploy-preview" (a pull/merge request) is a preview
// here. REVIEW_ID is the pull/merge request number, HEAD its head branch, COMMIT_REF the SHA.
import { type Env, readEnvValue } from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const NETLIFY_ENV_VARS = Object.freeze({
  CONTEXT: "CONTEXT",
  REVIEW_ID: "REVIEW_ID",
  HEAD: "HEAD",
  COMMIT_REF: "COMMIT_REF",
} as const);

export const netlifyDetector: PreviewDetector = Object.freeze({
  name: "netlify",
  detect(env: Env): PreviewDetails | null {
    if (env[NETLIFY_ENV_VARS.CONTEXT] !== "deploy-preview") return null;
    return {
      prNumber: readEnvValue(env, NETLIFY_ENV_VARS.REVIEW_ID),
      branch: readEnvValue(env, NETLIFY_ENV_VARS.HEAD),
      gitSha: readEnvValue(env, NETLIFY_ENV_VARS.COMMIT_REF),
    };
  },
});
