// Each refusal names what was wrong and what to do; pinned by message, not only by class,
// so that a refusal cannot silently lose its explanation.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  detectPreviewDeployment,
  type PreviewDetector,
  previewShadowSuffix,
} from "../../src/index.js";

const KNOWN = "dagster_plus, github_actions, gitlab, vercel, netlify, render, heroku";
const none = (): null => null;
const detectWith = (detector: unknown) => () =>
  detectPreviewDeployment({}, { detectors: [detector as PreviewDetector] });

describe("rule: a malformed custom detector is a TypeError saying what it needs", () => {
  it.each([
    [
      null,
      `a preview detector must be a built-in name (${KNOWN}) or an object { name, detect(env) }; got null`,
    ],
    [
      42,
      `a preview detector must be a built-in name (${KNOWN}) or an object { name, detect(env) }; got number`,
    ],
    [{ name: "", detect: none }, "a custom preview detector needs a non-empty string `name`"],
    [{ name: 3, detect: none }, "a custom preview detector needs a non-empty string `name`"],
    [{ name: "x" }, 'custom preview detector "x" needs a detect(env) function'],
  ])("%j", (detector, message) => {
    expect(detectWith(detector)).toThrow(new TypeError(message));
  });
  it.each(["gitlab", "GHA", "dagster", "Dagster", "github actions", "Heroku", "RENDER"])(
    "the name %j is reserved by a built-in (also by its token, in any case)",
    (name) => {
      expect(detectWith({ name, detect: none })).toThrow(
        new TypeError(
          `custom preview detector name ${JSON.stringify(name)} is reserved by a built-in detector; choose another name`,
        ),
      );
    },
  );
  it.each(["gitlab-ci", "ghas", "my_vercel", "rend", "K8s"])("%j is not reserved", (name) => {
    expect(detectWith({ name, detect: none })()).toBeNull();
  });
  it("a detector list that is not an array", () => {
    expect(() => detectPreviewDeployment({}, { detectors: "gitlab" as never })).toThrow(
      new TypeError("detectors must be an array of detector names or detector objects"),
    );
  });
  it("a detect() result that is not an object names the detector and the type", () => {
    expect(detectWith({ name: "bad", detect: () => "yes" })).toThrow(
      new TypeError('preview detector "bad" returned string; expected an object or null'),
    );
  });
  it("undefined from detect() means no match; the next detector runs", () => {
    const quiet = { name: "quiet", detect: () => undefined };
    const env = { VERCEL_ENV: "preview" };
    expect(
      detectPreviewDeployment(env, { detectors: [quiet as unknown as PreviewDetector, "vercel"] })
        ?.platform,
    ).toBe("vercel");
  });
  it("non-string or empty detail fields become null", () => {
    const odd = {
      name: "odd",
      detect: () => ({ prNumber: 42, branch: "", gitSha: ["x"], deploymentName: "d" }),
    };
    expect(detectWith(odd)()).toEqual({
      platform: "odd",
      prNumber: null,
      branch: null,
      gitSha: null,
      deploymentName: "d",
    });
  });
});

describe("rule: an invalid maxLength is a RangeError naming the minimum and the value", () => {
  it.each([0, 8, 8.5, 9.5, Number.NaN, -1])("%s", (maxLength) => {
    const message = `maxLength must be an integer >= 9 (room for "_" and an 8-character hash); got ${String(maxLength)}`;
    expect(() => branchDeployShadowSuffix(branchDeploymentInfo({}), { maxLength })).toThrow(
      new RangeError(message),
    );
    expect(() => previewShadowSuffix(null, { maxLength })).toThrow(new RangeError(message));
  });
  it("9 is the smallest accepted", () => {
    const info = branchDeploymentInfo({ DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1" });
    expect(branchDeployShadowSuffix(info, { maxLength: 9 })).toMatch(/^_[0-9a-f]{8}$/);
  });
});

describe("rule: a cut suffix keeps maxLength - 9 characters (underscores at the cut dropped), then _ and sha256(full suffix)[0..8]", () => {
  // Stable across versions: a different hash would rename every shadow table.
  it.each([9, 10, 20, 23])("maxLength %i", (maxLength) => {
    const info = branchDeploymentInfo({
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_DEPLOYMENT_NAME: "feature/very-long-branch",
    });
    const full = "_dagster_feature_very_long_branch";
    expect(branchDeployShadowSuffix(info)).toBe(full);
    const hash = createHash("sha256").update(full, "utf8").digest("hex").slice(0, 8);
    expect(branchDeployShadowSuffix(info, { maxLength })).toBe(
      `${full.slice(0, maxLength - 9).replace(/_+$/, "")}_${hash}`,
    );
  });
  it("a suffix exactly maxLength long is kept whole", () => {
    const info = branchDeploymentInfo({
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
    });
    expect(branchDeployShadowSuffix(info, { maxLength: 14 })).toBe("_dagster_pr_42");
    expect(branchDeployShadowSuffix(info, { maxLength: 13 })).toHaveLength(13);
  });
});
