import { describe, expect, it } from "vitest";
import { detectPreviewDeployment, NETLIFY_ENV_VARS } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["netlify"] });

describe("netlify: CONTEXT=deploy-preview", () => {
  it("matches a Deploy Preview", () => {
    expect(
      detect({ CONTEXT: "deploy-preview", REVIEW_ID: "5", HEAD: "fix/z", COMMIT_REF: "f00d" }),
    ).toEqual({
      platform: "netlify",
      prNumber: "5",
      branch: "fix/z",
      gitSha: "f00d",
      deploymentName: null,
    });
  });
  it.each([
    [{ CONTEXT: "branch-deploy", REVIEW_ID: "5" }],
    [{ CONTEXT: "production", REVIEW_ID: "5" }],
    [{ CONTEXT: "dev" }],
    [{ CONTEXT: "preview-server" }],
    [{ CONTEXT: "Deploy-Preview" }],
    [{ REVIEW_ID: "5", NETLIFY: "true", PULL_REQUEST: "true" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
  it("exports the variable names", () => {
    expect(NETLIFY_ENV_VARS).toEqual({
      CONTEXT: "CONTEXT",
      REVIEW_ID: "REVIEW_ID",
      HEAD: "HEAD",
      COMMIT_REF: "COMMIT_REF",
    });
  });
});
