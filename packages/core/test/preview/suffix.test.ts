import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  detectPreviewDeployment,
  PREVIEW_PLATFORMS,
  type PreviewDeployment,
  type PreviewPlatform,
  previewShadowSuffix,
} from "../../src/index.js";
import {
  anyEnvArb,
  LOOKALIKES,
  lookalikeStringArb,
  maxLengthArb,
  platformEnvArb,
  Tally,
} from "../arbitraries.js";

/** The spec's tokens (`_<token>_...`), written out here rather than imported. */
const TOKENS: Record<Exclude<PreviewPlatform, "dagster_plus">, string> = {
  github_actions: "gha",
  gitlab: "gitlab",
  vercel: "vercel",
  netlify: "netlify",
  render: "render",
  heroku: "heroku",
};

/** The spec's sanitiser: each code point outside ASCII [A-Za-z0-9] becomes one "_". */
const sanitize = (text: string): string =>
  Array.from(text, (c) =>
    ("A" <= c && c <= "Z") || ("a" <= c && c <= "z") || ("0" <= c && c <= "9") ? c : "_",
  ).join("");

/** The spec's PR/MR number: ASCII digits only, greater than zero. */
const isPositiveAsciiInteger = (n: string | null): n is string =>
  n !== null && /^[0-9]+$/.test(n) && /[1-9]/.test(n);

/** A custom platform's token: its sanitized name, "custom" when empty. */
const customToken = (platform: string): string => sanitize(platform) || "custom";

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
  it.each(LOOKALIKES)(
    "the case-folding look-alike %s is sanitized, in a branch and a platform",
    (ch) => {
      expect(previewShadowSuffix(preview("github_actions", { branch: `a${ch}b` }))).toBe(
        "_gha_a_b",
      );
      expect(previewShadowSuffix(preview(`x${ch}`, { prNumber: "1" }))).toBe("_x__pr_1");
      expect(previewShadowSuffix(preview("gitlab", { prNumber: `4${ch}` }))).toBe(
        "_gitlab_preview",
      );
    },
  );
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
  const detectorsArb = fc.shuffledSubarray([...PREVIEW_PLATFORMS] as PreviewPlatform[]);
  const IDENT = /^[A-Za-z0-9_]+$/;

  it.each(PREVIEW_PLATFORMS)(
    "%s alone, 3,000 environments, half of them its previews",
    (platform) => {
      const shapes =
        platform === "dagster_plus"
          ? []
          : platform === "render"
            ? ["shape: branch", "shape: fallback"]
            : ["shape: number", "shape: branch", "shape: fallback"];
      const tally = new Tally(["no preview", "preview, maxLength", "preview, no limit", ...shapes]);
      fc.assert(
        fc.property(platformEnvArb(platform), maxLengthArb, (env, maxLength) => {
          const options = maxLength === undefined ? {} : { maxLength };
          const p = detectPreviewDeployment(env, { detectors: [platform] });
          const s = previewShadowSuffix(p, options);
          expect(
            previewShadowSuffix(detectPreviewDeployment(env, { detectors: [platform] }), options),
          ).toBe(s);
          if (p === null) {
            tally.hit("no preview");
            expect(s).toBeNull();
            return;
          }
          expect(p.platform).toBe(platform);
          expect(Object.isFrozen(p)).toBe(true);
          expect(s).toMatch(IDENT);
          const full = previewShadowSuffix(p) as string;
          if (maxLength === undefined) {
            tally.hit("preview, no limit");
            expect(s).toBe(full);
          } else {
            tally.hit("preview, maxLength");
            const cut = s as string;
            if (full.length <= maxLength) expect(cut).toBe(full);
            else {
              // Underscores at the cut are dropped (never "__" before the hash).
              const head = cut.slice(0, -9);
              expect(cut.length).toBeLessThanOrEqual(maxLength);
              expect(cut).toMatch(/_[0-9a-f]{8}$/);
              expect(cut).not.toMatch(/__[0-9a-f]{8}$/);
              expect(head).toBe(full.slice(0, maxLength - 9).replace(/_+$/, ""));
            }
          }
          if (platform === "dagster_plus") {
            expect(full).toBe(branchDeployShadowSuffix(branchDeploymentInfo(env)));
            return;
          }
          const token = TOKENS[platform];
          if (isPositiveAsciiInteger(p.prNumber)) {
            tally.hit("shape: number");
            expect(full).toBe(`_${token}_${platform === "gitlab" ? "mr" : "pr"}_${p.prNumber}`);
          } else if (p.branch !== null) {
            tally.hit("shape: branch");
            expect(full).toBe(`_${token}_${sanitize(p.branch)}`);
          } else {
            tally.hit("shape: fallback");
            expect(full).toBe(`_${token}_preview`);
          }
        }),
        { numRuns: 3000 },
      );
      tally.expectAtLeast(200);
    },
  );

  it("any detector list, 3,000 environments: first match wins", () => {
    const tally = new Tally(["no preview", "preview"]);
    fc.assert(
      fc.property(anyEnvArb, detectorsArb, (env, detectors) => {
        const p = detectPreviewDeployment(env, { detectors });
        const first = detectors.find(
          (d) => detectPreviewDeployment(env, { detectors: [d] }) !== null,
        );
        expect(p?.platform ?? null).toBe(first ?? null);
        const s = previewShadowSuffix(p);
        if (p === null) {
          tally.hit("no preview");
          expect(s).toBeNull();
        } else {
          tally.hit("preview");
          expect(s).toMatch(IDENT);
        }
      }),
      { numRuns: 3000 },
    );
    tally.expectAtLeast(200);
  });

  it("Dagster+ suffixes equal branchDeployShadowSuffix for 2,000 environments", () => {
    const tally = new Tally(["not a branch deployment", "branch deployment"]);
    fc.assert(
      fc.property(platformEnvArb("dagster_plus"), (env) => {
        const expected = branchDeployShadowSuffix(branchDeploymentInfo(env));
        tally.hit(expected === null ? "not a branch deployment" : "branch deployment");
        expect(previewShadowSuffix(detectPreviewDeployment(env))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    tally.expectAtLeast(200);
  });

  it("arbitrary custom platform names and fields, 2,000 previews", () => {
    const tally = new Tally(["number", "branch", "fallback"]);
    const text = fc.oneof(fc.string({ unit: "binary" }), lookalikeStringArb);
    // null half the time, so that the fallback branch runs as often as the others.
    const field = fc.oneof(fc.constant(null), text);
    const number = fc.oneof(
      fc.integer({ min: 1, max: 10_000 }).map(String),
      fc.option(text, { nil: null }),
    );
    fc.assert(
      fc.property(text, number, field, field, (platform, prNumber, branch, deploymentName) => {
        const s = previewShadowSuffix(preview(platform, { prNumber, branch, deploymentName }));
        expect(s).toMatch(IDENT);
        if ((PREVIEW_PLATFORMS as readonly string[]).includes(platform)) return;
        if (isPositiveAsciiInteger(prNumber)) {
          tally.hit("number");
          expect(s).toBe(`_${customToken(platform)}_pr_${prNumber}`);
        } else if (branch !== null && branch !== "") {
          tally.hit("branch");
          expect(s).toBe(`_${customToken(platform)}_${sanitize(branch)}`);
        } else {
          tally.hit("fallback");
          expect(s).toBe(`_${customToken(platform)}_preview`);
        }
      }),
      { numRuns: 2000 },
    );
    tally.expectAtLeast(200);
  });
});
