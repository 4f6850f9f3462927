// Vercel preview deployments.
// Source: Vercel docs, "System environment variables"
// https://vercel.com/docs/environment-variables/system-environment-variables
// VERCEL_ENV is "production", "preview" or "development". VERCEL_GIT_PULL_REQUEST_ID is
// empty when the branch was deployed before a pull request existed; the branch
// (VERCEL_GIT_COMMIT_REF) is then what identifies the preview.
import { type Env, readEnvValue } from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const VERCEL_ENV_VARS = Object.freeze({
  ENV: "VERCEL_ENV",
  PULL_REQUEST_ID: "VERCEL_GIT_PULL_REQUEST_ID",
  COMMIT_REF: "VERCEL_GIT_COMMIT_REF",
  COMMIT_SHA: "VERCEL_GIT_COMMIT_SHA",
} as const);

export const vercelDetector: PreviewDetector = Object.freeze({
  name: "vercel",
  detect(env: Env): PreviewDetails | null {
    if (env[VERCEL_ENV_VARS.ENV] !== "preview") return null;
    return {
      prNumber: readEnvValue(env, VERCEL_ENV_VARS.PULL_REQUEST_ID),
      branch: readEnvValue(env, VERCEL_ENV_VARS.COMMIT_REF),
      gitSha: readEnvValue(env, VERCEL_ENV_VARS.COMMIT_SHA),
    };
  },
});
