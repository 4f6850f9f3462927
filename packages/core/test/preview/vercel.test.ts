import { describe, expect, it } from "vitest";
import { detectPreviewDeployment, VERCEL_ENV_VARS } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["vercel"] });

describe("vercel: VERCEL_ENV=preview", () => {
  it("matches a preview with a pull request", () => {
    expect(
      detect({
        VERCEL_ENV: "preview",
        VERCEL_GIT_PULL_REQUEST_ID: "23",
        VERCEL_GIT_COMMIT_REF: "feat/y",
        VERCEL_GIT_COMMIT_SHA: "cafe",
      }),
    ).toEqual({
      platform: "vercel",
      prNumber: "23",
      branch: "feat/y",
      gitSha: "cafe",
      deploymentName: null,
    });
  });
  it.each([
    [{ VERCEL_ENV: "production", VERCEL_GIT_PULL_REQUEST_ID: "23" }],
    [{ VERCEL_ENV: "development" }],
    [{ VERCEL_ENV: "Preview" }],
    [{ VERCEL_ENV: "" }],
    [{ VERCEL_GIT_PULL_REQUEST_ID: "23", VERCEL: "1" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
});

describe("vercel: an empty VERCEL_GIT_PULL_REQUEST_ID (no PR yet) leaves only the branch", () => {
  it("prNumber is null, branch kept", () => {
    const p = detect({
      VERCEL_ENV: "preview",
      VERCEL_GIT_PULL_REQUEST_ID: "",
      VERCEL_GIT_COMMIT_REF: "feat/y",
    });
    expect(p?.prNumber).toBeNull();
    expect(p?.branch).toBe("feat/y");
  });
  it("exports the variable names", () => {
    expect(VERCEL_ENV_VARS.PULL_REQUEST_ID).toBe("VERCEL_GIT_PULL_REQUEST_ID");
  });
});
