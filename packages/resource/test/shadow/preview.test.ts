import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PreviewPlatform } from "@dagster-rocky/core";
import { describe, expect, it } from "vitest";
import { RockyResource, RockyShadowError } from "../../src/index.js";
import { runReport, sim, tempDir } from "../helpers.js";

// shadowMode "preview": each built-in detector, through a real spawned run.
const cases: [PreviewPlatform, Record<string, string>, string][] = [
  [
    "dagster_plus",
    { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
    "_dagster_pr_42",
  ],
  [
    "github_actions",
    { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_REF: "refs/pull/17/merge" },
    "_gha_pr_17",
  ],
  [
    "gitlab",
    {
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_IID: "8",
      CI_MERGE_REQUEST_ID: "99999",
    },
    "_gitlab_mr_8",
  ],
  ["vercel", { VERCEL_ENV: "preview", VERCEL_GIT_PULL_REQUEST_ID: "5" }, "_vercel_pr_5"],
  [
    "vercel",
    { VERCEL_ENV: "preview", VERCEL_GIT_PULL_REQUEST_ID: "", VERCEL_GIT_COMMIT_REF: "feat/x" },
    "_vercel_feat_x",
  ],
  ["netlify", { CONTEXT: "deploy-preview", REVIEW_ID: "12", HEAD: "fix-1" }, "_netlify_pr_12"],
  ["render", { IS_PULL_REQUEST: "true", RENDER_GIT_BRANCH: "feature/y" }, "_render_feature_y"],
  ["heroku", { HEROKU_PR_NUMBER: "3", HEROKU_BRANCH: "z" }, "_heroku_pr_3"],
];

const lookalikes: [PreviewPlatform, Record<string, string>][] = [
  [
    "github_actions",
    { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "push", GITHUB_REF: "refs/heads/main" },
  ],
  ["gitlab", { GITLAB_CI: "true", CI_PIPELINE_SOURCE: "push" }],
  ["vercel", { VERCEL_ENV: "production" }],
  ["netlify", { CONTEXT: "branch-deploy", HEAD: "x" }],
  ["render", { IS_PULL_REQUEST: "false" }],
];

describe('shadowMode "preview": every detected preview spawns shadowed runs', () => {
  it.each(cases)("%s %j -> %s", async (detector, env, suffix) => {
    const s = await sim();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "preview",
      previewDetectors: [detector],
      env,
    });
    const result = runReport(await r.run({ filter: "tenant=acme" }));
    expect(result.shadow).toBe(true);
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toContain("--shadow");
    expect(run?.argv).toContain(`--shadow-suffix=${suffix}`);
  });

  it("GitHub pull_request_target takes the number from the event file", async () => {
    const s = await sim();
    const dir = await tempDir();
    const eventPath = join(dir, "event.json");
    await writeFile(eventPath, JSON.stringify({ pull_request: { number: 23 } }));
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "preview",
      previewDetectors: ["github_actions"],
      env: {
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: "pull_request_target",
        GITHUB_EVENT_PATH: eventPath,
      },
    });
    await r.run({ filter: "tenant=acme" });
    expect((await s.invocations()).find((i) => i.verb === "run")?.argv).toContain(
      "--shadow-suffix=_gha_pr_23",
    );
  });

  it.each(lookalikes)("%s lookalike %j is production", async (detector, env) => {
    const s = await sim();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "preview",
      previewDetectors: [detector],
      env,
    });
    await r.run({ filter: "tenant=acme" });
    expect((await s.invocations()).find((i) => i.verb === "run")?.argv).not.toContain("--shadow");
  });

  it("fail closed: a hook returning null inside a detected preview spawns nothing", async () => {
    class NoSuffix extends RockyResource {
      protected override resolveShadowSuffix(): null {
        return null;
      }
    }
    const s = await sim();
    const r = new NoSuffix({
      binaryPath: s.binaryPath,
      shadowMode: "preview",
      previewDetectors: ["netlify"],
      env: { CONTEXT: "deploy-preview", REVIEW_ID: "1" },
    });
    await expect(r.run({ filter: "tenant=acme" })).rejects.toBeInstanceOf(RockyShadowError);
    expect(await s.invocations()).toEqual([]);
  });

  it('"branch_deploy" keeps its meaning: Dagster+ only', async () => {
    const s = await sim();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: {
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_REF: "refs/pull/17/merge",
      },
    });
    await r.run({ filter: "tenant=acme" });
    expect((await s.invocations()).find((i) => i.verb === "run")?.argv).not.toContain("--shadow");
  });
});
