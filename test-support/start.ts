// `pnpm start` in an example's folder, as a user runs it: a real process, nothing inherited from
// this test's DAGSTER_* or ROCKY_* variables, no rocky on PATH (node, pnpm and the system's tools
// only), and the given variables in the process's own environment (a Dagster+ deployment's).
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";

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

/** A Dagster+ branch deployment for pull request 42, as Dagster+ sets it in a step's environment. */
export const DAGSTER_PR_42 = {
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
} as const;

/** Runs `pnpm run start` in `dir` to completion. */
export function pnpmStart(dir: string, extraEnv: Readonly<Record<string, string>> = {}) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_") && !k.startsWith("ROCKY_")) env[k] = v;
  }
  env.PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  const { command, prefix } = pnpm();
  return spawnSync(command, [...prefix, "run", "start"], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 120_000,
  });
}
