// `pnpm start` in this folder, as a user runs it: a process, outside Dagster, with no rocky
// installed (the example falls back to rocky-sim), in production and in a PR deployment.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** pnpm as the test runner was started (npm_execpath), else pnpm from PATH. */
function pnpm(): { command: string; prefix: string[] } {
  const execpath = process.env.npm_execpath;
  if (execpath !== undefined && /pnpm(\.c?js)?$/.test(execpath)) {
    return /\.c?js$/.test(execpath)
      ? { command: process.execPath, prefix: [execpath] }
      : { command: execpath, prefix: [] };
  }
  return { command: "pnpm", prefix: [] };
}

function start(extraEnv: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_") && !k.startsWith("ROCKY_")) env[k] = v;
  }
  // No rocky on this PATH: node and pnpm only.
  env.PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  const { command, prefix } = pnpm();
  return spawnSync(command, [...prefix, "run", "start"], {
    cwd: DIR,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 120_000,
  });
}

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
