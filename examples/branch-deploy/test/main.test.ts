import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { RockyConfigError } from "@dagster-rocky/resource";
import { describe, expect, it } from "vitest";
import { findRockyBinary, runBranchDeployDemo } from "../src/demo.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const mainJs = join(exampleDir, "dist", "main.js");
const configPath = join(exampleDir, "rocky-resource.yaml");

/** An environment with no rocky on PATH and no Dagster+ variable: the job must pick the simulator. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: dirname(process.execPath),
    HOME: process.env.HOME ?? "/tmp",
  };
  return { ...env, ...extra };
}

const PR_TARGETS = ["orders", "customers", "payments"].flatMap((t) =>
  ["acme", "globex"].map((tenant) => `warehouse.staging__${tenant}.${t}_dagster_pr_42`),
);
const PROD_TARGETS = PR_TARGETS.map((t) => t.replace(/_dagster_pr_42$/, ""));

describe("the built main job, as a real process", () => {
  it("prints production and _dagster_pr_42 targets side by side and a PASS verdict", async () => {
    expect(existsSync(mainJs), "run `pnpm run build` first").toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [mainJs], {
      cwd: exampleDir,
      env: cleanEnv(),
    });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^rocky: SIMULATOR .*not rocky/);
    for (const target of PR_TARGETS) expect(stdout).toContain(target);
    // Each production target appears as its own cell (followed by spaces), not only as a prefix of a shadow name.
    for (const target of PROD_TARGETS)
      expect(stdout).toMatch(new RegExp(`${target.replace(/\./g, "\\.")} +ok`));
    const row = lines.find((l) => l.startsWith("acme ") && l.includes(".orders"));
    // rocky-duckdb reports no row count for a copy (rows_copied is null): the demo prints "-".
    expect(row).toMatch(
      /staging__acme\.orders +ok +- +warehouse\.staging__acme\.orders_dagster_pr_42 +ok/,
    );
    expect(stdout).toContain("Overall verdict: PASS");
    expect(lines.at(-1)).toMatch(
      /^verdict: PASS: 6\/6 PR 42 tables went to _dagster_pr_42 shadow tables, 0 to production/,
    );
  });

  it("exits 1 with the file and the field when the config file is bad", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bd-example-"));
    try {
      const bad = join(dir, "rocky-resource.yaml");
      await writeFile(bad, "shadowMode: branch_deploy\ntimeoutMs: -5\n");
      const run = promisify(execFile)(process.execPath, [mainJs], {
        cwd: exampleDir,
        env: cleanEnv({ ROCKY_RESOURCE_CONFIG: bad }),
      });
      await expect(run).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/RockyConfigError[\s\S]*timeoutMs/),
      });
      await expect(run).rejects.toMatchObject({
        stderr: expect.stringContaining("rocky-resource.yaml"),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the built main job inside a real Dagster+ branch deployment (variables in its own process env)", () => {
  it("runs PR 42 on _dagster_pr_42 shadow tables and exits 0", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [mainJs], {
      cwd: exampleDir,
      env: cleanEnv({
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
      }),
    });
    expect(stderr).not.toMatch(/RockyConfigError|env:/);
    expect(stdout).toContain("PR deployment (Dagster+ variables from the environment, PR 42)");
    for (const target of PR_TARGETS) expect(stdout).toContain(target);
    // No production side inside a real PR deployment: every run of the process is shadowed.
    expect(stdout).toContain("production deployment: not run");
    for (const target of PROD_TARGETS)
      expect(stdout).not.toMatch(new RegExp(`${target.replace(/\./g, "\\.")} +ok`));
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^verdict: PASS: 6\/6 PR 42 tables went to _dagster_pr_42 shadow tables, 0 to production/,
    );
  });

  it("also from another working directory, with the config given relative to it", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [mainJs], {
      cwd: tmpdir(),
      env: cleanEnv({
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
        ROCKY_RESOURCE_CONFIG: configPath,
      }),
    });
    expect(stdout).toContain("Dagster+ variables from the environment, PR 42");
    expect(stdout).toContain("Overall verdict: PASS");
  });
});

describe("runBranchDeployDemo (no TTY)", () => {
  it("uses the real Dagster+ variables when present instead of the simulated PR 42", async () => {
    const lines: string[] = [];
    const result = await runBranchDeployDemo({
      configPath,
      env: cleanEnv({
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "true",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "7",
      }),
      write: (l) => lines.push(l),
    });
    const out = lines.join("\n");
    expect(result).toEqual({ exitCode: 0, binary: "simulator", suffix: "_dagster_pr_7" });
    expect(out).toContain("PR deployment (Dagster+ variables from the environment, PR 7)");
    expect(out).toContain("warehouse.staging__globex.payments_dagster_pr_7");
    expect(out).not.toContain("_dagster_pr_42");
  });

  it("names the config file in a RockyConfigError before running anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bd-example-"));
    try {
      const bad = join(dir, "rocky-resource.json");
      await writeFile(bad, JSON.stringify({ shadowMode: "branch_deploy", shadowSuffix: "_x" }));
      const error = await runBranchDeployDemo({
        configPath: bad,
        env: cleanEnv(),
        write: () => {},
      }).catch((e) => e);
      expect(error).toBeInstanceOf(RockyConfigError);
      expect(error.filePath).toBe(bad);
      expect(error.issues[0].path).toBe("shadowSuffix");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("findRockyBinary", () => {
  it("prefers ROCKY_BIN, then a rocky on PATH, else null (the simulator)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bd-path-"));
    try {
      expect(findRockyBinary({ ROCKY_BIN: "/opt/rocky/bin/rocky", PATH: dir })).toBe(
        "/opt/rocky/bin/rocky",
      );
      expect(findRockyBinary({ PATH: dir })).toBeNull();
      await writeFile(join(dir, "rocky"), "#!/bin/sh\n", { mode: 0o755 });
      expect(findRockyBinary({ PATH: `/nonexistent:${dir}` })).toBe(join(dir, "rocky"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
