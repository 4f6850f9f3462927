import { describe, expect, it } from "vitest";
import { detectPreviewDeployment, RENDER_ENV_VARS } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["render"] });

describe("render: IS_PULL_REQUEST=true", () => {
  it("matches a pull request preview (Render gives no number)", () => {
    expect(
      detect({ IS_PULL_REQUEST: "true", RENDER_GIT_BRANCH: "feat/r", RENDER_GIT_COMMIT: "abc" }),
    ).toEqual({
      platform: "render",
      prNumber: null,
      branch: "feat/r",
      gitSha: "abc",
      deploymentName: null,
    });
  });
  it.each([
    [{ IS_PULL_REQUEST: "false", RENDER_GIT_BRANCH: "main" }],
    [{ IS_PULL_REQUEST: "TRUE" }],
    [{ IS_PULL_REQUEST: "1" }],
    [{ IS_PULL_REQUEST: "" }],
    [{ RENDER: "true", RENDER_GIT_BRANCH: "main" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
  it("exports the variable names", () => {
    expect(RENDER_ENV_VARS.IS_PULL_REQUEST).toBe("IS_PULL_REQUEST");
  });
});
