// Every shadow refusal says the same thing each time (code, command, message), and each
// policy's outcome flags are exact: the version gate and the argv re-check depend on them.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RockyShadowError } from "../../src/index.js";
import { assertCompareSuffix } from "../../src/shadow/compare.js";
import {
  assertArgsShadowed,
  decideShadow,
  enforceShadowPolicy,
  type PolicyRequest,
  resolveSuffix,
} from "../../src/shadow/index.js";
import { planFilePath } from "../../src/shadow/plan-guard.js";

const BRANCH = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "7" };
const PROD = {};

const thrown = (f: () => unknown): RockyShadowError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RockyShadowError);
    return e as RockyShadowError;
  }
  throw new Error("expected a RockyShadowError");
};
const rejected = async (p: Promise<unknown>): Promise<RockyShadowError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RockyShadowError);
  return e as RockyShadowError;
};

describe("resolveSuffix: each refusal's code, command and message", () => {
  const base = (over: object = {}) => ({
    verb: "plan" as const,
    options: { filter: "a=b" },
    shadowMode: "branch_deploy" as const,
    decision: decideShadow({ shadowMode: "branch_deploy" }, { process: {}, option: BRANCH }),
    env: BRANCH,
    hook: () => "_x",
    requireWhenShadowed: true,
    ...over,
  });
  it("a throwing hook", () => {
    const cause = new Error("boom");
    const e = thrown(() =>
      resolveSuffix(
        base({
          hook: () => {
            throw cause;
          },
        }),
      ),
    );
    expect([e.code, e.command, e.cause]).toEqual(["HOOK_FAILED", "plan", cause]);
    expect(e.message).toBe("resolveShadowSuffix threw; nothing was spawned: Error: boom");
  });
  it("a suffix that is not an identifier (the value kept)", () => {
    const e = thrown(() => resolveSuffix(base({ hook: () => "_a-b" })));
    expect([e.code, e.command, e.suffix]).toEqual(["INVALID_SUFFIX", "plan", "_a-b"]);
    expect(e.message).toBe(
      'shadow suffix "_a-b" is not an identifier (^[A-Za-z0-9_]+$); nothing was spawned',
    );
  });
  it("no suffix where one is required: the message says where", () => {
    const inBranch = thrown(() => resolveSuffix(base({ hook: () => null })));
    expect([inBranch.code, inBranch.command]).toEqual(["SUFFIX_REQUIRED", "plan"]);
    expect(inBranch.message).toBe(
      'rocky plan needs a shadow suffix here (shadowMode "branch_deploy", inside a branch deployment) and none was resolved; nothing was spawned',
    );
    const always = thrown(() =>
      resolveSuffix(
        base({
          shadowMode: "always",
          decision: decideShadow({ shadowMode: "always" }, { process: {}, option: PROD }),
          env: PROD,
          hook: () => undefined,
        }),
      ),
    );
    expect(always.message).toBe(
      'rocky plan needs a shadow suffix here (shadowMode "always") and none was resolved; nothing was spawned',
    );
  });
});

describe("assertCompareSuffix and assertArgsShadowed: code, command and message", () => {
  it("compare without a suffix in force", () => {
    const e = thrown(() => assertCompareSuffix("branchCompare", null));
    expect([e.code, e.command]).toEqual(["SUFFIX_REQUIRED", "branchCompare"]);
    expect(e.message).toBe(
      'branchCompare() needs a shadow suffix in force and none is (production, or shadowMode "off"). Pass shadowSuffix or shadowSchema, or call it where runs are shadowed; nothing was spawned',
    );
    expect(() => assertCompareSuffix("compare", "_x")).not.toThrow();
  });
  it("a final argv that is not shadowed", () => {
    const e = thrown(() => assertArgsShadowed("run", ["run", "--shadow"]));
    expect([e.code, e.command]).toEqual(["ARGS_NOT_SHADOWED", "run"]);
    expect(e.message).toBe(
      "buildArgs returned rocky run arguments without --shadow and a valid --shadow-suffix inside a shadowed deployment; nothing was spawned",
    );
    // A trailing --shadow-suffix has no value: refused, never read past the end.
    expect(() => assertArgsShadowed("run", ["run", "--shadow", "--shadow-suffix"])).toThrow(
      RockyShadowError,
    );
  });
});

describe("decideShadow: preview detection only in preview mode", () => {
  it("branch_deploy never reports a preview, even where one is detectable", () => {
    expect(
      decideShadow({ shadowMode: "branch_deploy" }, { process: {}, option: BRANCH }).preview,
    ).toBeNull();
    expect(
      decideShadow({ shadowMode: "always" }, { process: {}, option: BRANCH }).preview,
    ).toBeNull();
    expect(
      decideShadow({ shadowMode: "preview" }, { process: {}, option: BRANCH }).preview?.platform,
    ).toBe("dagster_plus");
  });
});

