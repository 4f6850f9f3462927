import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  DAGSTER_CLOUD_ENV_VARS,
  detectPreviewDeployment,
  PREVIEW_ENV_VARS,
  PREVIEW_PLATFORMS,
  type PreviewDeployment,
  type PreviewPlatform,
  previewShadowSuffix,
} from "../../src/index.js";

const preview = (platform: string, fields: Partial<PreviewDeployment> = {}): PreviewDeployment => ({
  platform,
  prNumber: null,
  branch: null,
  gitSha: null,
  deploymentName: null,
  ...fields,
});

describe("rule: a null preview gives null", () => {
  it("null", () => {
    expect(previewShadowSuffix(null)).toBeNull();
    expect(previewShadowSuffix(null, { maxLength: 9 })).toBeNull();
  });
});

describe("rule: Dagster+ keeps branchDeployShadowSuffix's suffixes exactly", () => {
  it.each([
    [{ DAGSTER_CLOUD_PULL_REQUEST_ID: "42", DAGSTER_CLOUD_DEPLOYMENT_NAME: "n" }, "_dagster_pr_42"],
    [
      { DAGSTER_CLOUD_PULL_REQUEST_ID: "0", DAGSTER_CLOUD_DEPLOYMENT_NAME: "feat/x" },
      "_dagster_feat_x",
    ],
    [{ DAGSTER_CLOUD_GIT_BRANCH: "feat/x" }, "_dagster_branch"],
  ])("%j -> %s", (vars, expected) => {
    const env = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", ...vars };
    expect(previewShadowSuffix(detectPreviewDeployment(env))).toBe(expected);
    expect(branchDeployShadowSuffix(branchDeploymentInfo(env))).toBe(expected);
  });
});

describe("rule: a valid number gives _<token>_pr_<n> (_gitlab_mr_<n>)", () => {
  it.each([
    ["github_actions", "_gha_pr_42"],
    ["gitlab", "_gitlab_mr_42"],
    ["vercel", "_vercel_pr_42"],
    ["netlify", "_netlify_pr_42"],
    ["render", "_render_pr_42"],
    ["heroku", "_heroku_pr_42"],
  ])("%s -> %s", (platform, expected) => {
    expect(previewShadowSuffix(preview(platform, { prNumber: "42", branch: "b" }))).toBe(expected);
  });
  it("keeps the number as given (leading zeros)", () => {
    expect(previewShadowSuffix(preview("vercel", { prNumber: "007" }))).toBe("_vercel_pr_007");
  });
});

describe("rule: otherwise the sanitized branch, _<token>_<branch>", () => {
  it.each(["0", "-1", "+4", " 4", "4.2", "٤٢", "４", "abc"])("invalid number %j", (n) => {
    expect(
      previewShadowSuffix(preview("github_actions", { prNumber: n, branch: "feat/JIRA-1" })),
    ).toBe("_gha_feat_JIRA_1");
  });
  it("Vercel before a PR exists uses VERCEL_GIT_COMMIT_REF", () => {
    const p = detectPreviewDeployment(
      { VERCEL_ENV: "preview", VERCEL_GIT_PULL_REQUEST_ID: "", VERCEL_GIT_COMMIT_REF: "café/ü" },
      { detectors: ["vercel"] },
    );
    expect(previewShadowSuffix(p)).toBe("_vercel_caf___");
  });
});

describe("rule: otherwise _<token>_preview", () => {
  it.each([
    ["gitlab", "_gitlab_preview"],
    ["render", "_render_preview"],
  ])("%s", (platform, expected) => {
    expect(previewShadowSuffix(preview(platform))).toBe(expected);
  });
});

describe("rule: custom platforms are sanitized into the token", () => {
  it.each([
    ["cloudflare-pages", "_cloudflare_pages_pr_1"],
    ["ünïcode", "__n_code_pr_1"],
    ["", "_custom_pr_1"],
  ])("%j -> %s", (platform, expected) => {
    expect(previewShadowSuffix(preview(platform, { prNumber: "1" }))).toBe(expected);
  });
});

