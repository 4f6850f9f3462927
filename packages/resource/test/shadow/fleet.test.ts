// A call with a suffix is a shadowed write, whatever put the suffix there: a fleet worker whose
// own environment is production runs a PR's job under the PR's rules (final argv, quality
// pipeline, engine floor, state isolation), apply names the suffix it acts for, and promotions
// and approvals are refused when a call names one. Real processes through rocky-sim (not rocky).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computePlanId, DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type RockyVerb,
  type ShadowSuffixContext,
  type VerbArgsOptions,
} from "../../src/index.js";
import { sim, tempDir, verbPart, writeProject } from "../helpers.js";

const SUFFIX = "_dagster_pr_42";
const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
/** The assumed replication project, with its pipeline renamed `p`. */
const REPLICATION = DEFAULT_PROJECT_TOML.replaceAll("[pipeline.default", "[pipeline.p");
/** The same project after someone turned pipeline `p` into a quality pipeline. */
const QUALITY_P = `[pipeline.p]
type = "quality"

[pipeline.p.target]
adapter = "default"
catalog_template = "warehouse"
schema_template = "staging__{tenant}"
`;

async function worker(scenario = {}, toml = REPLICATION) {
  const s = await sim({ assumeConfig: false, ...scenario });
  const cwd = await tempDir();
  await writeProject(cwd, toml);
  const make = (options: RockyResourceOptions = {}) =>
    // A fleet worker: its own environment is production, the default shadowMode.
    new RockyResource({ binaryPath: s.binaryPath, cwd, env: { PATH: "/usr/bin" }, ...options });
  const spawned = async () =>
    (await s.invocations()).filter((i) => i.verb !== null).map((i) => i.argv);
  const writeRunPlan = async (payload: Record<string, unknown>) => {
    const id = await computePlanId("run", payload as Parameters<typeof computePlanId>[1]);
    await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
    await writeFile(
      join(cwd, ".rocky", "plans", `${id}.json`),
      JSON.stringify({ plan_id: id, kind: "run", format_version: 1, principal: "human", payload }),
    );
    return id;
  };
  return { s, cwd, make, spawned, writeRunPlan };
}

async function shadowError(p: Promise<unknown>): Promise<RockyShadowError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyShadowError);
  return err as RockyShadowError;
}

describe("a run with a call suffix on a production worker gets every guard", () => {
  it("a quality pipeline is refused (rocky would ignore --shadow and act on production)", async () => {
    const { make, spawned } = await worker({}, QUALITY_P);
    for (const call of [
      () => make().run({ filter: "tenant=acme", shadowSuffix: SUFFIX }),
      () => make().plan({ filter: "tenant=acme", shadowSuffix: SUFFIX }),
      () => make().resumeRun({ filter: "tenant=acme", shadowSuffix: SUFFIX }),
    ]) {
      expect((await shadowError(call())).code).toBe("PIPELINE_NOT_SHADOWABLE");
    }
    expect(await spawned()).toEqual([]);
  });

  it("a buildArgs override that drops the flags is refused by the final-argv check", async () => {
    class Dropping extends RockyResource {
      protected override buildArgs<V extends RockyVerb>(
        verb: V,
        options: VerbArgsOptions[V],
      ): string[] {
        return super.buildArgs(verb, options).filter((t) => t !== "--shadow");
      }
    }
    const { s, cwd, spawned } = await worker();
    const r = new Dropping({ binaryPath: s.binaryPath, cwd, env: {} });
    const err = await shadowError(r.run({ filter: "tenant=acme", shadowSuffix: SUFFIX }));
    expect(err.code).toBe("ARGS_NOT_SHADOWED");
    expect(await spawned()).toEqual([]);
  });

  it("a suffix from the resolveShadowSuffix hook is a shadowed write too", async () => {
    class Hooked extends RockyResource {
      protected override resolveShadowSuffix(_ctx: ShadowSuffixContext): string {
        return SUFFIX;
      }
    }
    const { s, cwd, spawned } = await worker({}, QUALITY_P);
    const r = new Hooked({ binaryPath: s.binaryPath, cwd, env: {} });
    expect((await shadowError(r.run({ filter: "tenant=acme" }))).code).toBe(
      "PIPELINE_NOT_SHADOWABLE",
    );
    expect(await spawned()).toEqual([]);
  });

  it("a replication run passes, shadowed, on its own state file", async () => {
    const { make, spawned } = await worker();
    await make().run({ filter: "tenant=acme", shadowSuffix: SUFFIX });
    expect(await spawned()).toEqual([
      [
        "--config=rocky.toml",
        `--state-path=.rocky-state/shadow${SUFFIX}.redb`,
        "--output",
        "json",
        "run",
        "--filter=tenant=acme",
        "--shadow",
        `--shadow-suffix=${SUFFIX}`,
      ],
    ]);
  });
});

