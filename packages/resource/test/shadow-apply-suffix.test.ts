import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computePlanId } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../src/index.js";
import { sim, tempDir } from "./helpers.js";

// A persisted plan replays its own shadow flags. Where shadowing is required, apply accepts only a
// plan shadowed with the suffix this deployment uses now: a plan made for PR 7 would write PR 7's
// tables from PR 42, a shadow_schema can name any schema (production included), and a plan without
// --shadow writes production.

const PR = (n: number) => ({
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: String(n),
});

async function setup() {
  const s = await sim();
  const cwd = await tempDir();
  const make = (options: RockyResourceOptions = {}) =>
    new RockyResource({ binaryPath: s.binaryPath, cwd, env: {}, ...options });
  const spawned = async (verb: string) =>
    (await s.invocations()).filter((i) => i.verb === verb).map((i) => i.argv);
  /** A run plan file as rocky writes it (blake3 id over `{kind, payload}`, plan_store.rs). */
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

async function refusal(p: Promise<unknown>): Promise<RockyShadowError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyShadowError);
  expect((err as RockyShadowError).code).toBe("PLAN_NOT_SHADOWED");
  return err as RockyShadowError;
}

describe("apply where shadowing is required accepts only this deployment's suffix", () => {
  it("a plan made in PR 42 applies in PR 42 and writes PR 42's tables", async () => {
    const { make, spawned } = await setup();
    const r = make({ shadowMode: "branch_deploy", env: PR(42) });
    const { plan_id } = await r.plan({ filter: "tenant=acme" });
    const out = (await r.apply(plan_id as string)) as {
      materializations: { metadata: { target_table_full_name?: string | null } }[];
    };
    for (const m of out.materializations)
      expect(m.metadata.target_table_full_name).toMatch(/_dagster_pr_42$/);
    expect(await spawned("apply")).toHaveLength(1);
  });

  it("a plan made in PR 7 is refused in PR 42, naming the suffix found and the one expected", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make({ shadowMode: "branch_deploy", env: PR(7) }).plan({
      filter: "tenant=acme",
    });
    const r42 = make({ shadowMode: "branch_deploy", env: PR(42) });
    const err = await refusal(r42.apply(plan_id as string));
    expect(err.message).toContain('shadow suffix "_dagster_pr_7"');
    expect(err.message).toContain('"_dagster_pr_42"');
    expect(await spawned("apply")).toEqual([]);
  });

  it("a plan made in production (no --shadow) is refused as not shadowed", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make({ shadowMode: "branch_deploy" }).plan({ filter: "tenant=acme" });
    const err = await refusal(
      make({ shadowMode: "branch_deploy", env: PR(42) }).apply(plan_id as string),
    );
    expect(err.message).toContain("not shadowed");
    expect(await spawned("apply")).toEqual([]);
  });

  it("a plan with shadow_schema is refused, naming the schema (it could be a production one)", async () => {
    const { make, spawned, writeRunPlan } = await setup();
    const id = await writeRunPlan({
      filter: "tenant=acme",
      shadow: true,
      shadow_suffix: "_dagster_pr_42",
      shadow_schema: "staging__acme",
    });
    const err = await refusal(make({ shadowMode: "branch_deploy", env: PR(42) }).apply(id));
    expect(err.message).toContain('shadow schema "staging__acme"');
    expect(await spawned("apply")).toEqual([]);
  });

  it("a branch plan is refused, naming the branch", async () => {
    const { make, spawned, writeRunPlan } = await setup();
    const id = await writeRunPlan({ filter: "tenant=acme", shadow: false, branch: "feature_x" });
    const err = await refusal(make({ shadowMode: "branch_deploy", env: PR(42) }).apply(id));
    expect(err.message).toContain('branch "feature_x"');
    expect(await spawned("apply")).toEqual([]);
  });

  it("shadowMode always: rocky's default _rocky_shadow plan applies, another suffix does not", async () => {
    const { make, spawned } = await setup();
    const always = make({ shadowMode: "always" });
    const { plan_id } = await always.plan({ filter: "tenant=acme" });
    await always.apply(plan_id as string);
    const custom = await always.plan({ filter: "tenant=acme", shadowSuffix: "_mine" });
    const err = await refusal(always.apply(custom.plan_id as string));
    expect(err.message).toContain('shadow suffix "_mine"');
    expect(await spawned("apply")).toHaveLength(1);
  });

  it("a subclass hook's suffix is the one expected", async () => {
    const { make, cwd, s, spawned } = await setup();
    class Hooked extends RockyResource {
      protected override resolveShadowSuffix(): string {
        return "_team_a";
      }
    }
    const r = new Hooked({ binaryPath: s.binaryPath, cwd, shadowMode: "always", env: {} });
    const { plan_id } = await r.plan({ filter: "tenant=acme" });
    await r.apply(plan_id as string);
    const other = await make({ shadowMode: "always" }).plan({ filter: "tenant=acme" });
    const err = await refusal(r.apply(other.plan_id as string));
    expect(err.message).toContain('"_rocky_shadow"');
    expect(await spawned("apply")).toHaveLength(1);
  });

  it("outside a deployment that requires shadowing, any plan applies", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make({ shadowMode: "branch_deploy", env: PR(7) }).plan({
      filter: "tenant=acme",
    });
    const prod = await make({ shadowMode: "branch_deploy" }).plan({ filter: "tenant=acme" });
    await make({ shadowMode: "branch_deploy" }).apply(plan_id as string);
    await make({ shadowMode: "branch_deploy" }).apply(prod.plan_id as string);
    expect(await spawned("apply")).toHaveLength(2);
  });
});