describe("enforceShadowPolicy: each policy's outcome flags", () => {
  const req = (over: Partial<PolicyRequest>): PolicyRequest => ({
    verb: "run",
    policy: "none",
    options: { filter: "a=b" },
    shadowMode: "branch_deploy",
    env: BRANCH,
    cwd: "/nonexistent",
    decide: () => decideShadow({ shadowMode: "branch_deploy" }, { process: {}, option: BRANCH }),
    hook: () => "_dagster_pr_7",
    ...over,
  });
  const prod = {
    env: PROD,
    decide: () => decideShadow({ shadowMode: "branch_deploy" }, { process: {}, option: PROD }),
  };

  it("shadowed_write in production with no suffix: production argv, no floor", async () => {
    expect(
      await enforceShadowPolicy(req({ policy: "shadowed_write", ...prod, hook: () => null })),
    ).toEqual({
      options: { filter: "a=b", shadowSuffix: undefined },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });
  it("shadowed_write in production with a suffix: a shadowed write, every guard applies", async () => {
    expect(
      await enforceShadowPolicy(req({ policy: "shadowed_write", ...prod, hook: () => "_mine" })),
    ).toEqual({
      options: { filter: "a=b", shadowSuffix: "_mine" },
      suffix: "_mine",
      assertArgsShadowed: true,
      shadowFloor: true,
      planPayload: null,
    });
  });
  it("guarded_apply in production without a suffix: no plan read, no floor", async () => {
    expect(
      await enforceShadowPolicy(
        req({
          verb: "apply",
          policy: "guarded_apply",
          options: { planId: "ab" },
          ...prod,
          hook: () => null,
        }),
      ),
    ).toEqual({
      options: { planId: "ab" },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });
  it("guarded_apply in production with a suffix named by the call or the hook: the plan is read", async () => {
    for (const over of [
      { options: { planId: "ab", shadowSuffix: "_dagster_pr_9" }, hook: () => null },
      { options: { planId: "ab" }, hook: () => "_dagster_pr_9" },
    ]) {
      const e = await rejected(
        enforceShadowPolicy(req({ verb: "apply", policy: "guarded_apply", ...prod, ...over })),
      );
      expect(e.code).toBe("PLAN_NOT_SHADOWED");
    }
  });
  it("guarded_apply in a branch deployment: a proven plan passes with the floor", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "rocky-policy-"));
    try {
      await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
      const plan = { kind: "run", payload: { shadow: true, shadow_suffix: "_dagster_pr_7" } };
      await writeFile(planFilePath(cwd, "ab"), JSON.stringify(plan));
      expect(
        await enforceShadowPolicy(
          req({ verb: "apply", policy: "guarded_apply", options: { planId: "ab" }, cwd }),
        ),
      ).toEqual({
        options: { planId: "ab" },
        suffix: "_dagster_pr_7",
        assertArgsShadowed: false,
        shadowFloor: true,
        planPayload: plan.payload,
      });
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
  it("needs_suffix with a shadow schema: no suffix, no hook, no floor", async () => {
    const out = await enforceShadowPolicy(
      req({
        verb: "compare",
        policy: "needs_suffix",
        options: { shadowSchema: "s" },
        hook: () => {
          throw new Error("must not be called");
        },
      }),
    );
    expect(out).toEqual({
      options: { shadowSchema: "s" },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });
  it("needs_suffix with a suffix: it is set, no floor", async () => {
    expect(
      await enforceShadowPolicy(req({ verb: "compare", policy: "needs_suffix", options: {} })),
    ).toEqual({
      options: { shadowSuffix: "_dagster_pr_7" },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });
  it("needs_suffix refuses with compare's own message, even where shadowing is required", async () => {
    const e = await rejected(
      enforceShadowPolicy(
        req({ verb: "compare", policy: "needs_suffix", options: {}, hook: () => null }),
      ),
    );
    expect(e.message).toMatch(/^compare\(\) needs a shadow suffix in force/);
  });
  it("refused_when_shadowed: the message names the verb and the mode; allowed in production", async () => {
    const e = await rejected(
      enforceShadowPolicy(req({ verb: "branchPromote", policy: "refused_when_shadowed" })),
    );
    expect([e.code, e.command]).toEqual(["REFUSED_WHEN_SHADOWED", "branchPromote"]);
    expect(e.message).toBe(
      'rocky branchPromote writes outside shadow tables and is refused where runs are shadowed (shadowMode "branch_deploy"); nothing was spawned',
    );
    expect(
      await enforceShadowPolicy(
        req({ verb: "branchPromote", policy: "refused_when_shadowed", ...prod }),
      ),
    ).toEqual({
      options: { filter: "a=b" },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });
  it("refused_when_shadowed: a call that names a suffix is refused in production too (it acts for a PR)", async () => {
    const e = await rejected(
      enforceShadowPolicy(
        req({
          verb: "branchPromote",
          policy: "refused_when_shadowed",
          options: { name: "b", shadowSuffix: "_dagster_pr_42" },
          ...prod,
        }),
      ),
    );
    expect([e.code, e.command]).toEqual(["REFUSED_WHEN_SHADOWED", "branchPromote"]);
    expect(e.message).toBe(
      'rocky branchPromote writes outside shadow tables and is refused for a call that names shadow suffix "_dagster_pr_42" (the deployment it acts for is shadowed); nothing was spawned',
    );
  });
});