// Correct before, unpinned: a mutant that skipped the guard for resumeRun, or applied it to a
// model-only runModel, survived the suite. These pin both ways.
describe("the quality guard on resumeRun and runModel (pinned)", () => {
  it("resumeRun has no pipeline: rocky selects the only pipeline, a quality one, so it is refused", async () => {
    const { make, spawned } = await worker({ runs: ["run-a"] }, QUALITY_P);
    const r = make({ shadowMode: "branch_deploy", env: PR42 });
    for (const call of [
      () => r.resumeRun({ filter: "tenant=acme" }),
      () => r.resumeRun("run-a", { filter: "tenant=acme" }),
    ]) {
      const err = await shadowError(call());
      expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
      expect(err.command).toBe("run"); // rocky's verb, as for run()
    }
    expect(await spawned()).toEqual([]);
  });

  it("runModel without a pipeline never reaches the quality arm: not read, not refused", async () => {
    const { make, spawned } = await worker({}, QUALITY_P);
    // Whatever rocky answers, the SDK let it through, shadowed.
    await make({ shadowMode: "branch_deploy", env: PR42 })
      .runModel("orders")
      .catch(() => undefined);
    const argvs = await spawned();
    expect(argvs.map(verbPart)).toEqual([
      ["run", "--model=orders", "--models=models", "--shadow", `--shadow-suffix=${SUFFIX}`],
    ]);
  });

  it("runModel with a quality pipeline is refused", async () => {
    const { make, spawned } = await worker({}, QUALITY_P);
    const err = await shadowError(
      make({ shadowMode: "branch_deploy", env: PR42 }).runModel("orders", { pipeline: "p" }),
    );
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(await spawned()).toEqual([]);
  });
});

describe("apply(planId, { shadowSuffix }): the plan guard with the suffix the call names", () => {
  it("on a production worker, a plan shadowed for that suffix applies (and its state is isolated)", async () => {
    const { make, spawned, writeRunPlan } = await worker();
    const id = await writeRunPlan({ filter: "tenant=acme", shadow: true, shadow_suffix: SUFFIX });
    await make().apply(id, { shadowSuffix: SUFFIX });
    expect(await spawned()).toEqual([
      [
        "--config=rocky.toml",
        `--state-path=.rocky-state/shadow${SUFFIX}.redb`,
        "--output",
        "json",
        "apply",
        id,
      ],
    ]);
  });

  it("another PR's plan, or a production plan, is refused for the named suffix", async () => {
    const { make, spawned, writeRunPlan } = await worker();
    const other = await writeRunPlan({
      filter: "tenant=acme",
      shadow: true,
      shadow_suffix: "_dagster_pr_7",
    });
    const prod = await writeRunPlan({ filter: "tenant=acme" });
    for (const id of [other, prod]) {
      const err = await shadowError(make().apply(id, { shadowSuffix: SUFFIX }));
      expect(err.code).toBe("PLAN_NOT_SHADOWED");
    }
    // Without a suffix, the production worker applies the production plan as before.
    await make().apply(prod);
    expect((await spawned()).map(verbPart)).toEqual([["apply", prod]]);
  });

  it("the suffix is not sent to rocky (apply takes no shadow flags)", async () => {
    const { make, writeRunPlan, spawned } = await worker();
    const id = await writeRunPlan({ filter: "tenant=acme", shadow: true, shadow_suffix: SUFFIX });
    await make({ env: PR42 }).apply(id, { shadowSuffix: SUFFIX });
    expect((await spawned()).map(verbPart)).toEqual([["apply", id]]);
  });
});

