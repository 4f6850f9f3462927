import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type ShadowSuffixContext,
} from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { planFilePath } from "../../src/shadow/plan-guard.js";
import { tempDir, verbPart } from "../helpers.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const PROD = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" };

const runArgv = async (r: RockyResource, call: object = {}, verb: "run" | "plan" = "run") =>
  verbPart((await prepareInvocation(r, verb, { filter: "tenant=acme", ...call })).argv);

async function shadowError(p: Promise<unknown>): Promise<RockyShadowError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RockyShadowError);
    return e as RockyShadowError;
  }
  throw new Error("expected RockyShadowError");
}

describe('shadowMode "branch_deploy" derives the suffix from the Dagster+ variables', () => {
  const r = (env: Record<string, string>) =>
    new RockyResource({ shadowMode: "branch_deploy", env });
  it("PR 42 adds --shadow --shadow-suffix=_dagster_pr_42 to run and plan", async () => {
    for (const verb of ["run", "plan"] as const) {
      expect(await runArgv(r(PR42), {}, verb)).toEqual([
        verb,
        "--filter=tenant=acme",
        "--shadow",
        "--shadow-suffix=_dagster_pr_42",
      ]);
    }
  });
  it("'true' is a branch deployment too; a deployment name is sanitized", async () => {
    expect(
      await runArgv(
        r({
          DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "true",
          DAGSTER_CLOUD_DEPLOYMENT_NAME: "feat/x.y",
        }),
      ),
    ).toContain("--shadow-suffix=_dagster_feat_x_y");
  });
  it("production gets no shadow flags", async () => {
    expect(await runArgv(r(PROD))).toEqual(["run", "--filter=tenant=acme"]);
    expect(await runArgv(r({}))).toEqual(["run", "--filter=tenant=acme"]);
  });
  it("reads process.env at call time when no env option is given", async () => {
    const res = new RockyResource({ shadowMode: "branch_deploy" });
    const before = { ...process.env };
    try {
      Object.assign(process.env, PR42);
      expect(await runArgv(res)).toContain("--shadow-suffix=_dagster_pr_42");
      process.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT = "0";
      expect(await runArgv(res)).not.toContain("--shadow");
    } finally {
      for (const k of Object.keys(PR42)) {
        if (before[k] === undefined) delete process.env[k];
        else process.env[k] = before[k];
      }
    }
  });
  it("a call's shadowSuffix wins over the derived one", async () => {
    expect(await runArgv(r(PR42), { shadowSuffix: "_mine" })).toContain("--shadow-suffix=_mine");
  });
});

describe('shadowMode "always" and "off"', () => {
  it('"always" uses shadowSuffix, default _rocky_shadow, everywhere', async () => {
    expect(await runArgv(new RockyResource({ shadowMode: "always", env: {} }))).toContain(
      "--shadow-suffix=_rocky_shadow",
    );
    expect(
      await runArgv(new RockyResource({ shadowMode: "always", shadowSuffix: "_s", env: {} })),
    ).toContain("--shadow-suffix=_s");
  });
  it('"off" never shadows, even in a branch deployment', async () => {
    expect(await runArgv(new RockyResource({ shadowMode: "off", env: PR42 }))).toEqual([
      "run",
      "--filter=tenant=acme",
    ]);
  });
  it('"off" still honours an explicit call suffix', async () => {
    expect(await runArgv(new RockyResource({ env: {} }), { shadowSuffix: "_x" })).toContain(
      "--shadow",
    );
  });
});

