// branchList / branchShow / branchCompare end to end through rocky-sim processes.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RockyCommandError, RockyConfigError, RockyResource } from "../../src/index.js";
import {
  BranchListOutputSchema,
  BranchOutputSchema,
  CompareOutputSchema,
} from "../../src/schemas/index.js";
import { rejection, resourceFor, sim, tempDir } from "../helpers.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

async function setup(scenario: Parameters<typeof sim>[0] = {}) {
  const s = await sim({ branches: ["fix-price", "feature_new_join"], ...scenario });
  const resource = resourceFor(s);
  const calls = async () => (await s.invocations()).filter((i) => i.verb === "branch");
  const tail = (argv: string[]) => argv.slice(argv.indexOf("branch"));
  return { s, resource, calls, tail };
}

describe("branchList() runs `branch list` and returns rocky's BranchListOutput", () => {
  it("lists the registered branches, argv exactly `branch list`", async () => {
    const { resource, calls, tail } = await setup();
    const out = await resource.branchList();
    expect(BranchListOutputSchema.parse(out)).toBeTruthy();
    expect(out.command).toBe("branch list");
    expect(out.total).toBe(2);
    expect(out.branches.map((b) => b.schema_prefix)).toEqual([
      "branch__fix-price",
      "branch__feature_new_join",
    ]);
    const [call] = await calls();
    expect(tail(call?.argv ?? [])).toEqual(["branch", "list"]);
    expect(call?.argv).toContain("--output");
  });

  it("refuses an unknown option before spawning", async () => {
    const { resource, s } = await setup();
    const err = await rejection(resource.branchList({ nmae: "x" } as never), RockyConfigError);
    expect(err.issues[0]?.path).toBe("nmae");
    expect(await s.invocations()).toHaveLength(0);
  });
});

describe("branchShow(name) runs `branch show -- <name>`", () => {
  it("passes the name after a bare `--` and returns the branch", async () => {
    const { resource, calls, tail } = await setup();
    const out = await resource.branchShow("fix-price");
    expect(BranchOutputSchema.parse(out)).toBeTruthy();
    expect(out.branch.name).toBe("fix-price");
    const [call] = await calls();
    expect(tail(call?.argv ?? [])).toEqual(["branch", "show", "--", "fix-price"]);
  });

  it("an unknown branch is a RockyCommandError (exit 1) carrying rocky's message", async () => {
    const { resource } = await setup();
    const err = await rejection(resource.branchShow("nope"), RockyCommandError);
    expect(err.exitCode).toBe(1);
    expect(err.stderrTail).toMatch(/branch 'nope' not found/);
    expect(err.command).toBe("branchShow"); // errors name the method, as for every verb
  });
});

describe("branch names are validated before spawning (^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$, no '..')", () => {
  const bad: [string, unknown, RegExp][] = [
    ["empty", "", /must not be empty/],
    ["leading dash", "-x", /must not start with '-'/],
    ["leading dash flag-like", "--help", /must not start with '-'/],
    ["leading dot", ".hidden", /must start with a letter, digit or _/],
    ["dot-dot", "a..b", /must not contain '\.\.'/],
    ["slash", "feature/x", /only letters, digits, _, \. and -/],
    ["space", "a b", /only letters, digits/],
    ["newline", "a\nb", /control characters/],
    ["NUL", "a\u0000b", /control characters/],
    ["non-ASCII", "brañch", /only letters, digits/],
    ["65 characters", "a".repeat(65), /at most 64 characters/],
    ["not a string", 42, /must be a string/],
  ];
  it.each(bad)("%s is refused by branchShow and branchCompare", async (_label, name, message) => {
    const { resource, s } = await setup();
    for (const call of [
      () => resource.branchShow(name as string),
      () => resource.branchCompare(name as string),
    ]) {
      const err = await rejection(call(), RockyConfigError);
      expect(err.issues.map((i) => i.path)).toEqual(["name"]);
      expect(err.issues[0]?.message).toMatch(message);
    }
    expect(await s.invocations()).toHaveLength(0);
  });

  it.each(["a", "fix-price", "feature_new_join", "v1.2", "A".repeat(64), "_x", "9lives"])(
    "%s is accepted",
    async (name) => {
      const { resource, calls, tail } = await setup({ branches: [name] });
      await expect(resource.branchShow(name)).resolves.toMatchObject({ branch: { name } });
      expect(tail((await calls())[0]?.argv ?? [])).toEqual(["branch", "show", "--", name]);
    },
  );
});

