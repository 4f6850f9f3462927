// Heroku Review Apps.
// Source: Heroku Dev Center, "Review Apps" (injected environment variables)
// https://devcenter.heroku.com/articles/github-integration-review-apps
// HEROKU_PR_NUMBER and HEROKU_BRANCH are injected into review apps (when declared in
// app.json's "env"); they are absent from other apps, so a non-empty HEROKU_PR_NUMBER marks
// a review app. The commit: HEROKU_TEST_RUN_COMMIT_VERSION (Heroku CI,
// https://devcenter.heroku.com/articles/heroku-ci), else SOURCE_VERSION (set during builds,
// https://devcenter.heroku.com/articles/buildpack-api).
import { type Env, readEnvValue } from "../env.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const HEROKU_ENV_VARS = Object.freeze({
  PR_NUMBER: "HEROKU_PR_NUMBER",
  BRANCH: "HEROKU_BRANCH",
  TEST_RUN_COMMIT_VERSION: "HEROKU_TEST_RUN_COMMIT_VERSION",
  SOURCE_VERSION: "SOURCE_VERSION",
} as const);

export const herokuDetector: PreviewDetector = Object.freeze({
  name: "heroku",
  detect(env: Env): PreviewDetails | null {
    const prNumber = readEnvValue(env, HEROKU_ENV_VARS.PR_NUMBER);
    if (prNumber === null) return null;
    return {
      prNumber,
      branch: readEnvValue(env, HEROKU_ENV_VARS.BRANCH),
      gitSha:
        readEnvValue(env, HEROKU_ENV_VARS.TEST_RUN_COMMIT_VERSION) ??
        readEnvValue(env, HEROKU_ENV_VARS.SOURCE_VERSION),
    };
  },
});
