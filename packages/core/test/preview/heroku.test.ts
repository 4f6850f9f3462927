import { describe, expect, it } from "vitest";
import { detectPreviewDeployment, HEROKU_ENV_VARS } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["heroku"] });

describe("heroku: a non-empty HEROKU_PR_NUMBER marks a review app", () => {
  it("matches a review app", () => {
    expect(
      detect({
        HEROKU_PR_NUMBER: "314",
        HEROKU_BRANCH: "feat/h",
        HEROKU_TEST_RUN_COMMIT_VERSION: "aaa",
        SOURCE_VERSION: "bbb",
      }),
    ).toEqual({
      platform: "heroku",
      prNumber: "314",
      branch: "feat/h",
      gitSha: "aaa",
      deploymentName: null,
    });
  });
  it("falls back to SOURCE_VERSION for the SHA", () => {
    expect(detect({ HEROKU_PR_NUMBER: "314", SOURCE_VERSION: "bbb" })?.gitSha).toBe("bbb");
  });
  it.each([
    [{}],
    [{ HEROKU_PR_NUMBER: "" }],
    [{ HEROKU_BRANCH: "feat/h", HEROKU_APP_NAME: "app-pr-1", SOURCE_VERSION: "bbb" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
  it("exports the variable names", () => {
    expect(HEROKU_ENV_VARS.PR_NUMBER).toBe("HEROKU_PR_NUMBER");
  });
});
