// Values an untyped (JavaScript) caller or a strange environment can hand the
// detection functions, which the types forbid: each has one defined answer,
// never a throw and never a suffix built from garbage.
import { describe, expect, it } from "vitest";
import {
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  detectPreviewDeployment,
  previewShadowSuffix,
} from "../src/index.js";
import { isPreviewPlatform } from "../src/preview/detect.js";

const branch = (over: Record<string, unknown>) =>
  ({ isBranchDeployment: true, prNumber: null, deploymentName: null, ...over }) as never;

describe("branchDeployShadowSuffix: info that is not a branch deployment's", () => {
  it("null or a non-object info is no branch deployment", () => {
    expect(branchDeployShadowSuffix(null as never)).toBeNull();
    expect(branchDeployShadowSuffix("1" as never)).toBeNull();
  });
  it("an empty deployment name falls back to _dagster_branch, not _dagster_", () => {
    expect(branchDeployShadowSuffix(branch({ deploymentName: "" }))).toBe("_dagster_branch");
    expect(branchDeployShadowSuffix(branch({ deploymentName: 42 }))).toBe("_dagster_branch");
    expect(branchDeployShadowSuffix(branch({ deploymentName: "feat-x" }))).toBe("_dagster_feat_x");
  });
  it("null options are no options", () => {
    expect(branchDeployShadowSuffix(branch({ prNumber: "7" }), null as never)).toBe(
      "_dagster_pr_7",
    );
  });
});

describe("previewShadowSuffix: previews with missing or mistyped fields", () => {
  it("a non-object preview has no suffix", () => {
    expect(previewShadowSuffix("vercel" as never)).toBeNull();
    expect(previewShadowSuffix(42 as never)).toBeNull();
  });
  it("a non-string platform is a custom one", () => {
    expect(previewShadowSuffix({ platform: 42 } as never)).toBe("_custom_preview");
    expect(previewShadowSuffix({ platform: null, branch: "main" } as never)).toBe("_custom_main");
  });
  it("non-string numbers and branches are ignored, never stringified", () => {
    expect(previewShadowSuffix({ platform: "vercel", prNumber: 42, branch: 7 } as never)).toBe(
      "_vercel_preview",
    );
    expect(previewShadowSuffix({ platform: "vercel", prNumber: "", branch: "" } as never)).toBe(
      "_vercel_preview",
    );
  });
  it("null options are no options", () => {
    expect(previewShadowSuffix({ platform: "vercel", prNumber: "7" } as never, null as never)).toBe(
      "_vercel_pr_7",
    );
  });
});

describe("branchDeploymentInfo: gitTimestamp only from digits", () => {
  it.each(["12a", "-5", "1.5", " 17", "1e9", "0x10"])("%j is null", (raw) => {
    expect(branchDeploymentInfo({ DAGSTER_CLOUD_GIT_TIMESTAMP: raw }).gitTimestamp).toBeNull();
  });
  it("digits are the number", () => {
    expect(branchDeploymentInfo({ DAGSTER_CLOUD_GIT_TIMESTAMP: "1700000000" }).gitTimestamp).toBe(
      1_700_000_000,
    );
  });
});

describe("isPreviewPlatform: only the strings that name a built-in detector", () => {
  it("an object whose string form is a platform name is not one", () => {
    expect(isPreviewPlatform({ toString: () => "vercel" })).toBe(false);
    expect(isPreviewPlatform(["vercel"])).toBe(false);
    expect(isPreviewPlatform("vercel")).toBe(true);
    expect(isPreviewPlatform("toString")).toBe(false);
  });
});

describe("github_actions: GITHUB_REF must be exactly refs/pull/<n>/merge", () => {
  const pr = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request" };
  const number = (ref: string) =>
    detectPreviewDeployment({ ...pr, GITHUB_REF: ref }, { detectors: ["github_actions"] })
      ?.prNumber;
  it.each([
    "xrefs/pull/1/merge",
    "refs/pull/1/merge/x",
    "refs/pull/1/mergex",
    "refs/pull//merge",
    "refs/pull/0/merge",
  ])("%j gives no number", (ref) => {
    expect(number(ref)).toBeNull();
  });
  it("the exact form gives the number", () => {
    expect(number("refs/pull/17/merge")).toBe("17");
  });
});