describe("a shadowed plan applied without a suffix is still a shadowed write", () => {
  // A production worker handed a PR's plan id: rocky replays the plan's --shadow, so the tables
  // are the PR's; its state (watermarks, history, idempotency stamps) must be the PR's too.
  const statePathOf = (argv: readonly string[] | undefined) =>
    argv?.find((a) => a.startsWith("--state-path="));

  it("PR 7's plan applied by a production resource uses PR 7's state file, not production's", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make({ shadowMode: "branch_deploy", env: PR(7) }).plan({
      filter: "tenant=acme",
    });
    const out = await make().apply(plan_id as string);
    const [argv] = await spawned("apply");
    expect(statePathOf(argv)).toBe("--state-path=.rocky-state/shadow_dagster_pr_7.redb");
    expect(out.shadowSuffix).toBe("_dagster_pr_7");
  });

  it("the same, with shadowMode off: the plan decides, not the mode", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make({ shadowMode: "always" }).plan({ filter: "tenant=acme" });
    await make({ shadowMode: "off" }).apply(plan_id as string);
    expect(statePathOf((await spawned("apply"))[0])).toBe(
      "--state-path=.rocky-state/shadow_rocky_shadow.redb",
    );
  });

  it("a production plan applied in production keeps production's state (no --state-path)", async () => {
    const { make, spawned } = await setup();
    const { plan_id } = await make().plan({ filter: "tenant=acme" });
    const out = await make().apply(plan_id as string);
    expect(statePathOf((await spawned("apply"))[0])).toBeUndefined();
    expect(out.shadowSuffix).toBeNull();
  });

  it("a shadowed plan whose idempotency key was not namespaced is refused (it would claim production's key)", async () => {
    const { make, spawned, writeRunPlan } = await setup();
    const id = await writeRunPlan({
      filter: "tenant=acme",
      shadow: true,
      shadow_suffix: "_dagster_pr_7",
      idempotency_key: "nightly",
    });
    const err = await make()
      .apply(id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("STATE_NOT_ISOLATED");
    expect(await spawned("apply")).toEqual([]);
  });
});

describe("plan ids are normalised to lower case", () => {
  it("an upper-case id finds rocky's lower-case plan file and reaches rocky lower-cased", async () => {
    const { make, spawned } = await setup();
    const r = make({ shadowMode: "branch_deploy", env: PR(42) });
    const { plan_id } = await r.plan({ filter: "tenant=acme" });
    const id = plan_id as string;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await r.apply(id.toUpperCase());
    const [argv] = await spawned("apply");
    expect(argv?.at(-1)).toBe(id);
    expect(argv).not.toContain(id.toUpperCase());
  });

  it("in production too", async () => {
    const { make, spawned } = await setup();
    const r = make();
    const { plan_id } = await r.plan({ filter: "tenant=acme" });
    await r.apply((plan_id as string).toUpperCase());
    expect((await spawned("apply"))[0]?.at(-1)).toBe(plan_id);
  });
});