describe("apply checks the plan's pipeline against the current config (rocky resolves it there)", () => {
  const shadowedPlan = { filter: "tenant=acme", shadow: true, shadow_suffix: SUFFIX };

  it("a plan made while p was replication is refused once p is a quality pipeline", async () => {
    const { cwd, make, spawned, writeRunPlan } = await worker();
    const named = await writeRunPlan({ ...shadowedPlan, pipeline: "p" });
    const unnamed = await writeRunPlan(shadowedPlan);
    await writeProject(cwd, QUALITY_P);
    for (const r of [make({ env: PR42 }), make()]) {
      for (const id of [named, unnamed]) {
        const err = await shadowError(r.apply(id, { shadowSuffix: SUFFIX }));
        expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
        expect(err.command).toBe("apply");
      }
    }
    expect(await spawned()).toEqual([]);
  });

  it("a pipeline no longer defined, or several without a name: cannot tell, refused", async () => {
    const { cwd, make, spawned, writeRunPlan } = await worker();
    const named = await writeRunPlan({ ...shadowedPlan, pipeline: "gone" });
    expect((await shadowError(make({ env: PR42 }).apply(named))).code).toBe("PIPELINE_UNKNOWN");
    const unnamed = await writeRunPlan(shadowedPlan);
    const two = `${REPLICATION}\n${REPLICATION.replaceAll("[pipeline.p", "[pipeline.q").replace(/\[adapter\.default\][^[]*/, "")}`;
    await writeProject(cwd, two);
    expect((await shadowError(make({ env: PR42 }).apply(unnamed))).code).toBe("PIPELINE_UNKNOWN");
    expect(await spawned()).toEqual([]);
  });

  it("a plan whose pipeline is still replication applies", async () => {
    const { make, spawned, writeRunPlan } = await worker();
    const id = await writeRunPlan({ ...shadowedPlan, pipeline: "p" });
    await make({ env: PR42 }).apply(id);
    expect((await spawned()).map(verbPart)).toEqual([["apply", id]]);
  });
});

describe("promotions and approvals are refused when the call names a suffix", () => {
  it.each([
    ["branchPromote", (r: RockyResource) => r.branchPromote("feature", { shadowSuffix: SUFFIX })],
    ["planPromote", (r: RockyResource) => r.planPromote("feature", { shadowSuffix: SUFFIX })],
    ["branchApprove", (r: RockyResource) => r.branchApprove("feature", { shadowSuffix: SUFFIX })],
    ["productApprove", (r: RockyResource) => r.productApprove("orders", { shadowSuffix: SUFFIX })],
  ] as const)(
    "%s on a production worker: REFUSED_WHEN_SHADOWED, nothing spawned",
    async (method, call) => {
      const { make, spawned } = await worker();
      const err = await shadowError(call(make()));
      expect(err.code).toBe("REFUSED_WHEN_SHADOWED");
      expect(err.command).toBe(method);
      expect(err.message).toContain(`names shadow suffix "${SUFFIX}"`);
      expect(await spawned()).toEqual([]);
    },
  );

  it("a suffix that is not an identifier is an option error, not a pass", async () => {
    const { make } = await worker();
    const err = await make()
      .branchPromote("feature", { shadowSuffix: "_pr-42" })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("RockyConfigError");
  });
});