describe("fail closed: inside a branch deployment no run or plan spawns without a valid suffix", () => {
  class Hooked extends RockyResource {
    constructor(
      private readonly hook: (ctx: ShadowSuffixContext) => unknown,
      options: RockyResourceOptions,
    ) {
      super(options);
    }
    protected override resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
      return this.hook(ctx) as string | null | undefined;
    }
  }
  const branch = (hook: (ctx: ShadowSuffixContext) => unknown) =>
    new Hooked(hook, { shadowMode: "branch_deploy", env: PR42 });

  it.each([
    ["null", () => null, "suffix_required"],
    ["undefined", () => undefined, "suffix_required"],
    ["an empty string", () => "", "invalid_suffix"],
    ["a non-identifier", () => "_pr-42", "invalid_suffix"],
    ["SQL", () => "_x; DROP TABLE t", "invalid_suffix"],
    ["non-ASCII", () => "_é", "invalid_suffix"],
    ["a number", () => 42, "invalid_suffix"],
    ["a promise", () => Promise.resolve("_x"), "invalid_suffix"],
    [
      "a throw",
      () => {
        throw new Error("boom");
      },
      "hook_failed",
    ],
  ])("a hook returning %s is refused (%s)", async (_what, hook, reason) => {
    for (const verb of ["run", "plan"] as const) {
      const err = await shadowError(runArgv(branch(hook), {}, verb));
      expect(err.reason).toBe(reason);
      expect(err.command).toBe(verb);
    }
  });

  it("the hook sees the verb, options, mode and branch info", async () => {
    let seen: ShadowSuffixContext | undefined;
    await runArgv(
      branch((ctx) => {
        seen = ctx;
        return "_ok";
      }),
      { pipeline: "default" },
    );
    expect(seen?.verb).toBe("run");
    expect(seen?.options).toMatchObject({ filter: "tenant=acme", pipeline: "default" });
    expect(seen?.shadowMode).toBe("branch_deploy");
    expect(seen?.branchDeployment.prNumber).toBe("42");
  });

  it("a buildArgs override that drops the shadow flags is refused", async () => {
    class Dropper extends RockyResource {
      protected override buildArgs<V extends Parameters<RockyResource["buildArgs"]>[0]>(
        verb: V,
        options: Parameters<RockyResource["buildArgs"]>[1],
      ): string[] {
        return super.buildArgs(verb, options as never).filter((a) => !a.startsWith("--shadow"));
      }
    }
    const err = await shadowError(runArgv(new Dropper({ shadowMode: "branch_deploy", env: PR42 })));
    expect(err.reason).toBe("args_not_shadowed");
    // ...but the same override is fine in production.
    expect(await runArgv(new Dropper({ shadowMode: "branch_deploy", env: PROD }))).toEqual([
      "run",
      "--filter=tenant=acme",
    ]);
  });

  it("a buildArgs override that smuggles a bad suffix is refused", async () => {
    class Smuggler extends RockyResource {
      protected override buildArgs<V extends Parameters<RockyResource["buildArgs"]>[0]>(
        verb: V,
        options: Parameters<RockyResource["buildArgs"]>[1],
      ): string[] {
        return [...super.buildArgs(verb, options as never), "--shadow-suffix", "x y"];
      }
    }
    const err = await shadowError(
      runArgv(new Smuggler({ shadowMode: "branch_deploy", env: PR42 })),
    );
    expect(err.reason).toBe("args_not_shadowed");
  });
});

describe("apply proves a persisted plan is shadowed before spawning inside a branch deployment", () => {
  const id = "b".repeat(64);
  const write = async (cwd: string, plan: unknown) => {
    await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
    await writeFile(planFilePath(cwd, id), typeof plan === "string" ? plan : JSON.stringify(plan));
  };
  const shadowed = {
    plan_id: id,
    kind: "run",
    payload: { filter: "a=b", shadow: true, shadow_suffix: "_dagster_pr_42" },
  };
  const applyIn = (cwd: string, env: Record<string, string>) =>
    prepareInvocation(new RockyResource({ shadowMode: "branch_deploy", env, cwd }), "apply", {
      planId: id,
    });

  it("a shadowed run plan is applied", async () => {
    const cwd = await tempDir();
    await write(cwd, shadowed);
    expect(verbPart((await applyIn(cwd, PR42)).argv)).toEqual(["apply", id]);
  });
  it("a shadow-schema or branch plan is refused (only this deployment's suffix is accepted)", async () => {
    const cwd = await tempDir();
    await write(cwd, { kind: "run", payload: { shadow: true, shadow_schema: "pr_42" } });
    expect((await shadowError(applyIn(cwd, PR42))).message).toContain('shadow schema "pr_42"');
    await write(cwd, { kind: "run", payload: { shadow: false, branch: "feature-x" } });
    expect((await shadowError(applyIn(cwd, PR42))).message).toContain('branch "feature-x"');
  });
  it.each([
    ["missing", undefined],
    ["not JSON", "{nope"],
    ["an array", "[]"],
    ["unshadowed", { kind: "run", payload: { filter: "a=b", shadow: false, shadow_suffix: null } }],
    ["shadow without suffix", { kind: "run", payload: { shadow: true, shadow_suffix: null } }],
    ["a bad suffix", { kind: "run", payload: { shadow: true, shadow_suffix: "_x; DROP" } }],
    ["a compact plan", { kind: "compact", payload: { shadow: true, shadow_suffix: "_s" } }],
    ["a mismatched id", { plan_id: "c".repeat(64), kind: "run", payload: shadowed.payload }],
    ["no payload", { kind: "run" }],
  ])("a plan that is %s is refused", async (_what, plan) => {
    const cwd = await tempDir();
    if (plan !== undefined) await write(cwd, plan);
    const err = await shadowError(applyIn(cwd, PR42));
    expect(err.reason).toBe("plan_not_shadowed");
  });
  it("production applies any plan without reading it", async () => {
    const cwd = await tempDir();
    await expect(applyIn(cwd, PROD)).resolves.toBeDefined();
  });
});

