// `pnpm start` in this folder, as a user runs it: a process, outside Dagster, with no rocky
// installed (the example falls back to rocky-sim), in production and in a PR deployment.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pnpmStart } from "../../../test-support/start.js";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const start = (extraEnv: Record<string, string>) => pnpmStart(DIR, extraEnv);

describe("pnpm start runs the example to completion", () => {
  it("in production: exit 0, shadow off, the run reported (dropped outside Dagster) on stderr", () => {
    const r = start({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("[INFO] shadow: off (not a Dagster+ branch deployment)");
    expect(r.stderr).toContain("[INFO] rocky run Success: 3 table(s) copied, 0 failed");
  });

  it("in a Dagster+ PR deployment (PR 42): exit 0, tables shadowed with _dagster_pr_42", () => {
    const r = start({
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
      DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "[INFO] shadow: on (Dagster+ branch deployment, PR 42): tables get the suffix _dagster_pr_42",
    );
    expect(r.stderr).toContain("[INFO] rocky run Success: 3 table(s) copied, 0 failed");
  });
});
