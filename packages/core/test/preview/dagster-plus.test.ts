import { describe, expect, it } from "vitest";
import { DAGSTER_PLUS_ENV_VARS, detectPreviewDeployment } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["dagster_plus"] });

describe("dagster_plus: matches exactly when isBranchDeployment is true", () => {
  it.each([
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1" }],
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "true" }],
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: " TRUE " }],
  ])("%j matches", (env) => {
    expect(detect(env)?.platform).toBe("dagster_plus");
  });
  it.each([
    [{}],
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" }],
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "false" }],
    [{ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "" }],
    [{ DAGSTER_CLOUD_PULL_REQUEST_ID: "42", DAGSTER_CLOUD_DEPLOYMENT_NAME: "x" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
});

describe("dagster_plus: reads PR id, branch, SHA and deployment name", () => {
  it("maps every variable", () => {
    expect(
      detect({
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
        DAGSTER_CLOUD_GIT_BRANCH: "feature/x",
        DAGSTER_CLOUD_GIT_SHA: "abc123",
        DAGSTER_CLOUD_DEPLOYMENT_NAME: "feature-x",
      }),
    ).toEqual({
      platform: "dagster_plus",
      prNumber: "42",
      branch: "feature/x",
      gitSha: "abc123",
      deploymentName: "feature-x",
    });
  });
  it("unset and empty values are null; the PR id is kept as given", () => {
    expect(
      detect({ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: " 42" }),
    ).toEqual({
      platform: "dagster_plus",
      prNumber: " 42",
      branch: null,
      gitSha: null,
      deploymentName: null,
    });
  });
  it("exports the variable names", () => {
    expect(DAGSTER_PLUS_ENV_VARS).toEqual({
      IS_BRANCH_DEPLOYMENT: "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT",
      PR_NUMBER: "DAGSTER_CLOUD_PULL_REQUEST_ID",
      BRANCH: "DAGSTER_CLOUD_GIT_BRANCH",
      GIT_SHA: "DAGSTER_CLOUD_GIT_SHA",
      DEPLOYMENT_NAME: "DAGSTER_CLOUD_DEPLOYMENT_NAME",
    });
  });
});
