import { describe, expect, it } from "vitest";
import {
  detectPreviewDeployment,
  PREVIEW_ENV_VARS,
  PREVIEW_PLATFORMS,
  type PreviewDetector,
} from "../../src/index.js";

const dagster = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "1" };
const gitlab = {
  GITLAB_CI: "true",
  CI_PIPELINE_SOURCE: "merge_request_event",
  CI_MERGE_REQUEST_IID: "2",
};
const netlify = { CONTEXT: "deploy-preview", REVIEW_ID: "3" };

describe("ordering: default is dagster_plus only; the first match wins", () => {
  it("default detects Dagster+", () => {
    expect(detectPreviewDeployment(dagster)?.platform).toBe("dagster_plus");
  });
  it("default ignores every other platform", () => {
    expect(detectPreviewDeployment({ ...gitlab, ...netlify, IS_PULL_REQUEST: "true" })).toBeNull();
  });
  it("the first listed match wins", () => {
    const env = { ...dagster, ...gitlab, ...netlify };
    expect(detectPreviewDeployment(env, { detectors: ["netlify", "gitlab"] })?.platform).toBe(
      "netlify",
    );
    expect(detectPreviewDeployment(env, { detectors: ["gitlab", "netlify"] })?.platform).toBe(
      "gitlab",
    );
    expect(
      detectPreviewDeployment(env, { detectors: ["render", "dagster_plus", "gitlab"] })?.platform,
    ).toBe("dagster_plus");
  });
  it("an empty list detects nothing", () => {
    expect(detectPreviewDeployment(dagster, { detectors: [] })).toBeNull();
  });
  it("the result is frozen", () => {
    expect(Object.isFrozen(detectPreviewDeployment(dagster))).toBe(true);
  });
  it("defaults to process.env, read at call time", () => {
    const before = process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT;
    try {
      process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT = "1";
      expect(detectPreviewDeployment()?.platform).toBe("dagster_plus");
      process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT = "0";
      expect(detectPreviewDeployment()).toBeNull();
    } finally {
      if (before === undefined) delete process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT;
      else process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT = before;
    }
  });
});

describe("unknown detector names are a TypeError naming the bad and the known names", () => {
  it.each(["github", "GitLab", "", "dagster"])("%j", (name) => {
    const call = () =>
      detectPreviewDeployment(dagster, { detectors: ["dagster_plus", name as "gitlab"] });
    expect(call).toThrow(TypeError);
    expect(call).toThrow(JSON.stringify(name));
    expect(call).toThrow(PREVIEW_PLATFORMS.join(", "));
  });
  it("is checked before any detector runs", () => {
    expect(() =>
      detectPreviewDeployment({}, { detectors: ["gitlab", "nope" as "gitlab"] }),
    ).toThrow(TypeError);
  });
  it("PREVIEW_PLATFORMS lists the built-ins in order and is frozen", () => {
    expect(PREVIEW_PLATFORMS).toEqual([
      "dagster_plus",
      "github_actions",
      "gitlab",
      "vercel",
      "netlify",
      "render",
      "heroku",
    ]);
    expect(Object.isFrozen(PREVIEW_PLATFORMS)).toBe(true);
    expect(Object.keys(PREVIEW_ENV_VARS)).toEqual([...PREVIEW_PLATFORMS]);
  });
});

describe("custom detectors: { name, detect(env) }", () => {
  const cloudflare: PreviewDetector = {
    name: "cloudflare-pages",
    detect: (env) =>
      env.CF_PAGES === "1" && env.CF_PAGES_BRANCH !== "main"
        ? { branch: env.CF_PAGES_BRANCH, gitSha: env.CF_PAGES_COMMIT_SHA }
        : null,
  };
  it("matches and reports its name as the platform, normalising missing values to null", () => {
    expect(
      detectPreviewDeployment(
        { CF_PAGES: "1", CF_PAGES_BRANCH: "feat/c", CF_PAGES_COMMIT_SHA: "" },
        { detectors: [cloudflare] },
      ),
    ).toEqual({
      platform: "cloudflare-pages",
      prNumber: null,
      branch: "feat/c",
      gitSha: null,
      deploymentName: null,
    });
  });
  it("mixes with built-ins in order", () => {
    const env = { ...dagster, CF_PAGES: "1", CF_PAGES_BRANCH: "x" };
    expect(
      detectPreviewDeployment(env, { detectors: [cloudflare, "dagster_plus"] })?.platform,
    ).toBe("cloudflare-pages");
    expect(
      detectPreviewDeployment(env, { detectors: ["dagster_plus", cloudflare] })?.platform,
    ).toBe("dagster_plus");
  });
  const none = (): null => null;
  const some = (): object => ({});
  it.each<[unknown]>([
    [{ name: "", detect: none }],
    [{ name: 3, detect: none }],
    [{ name: "x" }],
    [{ name: "gitlab", detect: some }],
    [{ name: "GHA", detect: some }],
    [{ name: "dagster", detect: some }],
    [null],
    [42],
  ])("rejects %j with a TypeError", (detector) => {
    expect(() =>
      detectPreviewDeployment({}, { detectors: [detector as unknown as PreviewDetector] }),
    ).toThrow(TypeError);
  });
  it("rejects a non-object result", () => {
    const bad = { name: "bad", detect: () => "yes" } as unknown as PreviewDetector;
    expect(() => detectPreviewDeployment({}, { detectors: [bad] })).toThrow(TypeError);
  });
});
