// The shadow rules as pure functions: no resource, no process.
import { describe, expect, it } from "vitest";
import { RockyShadowError } from "../../src/index.js";
import {
  assertArgsShadowed,
  decideShadow,
  enforceShadowPolicy,
  type PolicyRequest,
  resolveSuffix,
} from "../../src/shadow/index.js";

const BRANCH = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "7" };
type Settings = Parameters<typeof decideShadow>[0];
/** Detection over an `env` option only (process.env empty). */
const detect = (settings: Settings, env: Record<string, string>) =>
  decideShadow(settings, { process: {}, option: env });

describe("decideShadow: whether this environment requires shadow tables", () => {
  it.each([
    ["off", BRANCH, false],
    ["branch_deploy", {}, false],
    ["branch_deploy", BRANCH, true],
    ["branch_deploy", { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "true" }, true],
    ["branch_deploy", { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" }, false],
    ["always", {}, true],
    ["preview", BRANCH, true],
    ["preview", {}, false],
  ] as const)("%s with %j -> %s", (shadowMode, env, required) => {
    expect(detect({ shadowMode }, env).required).toBe(required);
  });
});

describe("resolveSuffix: the call's suffix, else the hook's, always checked", () => {
  const decision = detect({ shadowMode: "branch_deploy" }, BRANCH);
  const base = {
    verb: "run" as const,
    options: { filter: "a=b" },
    shadowMode: "branch_deploy" as const,
    decision,
    env: BRANCH,
    requireWhenShadowed: true,
  };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as RockyShadowError).code;
    }
    return "none";
  };

  it("the call's own suffix wins and the hook is not called", () => {
    const suffix = resolveSuffix({
      ...base,
      options: { filter: "a=b", shadowSuffix: "_mine" },
      hook: () => {
        throw new Error("must not be called");
      },
    });
    expect(suffix).toBe("_mine");
  });

  it("the hook's value is checked", () => {
    expect(resolveSuffix({ ...base, hook: () => "_pr_7" })).toBe("_pr_7");
    expect(codeOf(() => resolveSuffix({ ...base, hook: () => "_pr-7" }))).toBe("INVALID_SUFFIX");
    expect(codeOf(() => resolveSuffix({ ...base, hook: () => null }))).toBe("SUFFIX_REQUIRED");
    expect(
      codeOf(() =>
        resolveSuffix({
          ...base,
          hook: () => {
            throw new Error("x");
          },
        }),
      ),
    ).toBe("HOOK_FAILED");
  });

  it("without requireWhenShadowed (compare), nothing resolved is null", () => {
    expect(resolveSuffix({ ...base, requireWhenShadowed: false, hook: () => null })).toBeNull();
  });
});

describe("assertArgsShadowed: the final argv of a shadowed write", () => {
  it.each([
    [["run", "--shadow", "--shadow-suffix=_s"], true],
    [["run", "--shadow", "--shadow-suffix", "_s"], true],
    [["run", "--shadow-suffix=_s"], false],
    [["run", "--shadow"], false],
    [["run", "--shadow", "--shadow-suffix=_s", "--shadow-suffix=x;y"], false],
  ])("%j -> %s", (args, ok) => {
    const run = () => assertArgsShadowed("run", args);
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(RockyShadowError);
  });
});

describe("enforceShadowPolicy applies the verb's declared policy", () => {
  const req = (over: Partial<PolicyRequest>): PolicyRequest => ({
    verb: "run",
    policy: "none",
    options: { filter: "a=b" },
    shadowMode: "branch_deploy",
    env: BRANCH,
    cwd: "/nonexistent",
    decide: () => detect({ shadowMode: "branch_deploy" }, BRANCH),
    hook: () => "_dagster_pr_7",
    ...over,
  });

  it("none: never reads the environment", async () => {
    const out = await enforceShadowPolicy(
      req({
        decide: () => {
          throw new Error("must not detect");
        },
      }),
    );
    expect(out).toEqual({
      options: { filter: "a=b" },
      suffix: null,
      assertArgsShadowed: false,
      shadowFloor: false,
      planPayload: null,
    });
  });

  it("shadowed_write: the suffix is set and the argv must be proven shadowed", async () => {
    const out = await enforceShadowPolicy(req({ policy: "shadowed_write" }));
    expect(out.options.shadowSuffix).toBe("_dagster_pr_7");
    expect(out.assertArgsShadowed).toBe(true);
    expect(out.shadowFloor).toBe(true);
  });

  it("needs_suffix: refused when no suffix is in force, anywhere", async () => {
    const prod = req({
      verb: "compare",
      policy: "needs_suffix",
      env: {},
      decide: () => detect({ shadowMode: "branch_deploy" }, {}),
      hook: () => null,
    });
    await expect(enforceShadowPolicy(prod)).rejects.toMatchObject({ code: "SUFFIX_REQUIRED" });
  });

  it("guarded_apply: an unreadable plan is refused where shadowing is required", async () => {
    const apply = req({
      verb: "apply",
      policy: "guarded_apply",
      options: { planId: "a".repeat(64) },
    });
    await expect(enforceShadowPolicy(apply)).rejects.toMatchObject({ code: "PLAN_NOT_SHADOWED" });
  });

  it("refused_when_shadowed: refused where shadowing is required, allowed elsewhere", async () => {
    const promote = req({ verb: "promote", policy: "refused_when_shadowed" });
    await expect(enforceShadowPolicy(promote)).rejects.toMatchObject({
      name: "RockyShadowError",
      code: "REFUSED_WHEN_SHADOWED",
    });
    const prod = req({
      verb: "promote",
      policy: "refused_when_shadowed",
      decide: () => detect({ shadowMode: "branch_deploy" }, {}),
    });
    await expect(enforceShadowPolicy(prod)).resolves.toMatchObject({ assertArgsShadowed: false });
  });
});
