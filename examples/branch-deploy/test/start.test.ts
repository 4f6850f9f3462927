// `pnpm start` in this folder, as a user runs it: a process with no rocky installed (the job
// falls back to rocky-sim), in production and inside a Dagster+ PR deployment whose variables are
// in the process's own environment.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DAGSTER_PR_42, pnpmStart } from "../../../test-support/start.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const VERDICT =
  /^verdict: PASS: 6\/6 PR 42 tables went to _dagster_pr_42 shadow tables, 0 to production/m;

describe("pnpm start runs the main job to completion", () => {
  it("outside a deployment: exit 0, a simulated PR 42 beside a simulated production", () => {
    const r = pnpmStart(DIR);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rocky: SIMULATOR .*not rocky/m);
    expect(r.stdout).toContain("PR deployment (simulated: DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=1");
    expect(r.stdout).toContain("production deployment (simulated: no DAGSTER_CLOUD_* variables)");
    expect(r.stdout).toMatch(VERDICT);
  });

  it("in a Dagster+ PR deployment (PR 42): exit 0, every run shadowed, no production side", () => {
    const r = pnpmStart(DIR, DAGSTER_PR_42);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("PR deployment (Dagster+ variables from the environment, PR 42)");
    expect(r.stdout).toContain("production deployment: not run");
    expect(r.stdout).toMatch(VERDICT);
  });
});