describe("branchCompare(name, { filter }) runs `branch compare [--filter=k=v] -- <name>`", () => {
  it("compares the branch schema against production and returns the compare report", async () => {
    const s = await sim({ branches: ["fix-price"] });
    const cwd = await tempDir();
    const resource = resourceFor(s, { cwd });
    const calls = async () => (await s.invocations()).filter((i) => i.verb === "branch");
    const tail = (argv: string[]) => argv.slice(argv.indexOf("branch"));
    // rocky compares tables that exist: production's, then the branch's (`run --branch`).
    await resource.run({ filter: "tenant=acme" });
    execFileSync(s.binaryPath, ["run", "--filter=tenant=acme", "--branch=fix-price"], { cwd });
    const out = await resource.branchCompare("fix-price", { filter: "tenant=acme" });
    expect(CompareOutputSchema.parse(out)).toBeTruthy();
    expect(out.overall_verdict).toBe("pass");
    expect(out.results.every((r) => r.shadow_table.includes(".branch__fix-price."))).toBe(true);
    expect(tail((await calls())[0]?.argv ?? [])).toEqual([
      "branch",
      "compare",
      "--filter=tenant=acme",
      "--",
      "fix-price",
    ]);
  });

  it("without a filter, sends none", async () => {
    const { resource, calls, tail } = await setup();
    await resource.branchCompare("fix-price");
    expect(tail((await calls())[0]?.argv ?? [])).toEqual(["branch", "compare", "--", "fix-price"]);
  });

  it("a failing comparison (exit 1 with the report) is a result, as with compare()", async () => {
    const { resource, s } = await setup({ commands: { "branch compare": { compare: "fail" } } });
    const out = await resource.branchCompare("fix-price");
    expect(out.overall_verdict).toBe("fail");
    expect(out.tables_failed).toBeGreaterThan(0);
    const [inv] = (await s.invocations()).filter((i) => i.verb === "branch");
    expect(inv?.exitCode).toBe(1);
  });

  it("an unknown branch (exit 1, no report) is a RockyCommandError", async () => {
    const { resource } = await setup();
    const err = await rejection(resource.branchCompare("nope"), RockyCommandError);
    expect(err.stderrTail).toMatch(/branch 'nope' not found/);
  });

  it("a malformed filter is refused before spawning", async () => {
    const { resource, s } = await setup();
    const err = await rejection(
      resource.branchCompare("fix-price", { filter: "tenant" }),
      RockyConfigError,
    );
    expect(err.issues[0]?.path).toBe("filter");
    expect(await s.invocations()).toHaveLength(0);
  });

  it("is read-only: allowed in a branch deployment without any shadow flag", async () => {
    const s = await sim({ branches: ["fix-price"] });
    const resource = resourceFor(s, { shadowMode: "branch_deploy", env: PR42 });
    await resource.branchCompare("fix-price");
    const [inv] = (await s.invocations()).filter((i) => i.verb === "branch");
    expect(inv?.argv.some((a) => a.startsWith("--shadow"))).toBe(false);
  });
});

describe("branch and preview names: one rule and one message on every verb that takes one", () => {
  const calls: [string, (r: RockyResource, name: string) => Promise<unknown>][] = [
    ["branchShow", (r, n) => r.branchShow(n)],
    ["branchCompare", (r, n) => r.branchCompare(n)],
    ["branchApprove", (r, n) => r.branchApprove(n)],
    ["branchPromote", (r, n) => r.branchPromote(n)],
    ["planPromote", (r, n) => r.planPromote(n)],
    ["previewCreate", (r, n) => r.previewCreate({ name: n })],
    ["previewDiff", (r, n) => r.previewDiff({ name: n })],
    ["previewCost", (r, n) => r.previewCost({ name: n })],
  ];
  it.each([
    ["", "name must not be empty"],
    ["-x", "name must not start with '-' (rocky would read it as a flag)"],
    [
      ".x",
      "name must start with a letter, digit or _ and use only letters, digits, _, . and - (rocky's branch names)",
    ],
    ["a..b", "name must not contain '..' (the name becomes a path segment)"],
    ["a".repeat(65), "name must be at most 64 characters (got 65)"],
    ["a\tb", "name must not contain control characters"],
  ])("%j: %s", async (bad, why) => {
    const s = await sim();
    const r = new RockyResource({ binaryPath: s.binaryPath, env: {} });
    for (const [, call] of calls) {
      const err = await call(r, bad).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues).toEqual([
        { path: "name", message: `${why}, such as "fix-price"` },
      ]);
    }
    expect(await s.invocations()).toEqual([]);
  });
});
