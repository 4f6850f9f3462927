// `pnpm start` in this folder, as a user runs it: a process, with no rocky installed and no
// rocky.toml in the folder. It used to crash with PIPELINE_UNKNOWN (the SDK's branch-deployment
// guard found no rocky.toml to read the pipeline's type from); the simulator now writes the
// project it simulates and the resource runs in it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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

function start() {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_") && !k.startsWith("ROCKY_")) env[k] = v;
  }
  // No rocky on this PATH: node and pnpm only.
  env.PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(":");
  const { command, prefix } = pnpm();
  return spawnSync(command, [...prefix, "run", "start"], {
    cwd: DIR,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("pnpm start runs the example to completion", () => {
  it("exit 0: each tenant's run shadowed with its own suffix in PR 42, argv printed", () => {
    expect(existsSync(join(DIR, "rocky.toml"))).toBe(false);
    const r = start();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "tenant=acme: Success; warehouse.staging__acme.customers_dagster_pr_42_acme, " +
        "warehouse.staging__acme.orders_dagster_pr_42_acme, " +
        "warehouse.staging__acme.payments_dagster_pr_42_acme",
    );
    expect(r.stdout).toContain(
      "tenant=globex: Success; warehouse.staging__globex.customers_dagster_pr_42_globex",
    );
    expect(r.stdout).toMatch(
      /argv: rocky .*run --filter=tenant=acme --pipeline=replication --shadow --shadow-suffix=_dagster_pr_42_acme\n/,
    );
    expect(r.stdout).toMatch(/argv: rocky .*--shadow-suffix=_dagster_pr_42_globex\n/);
    // The example leaves nothing behind in its folder.
    expect(existsSync(join(DIR, ".rocky-sim"))).toBe(false);
  });
});
