import { describe, expect, it } from "vitest";
import { detectPreviewDeployment, GITLAB_ENV_VARS } from "../../src/index.js";

const detect = (env: Record<string, string>) =>
  detectPreviewDeployment(env, { detectors: ["gitlab"] });
const mr = { GITLAB_CI: "true", CI_PIPELINE_SOURCE: "merge_request_event" };

describe("gitlab: GITLAB_CI=true and CI_PIPELINE_SOURCE=merge_request_event", () => {
  it("matches a merge request pipeline", () => {
    expect(
      detect({
        ...mr,
        CI_MERGE_REQUEST_IID: "17",
        CI_MERGE_REQUEST_ID: "99887766",
        CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "feat/x",
        CI_COMMIT_SHA: "deadbeef",
      }),
    ).toEqual({
      platform: "gitlab",
      prNumber: "17",
      branch: "feat/x",
      gitSha: "deadbeef",
      deploymentName: null,
    });
  });
  it.each([
    [{ ...mr, GITLAB_CI: "false" }],
    [{ ...mr, GITLAB_CI: "TRUE" }],
    [{ ...mr, GITLAB_CI: "" }],
    [{ CI_PIPELINE_SOURCE: "merge_request_event" }],
    [{ ...mr, CI_PIPELINE_SOURCE: "push" }],
    [{ ...mr, CI_PIPELINE_SOURCE: "external_pull_request_event" }],
    [{ ...mr, CI_PIPELINE_SOURCE: "Merge_Request_Event" }],
    [{ GITLAB_CI: "true", CI_MERGE_REQUEST_IID: "17" }],
  ])("%j does not match", (env) => {
    expect(detect(env)).toBeNull();
  });
});

describe("gitlab: the number is CI_MERGE_REQUEST_IID, never CI_MERGE_REQUEST_ID", () => {
  it("CI_MERGE_REQUEST_ID alone gives no number", () => {
    expect(detect({ ...mr, CI_MERGE_REQUEST_ID: "99887766" })?.prNumber).toBeNull();
  });
  it("exports the variable names", () => {
    expect(GITLAB_ENV_VARS.MERGE_REQUEST_IID).toBe("CI_MERGE_REQUEST_IID");
    expect(Object.values(GITLAB_ENV_VARS)).not.toContain("CI_MERGE_REQUEST_ID");
  });
});
