// resource.compare() end to end through the rocky simulator (@dagster-rocky/testing),
// not the real rocky binary, in a simulated Dagster+ branch deployment for PR 42.
import { describe, expect, it } from "vitest";
import {
  type CompareResult,
  RockyCommandError,
  RockyConfigError,
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  renderCompareReport,
} from "../../src/index.js";
import { rejection, sim, tempDir } from "../helpers.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

type Verdict = "pass" | "warn" | "fail";

async function setup(compare: Verdict = "pass", options: RockyResourceOptions = {}) {
  const s = await sim({ commands: { compare: { compare } } });
  const cwd = await tempDir();
  const resource = new RockyResource({
    binaryPath: s.binaryPath,
    shadowMode: "branch_deploy",
    env: PR42,
    cwd,
    ...options,
  });
  const compareCalls = async () => (await s.invocations()).filter((i) => i.verb === "compare");
  return { s, cwd, resource, compareCalls };
}

/** rocky compares tables that exist: production's, then PR 42's shadow copies. */
async function runBoth(binaryPath: string, cwd: string): Promise<void> {
  await new RockyResource({ binaryPath, cwd, env: {} }).run({ filter: "tenant=acme" });
  await new RockyResource({ binaryPath, cwd, shadowMode: "branch_deploy", env: PR42 }).run({
    filter: "tenant=acme",
  });
}

describe("in PR 42's branch deployment compare() uses the run suffix", () => {
  it("spawns compare with --shadow-suffix=_dagster_pr_42 and no --shadow", async () => {
    const { resource, compareCalls } = await setup();
    await resource.compare({ filter: "tenant=acme" });
    const calls = await compareCalls();
    expect(calls).toHaveLength(1);
    const argv = calls[0]?.argv ?? [];
    expect(argv.slice(argv.indexOf("compare"))).toEqual([
      "compare",
      "--filter=tenant=acme",
      "--shadow-suffix=_dagster_pr_42",
    ]);
    expect(argv).not.toContain("--shadow");
  });
  it("thresholds travel as one JSON flag", async () => {
    const { resource, compareCalls } = await setup();
    await resource.compare({
      filter: "tenant=acme",
      thresholds: { row_count_diff_pct_warn: 0.01, row_count_diff_pct_fail: 0.05 },
    });
    expect((await compareCalls())[0]?.argv).toContain(
      '--thresholds={"row_count_diff_pct_warn":0.01,"row_count_diff_pct_fail":0.05}',
    );
  });
  it("an explicit shadowSchema replaces the suffix", async () => {
    const { resource, compareCalls } = await setup();
    await resource.compare({ filter: "tenant=acme", shadowSchema: "pr_42_shadow" });
    const argv = (await compareCalls())[0]?.argv ?? [];
    expect(argv).toContain("--shadow-schema=pr_42_shadow");
    expect(argv.some((a) => a.startsWith("--shadow-suffix"))).toBe(false);
  });
});

describe("pass, warn and fail outputs are results", () => {
  const expected: Record<Verdict, [passed: number, warned: number, failed: number]> = {
    pass: [3, 0, 0],
    warn: [2, 1, 0],
    fail: [2, 0, 1],
  };
  for (const verdict of ["pass", "warn", "fail"] as const) {
    it(`"${verdict}"`, async () => {
      const { s, cwd, resource, compareCalls } = await setup(verdict);
      await runBoth(s.binaryPath, cwd);
      const out: CompareResult = await resource.compare({ filter: "tenant=acme" });
      expect(out.command).toBe("compare");
      expect(out.filter).toBe("tenant=acme");
      expect(out.overall_verdict).toBe(verdict);
      expect([out.tables_passed, out.tables_warned, out.tables_failed]).toEqual(expected[verdict]);
      expect(out.results.map((r) => r.shadow_table)).toEqual(
        ["customers", "orders", "payments"].map(
          (t) => `warehouse.staging__acme.${t}_dagster_pr_42`,
        ),
      );
      // rocky exits 1 after printing a failing comparison: still a result, not an error.
      expect((await compareCalls())[0]?.exitCode).toBe(verdict === "fail" ? 1 : 0);
    });
  }
  it("the failing table carries its schema differences into the report", async () => {
    const { s, cwd, resource } = await setup("fail");
    await runBoth(s.binaryPath, cwd);
    const out = await resource.compare({ filter: "tenant=acme" });
    const failing = out.results.find((r) => r.verdict === "fail");
    expect(failing?.schema_match).toBe(false);
    expect(failing?.schema_diffs.length).toBeGreaterThan(0);
    const report = renderCompareReport(out, { format: "markdown" });
    expect(report).toContain("### Shadow vs production: ❌ FAIL");
    expect(report).toContain("payments_dagster_pr_42 |");
    expect(report).toContain("**Totals:** 3 compared, 2 passed, 0 warned, 1 failed");
  });
});

describe("bad options are a RockyConfigError naming the field, before any spawn", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "negative fraction",
      { thresholds: { row_count_diff_pct_warn: -0.1 } },
      "thresholds.row_count_diff_pct_warn",
    ],
    [
      "warn above fail",
      { thresholds: { row_count_diff_pct_warn: 0.1, row_count_diff_pct_fail: 0.05 } },
      "thresholds.row_count_diff_pct_warn",
    ],
    [
      "unknown threshold key",
      { thresholds: { row_count_diff_pct_wran: 0.1 } },
      "thresholds.row_count_diff_pct_wran",
    ],
    ["shadowSuffix with shadowSchema", { shadowSuffix: "_x", shadowSchema: "y" }, "shadowSchema"],
    ["missing filter", { filter: undefined }, "filter"],
  ];
  for (const [name, call, path] of cases) {
    it(name, async () => {
      const { s, resource } = await setup();
      const err = await rejection(
        resource.compare({ filter: "tenant=acme", ...call } as Parameters<
          RockyResource["compare"]
        >[0]),
        RockyConfigError,
      );
      expect(err.command).toBe("compare");
      expect(err.issues.map((i) => i.path)).toContain(path);
      expect(await s.invocations()).toEqual([]);
    });
  }
});

describe("production refuses rather than comparing rocky's default shadow tables", () => {
  for (const [name, options] of [
    ["outside a branch deployment", { env: {} }],
    ['shadowMode "off" inside one', { shadowMode: "off" }],
  ] as const) {
    it(name, async () => {
      const { s, resource } = await setup("pass", options);
      const err = await rejection(resource.compare({ filter: "tenant=acme" }), RockyShadowError);
      expect(err.reason).toBe("suffix_required");
      expect(await s.invocations()).toEqual([]);
    });
  }
  it("an explicit suffix is allowed in production", async () => {
    const { resource, compareCalls } = await setup("pass", { env: {} });
    await resource.compare({ filter: "tenant=acme", shadowSuffix: "_review" });
    expect((await compareCalls())[0]?.argv).toContain("--shadow-suffix=_review");
  });
});

describe("a non-zero exit without a JSON body stays an error", () => {
  it("empty stdout with exit 1 is a RockyCommandError", async () => {
    const s = await sim({ commands: { compare: { output: "none", exitCode: 1 } } });
    const resource = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: PR42,
    });
    const err = await rejection(resource.compare({ filter: "tenant=acme" }), RockyCommandError);
    expect(err.exitCode).toBe(1);
    expect(err.command).toBe("compare");
  });
});
