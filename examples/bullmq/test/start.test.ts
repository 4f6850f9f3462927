// `pnpm start` in this folder, as a user runs it: a process (its own redis-server, two worker
// processes, rocky-sim), in production and inside a Dagster+ PR deployment whose variables are in
// the process's own environment. The producer's jobs carry its deployment's suffix; the workers
// run in production and shadow each job with it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DAGSTER_PR_42, pnpmStart } from "../../../test-support/start.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const TENANTS = ["acme", "globex", "initech", "umbrella"];

function expectTenants(stdout: string, suffix: string): void {
  for (const tenant of TENANTS) {
    expect(stdout).toMatch(
      new RegExp(
        `^${tenant} +on worker-[ab]: 3 tables, state tenant_${tenant}, e\\.g\\. warehouse\\.staging__${tenant}\\.\\w+${suffix}$`,
        "m",
      ),
    );
  }
}

describe("pnpm start runs the fleet demo to completion", () => {
  it("outside a deployment: exit 0, the producer in a simulated PR 42", () => {
    const r = pnpmStart(DIR);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("producer: PR 42 (simulated:");
    expectTenants(r.stdout, "_dagster_pr_42");
  });

  it.each([
    ["42", DAGSTER_PR_42],
    ["7", { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "7" }],
  ])(
    "in a Dagster+ PR deployment (PR %s): exit 0, every job shadowed with its suffix",
    (pr, env) => {
      const r = pnpmStart(DIR, env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `producer: Dagster+ branch deployment from the environment (PR ${pr})`,
      );
      expectTenants(r.stdout, `_dagster_pr_${pr}`);
    },
  );
});