describe("shadowContext() tells an app what will happen", () => {
  it("in a PR deployment", () => {
    const ctx = new RockyResource({ shadowMode: "branch_deploy", env: PR42 }).shadowContext();
    expect(ctx).toMatchObject({
      shadowMode: "branch_deploy",
      shadowRequired: true,
      suffix: "_dagster_pr_42",
    });
    expect(ctx.branchDeployment.isBranchDeployment).toBe(true);
  });
  it("in production", () => {
    expect(
      new RockyResource({ shadowMode: "branch_deploy", env: PROD }).shadowContext(),
    ).toMatchObject({
      shadowRequired: false,
      suffix: null,
    });
  });
});

describe('shadowMode "preview" uses the listed detectors', () => {
  it("a GitHub Actions pull request", async () => {
    const r = new RockyResource({
      shadowMode: "preview",
      previewDetectors: ["github_actions"],
      env: {
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_REF: "refs/pull/17/merge",
      },
    });
    expect(await runArgv(r)).toContain("--shadow-suffix=_gha_pr_17");
  });
  it("defaults to dagster_plus only", async () => {
    const r = new RockyResource({
      shadowMode: "preview",
      env: { ...PR42, GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request" },
    });
    expect(await runArgv(r)).toContain("--shadow-suffix=_dagster_pr_42");
  });
  it("no preview: production", async () => {
    const r = new RockyResource({
      shadowMode: "preview",
      previewDetectors: ["vercel"],
      env: { VERCEL_ENV: "production" },
    });
    expect(await runArgv(r)).toEqual(["run", "--filter=tenant=acme"]);
  });
});

describe("compare uses run's suffix and refuses without one", () => {
  it("in a PR deployment", async () => {
    const r = new RockyResource({ shadowMode: "branch_deploy", env: PR42 });
    expect(
      (await prepareInvocation(r, "compare", { filter: "tenant=acme" })).argv.slice(3),
    ).toEqual(["compare", "--filter=tenant=acme", "--shadow-suffix=_dagster_pr_42"]);
  });
  it("thresholds travel as JSON; shadowSchema replaces the suffix", async () => {
    const r = new RockyResource({ env: {} });
    expect(
      (
        await prepareInvocation(r, "compare", {
          filter: "a=b",
          shadowSchema: "pr_schema",
          thresholds: { row_count_diff_pct_warn: 0.01, row_count_diff_pct_fail: 0.05 },
        })
      ).argv.slice(3),
    ).toEqual([
      "compare",
      "--filter=a=b",
      "--shadow-schema=pr_schema",
      '--thresholds={"row_count_diff_pct_warn":0.01,"row_count_diff_pct_fail":0.05}',
    ]);
  });
  it("production without a suffix is refused", async () => {
    const err = await shadowError(
      prepareInvocation(new RockyResource({ shadowMode: "branch_deploy", env: PROD }), "compare", {
        filter: "a=b",
      }),
    );
    expect(err.reason).toBe("suffix_required");
  });
});