describe("rule: maxLength cuts and hashes like branchDeployShadowSuffix", () => {
  const long = preview("netlify", { branch: "a-very-long-branch-name-for-a-feature" });
  it("cuts to at most maxLength, dropping the underscore where the cut falls", () => {
    const s = previewShadowSuffix(long, { maxLength: 20 });
    expect(s).toHaveLength(19);
    expect(s).toMatch(/^_netlify_a_[0-9a-f]{8}$/);
  });
  it("leaves short suffixes alone", () => {
    expect(previewShadowSuffix(preview("gitlab", { prNumber: "5" }), { maxLength: 13 })).toBe(
      "_gitlab_mr_5",
    );
  });
  it.each([0, 8, 9.5, Number.NaN])("rejects maxLength %s with a RangeError", (maxLength) => {
    expect(() => previewShadowSuffix(long, { maxLength })).toThrow(RangeError);
  });
});

describe("property: every detector over arbitrary values gives null or an identifier, never throwing", () => {
  const value = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      "1",
      "true",
      "false",
      "0",
      "",
      "42",
      "-1",
      "٤٢",
      "preview",
      "production",
      "deploy-preview",
      "branch-deploy",
      "merge_request_event",
      "push",
      "pull_request",
      "pull_request_target",
      "refs/pull/42/merge",
      "refs/pull/0/merge",
      "/nonexistent/event.json",
    ),
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme" }),
  );
  const names = [
    ...new Set([
      ...DAGSTER_CLOUD_ENV_VARS,
      ...PREVIEW_PLATFORMS.flatMap((p) => Object.values(PREVIEW_ENV_VARS[p]) as string[]),
    ]),
  ];
  const envArb = fc.record(
    Object.fromEntries(names.map((k) => [k, value])) as Record<
      string,
      fc.Arbitrary<string | undefined>
    >,
    { requiredKeys: [] },
  );
  const detectorsArb = fc.shuffledSubarray([...PREVIEW_PLATFORMS] as PreviewPlatform[]);

  it.each(PREVIEW_PLATFORMS)("%s alone, 1,000 environments", (platform) => {
    fc.assert(
      fc.property(
        envArb,
        fc.option(fc.integer({ min: 9, max: 80 }), { nil: undefined }),
        (env, maxLength) => {
          const options = maxLength === undefined ? {} : { maxLength };
          const p = detectPreviewDeployment(env, { detectors: [platform] });
          const s = previewShadowSuffix(p, options);
          if (p === null) expect(s).toBeNull();
          else {
            expect(p.platform).toBe(platform);
            expect(Object.isFrozen(p)).toBe(true);
            expect(s).toMatch(/^[A-Za-z0-9_]+$/);
            if (maxLength !== undefined)
              expect((s as string).length).toBeLessThanOrEqual(maxLength);
          }
          expect(
            previewShadowSuffix(detectPreviewDeployment(env, { detectors: [platform] }), options),
          ).toBe(s);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("any detector list, 2,000 environments: first match wins", () => {
    fc.assert(
      fc.property(envArb, detectorsArb, (env, detectors) => {
        const p = detectPreviewDeployment(env, { detectors });
        const first = detectors.find(
          (d) => detectPreviewDeployment(env, { detectors: [d] }) !== null,
        );
        expect(p?.platform ?? null).toBe(first ?? null);
        const s = previewShadowSuffix(p);
        if (p === null) expect(s).toBeNull();
        else expect(s).toMatch(/^[A-Za-z0-9_]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("Dagster+ suffixes equal branchDeployShadowSuffix for 2,000 environments", () => {
    fc.assert(
      fc.property(envArb, (env) => {
        expect(previewShadowSuffix(detectPreviewDeployment(env))).toBe(
          branchDeployShadowSuffix(branchDeploymentInfo(env)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("arbitrary custom platform names and fields, 2,000 previews", () => {
    const field = fc.option(fc.string({ unit: "binary" }), { nil: null });
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        field,
        field,
        field,
        (platform, prNumber, branch, deploymentName) => {
          const s = previewShadowSuffix(preview(platform, { prNumber, branch, deploymentName }));
          expect(s).toMatch(/^[A-Za-z0-9_]+$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
