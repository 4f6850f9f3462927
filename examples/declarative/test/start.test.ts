// `pnpm start` in this folder, as a user runs it: a process, in production and inside a Dagster+
// PR deployment whose variables are in the process's own environment (which the resource always
// reads, so the simulated rows give way to that deployment's).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DAGSTER_PR_42, pnpmStart } from "../../../test-support/start.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const rows = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => /^(rocky-resource|config\/)/.test(l))
    .map((l) => l.replace(/ +/g, " "));

describe("pnpm start prints what each config file does", () => {
  it("outside a deployment: exit 0, a simulated PR 42 and production for each file", () => {
    const r = pnpmStart(DIR);
    expect(r.status, r.stderr).toBe(0);
    expect(rows(r.stdout)).toEqual([
      "rocky-resource.yaml PR 42 shadowMode=branch_deploy suffix=_dagster_pr_42",
      "rocky-resource.yaml production shadowMode=branch_deploy suffix=none (production tables)",
      "rocky-resource.json PR 42 shadowMode=always suffix=_ci_shadow",
      "rocky-resource.json production shadowMode=always suffix=_ci_shadow",
      "config/preview.yaml PR 42 shadowMode=preview suffix=_dagster_pr_42",
      "config/preview.yaml production shadowMode=preview suffix=none (production tables)",
    ]);
  });

  it.each([
    ["42", DAGSTER_PR_42],
    ["7", { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "true", DAGSTER_CLOUD_PULL_REQUEST_ID: "7" }],
  ])("in a Dagster+ PR deployment (PR %s): exit 0, that deployment only", (pr, env) => {
    const r = pnpmStart(DIR, env);
    expect(r.status, r.stderr).toBe(0);
    expect(rows(r.stdout)).toEqual([
      `rocky-resource.yaml PR ${pr} (from the environment) shadowMode=branch_deploy suffix=_dagster_pr_${pr}`,
      `rocky-resource.json PR ${pr} (from the environment) shadowMode=always suffix=_ci_shadow`,
      `config/preview.yaml PR ${pr} (from the environment) shadowMode=preview suffix=_dagster_pr_${pr}`,
    ]);
  });
});
