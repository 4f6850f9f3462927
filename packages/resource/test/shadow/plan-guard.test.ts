// apply() in a branch deployment: the persisted plan must be proven to be a run (or
// replication) plan shadowed with exactly the suffix in force. Each refusal, unit by unit, then
// through the resource and rocky-sim (this deployment's suffix only, a plan applied without a
// suffix in force, plan ids normalised).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computePlanId } from "@dagster-rocky/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../../src/index.js";
import { assertPlanShadowed, planFilePath } from "../../src/shadow/plan-guard.js";
import { describeShadowTarget, planShadowMismatch } from "../../src/shadow/plan-suffix.js";
import { sim, tempDir } from "../helpers.js";

const SUFFIX = "_dagster_pr_42";
const EXPECTED = `it must be shadowed with suffix "${SUFFIX}", the suffix this deployment uses`;
const ID = "0123abcd";

describe("describeShadowTarget: what a plan payload targets, in words", () => {
  it.each([
    [{ branch: "feat" }, 'branch "feat"'],
    [{ branch: "feat", shadow: true, shadow_suffix: SUFFIX }, 'branch "feat"'],
    [{ shadow_schema: "prod" }, 'shadow schema "prod" (without --shadow)'],
    [{ shadow_schema: "s", shadow: true }, 'shadow schema "s"'],
    [{ shadow_schema: "s", shadow: "true" }, 'shadow schema "s" (without --shadow)'],
    [{}, "not shadowed (it writes production tables)"],
    [{ shadow: false, shadow_suffix: SUFFIX }, "not shadowed (it writes production tables)"],
    [{ shadow: true }, "shadow suffix (none: rocky's default)"],
    [{ shadow: true, shadow_suffix: null }, "shadow suffix (none: rocky's default)"],
    [{ shadow: true, shadow_suffix: "_x" }, 'shadow suffix "_x"'],
    [
      { branch: null, shadow_schema: null, shadow: true, shadow_suffix: "_x" },
      'shadow suffix "_x"',
    ],
  ])("%j → %s", (payload, words) => {
    expect(describeShadowTarget(payload)).toBe(words);
  });
});

describe("planShadowMismatch: only shadow + exactly this suffix, and nothing else", () => {
  it("the suffix in force, and nothing else: accepted", () => {
    expect(planShadowMismatch({ shadow: true, shadow_suffix: SUFFIX }, SUFFIX)).toBeNull();
    expect(
      planShadowMismatch(
        { shadow: true, shadow_suffix: SUFFIX, branch: null, shadow_schema: null },
        SUFFIX,
      ),
    ).toBeNull();
  });
  it.each([
    [
      { shadow: true, shadow_suffix: SUFFIX, branch: "feat" },
      `it targets branch "feat"; ${EXPECTED}`,
    ],
    [
      { shadow: true, shadow_suffix: SUFFIX, shadow_schema: "s" },
      `it targets shadow schema "s"; ${EXPECTED}`,
    ],
    [{ shadow_suffix: SUFFIX }, `it is not shadowed (it writes production tables); ${EXPECTED}`],
    [
      { shadow: "true", shadow_suffix: SUFFIX },
      `it is not shadowed (it writes production tables); ${EXPECTED}`,
    ],
    [
      { shadow: true, shadow_suffix: "_dagster_pr_7" },
      `it targets shadow suffix "_dagster_pr_7"; ${EXPECTED}`,
    ],
    [{ shadow: true }, `it targets shadow suffix (none: rocky's default); ${EXPECTED}`],
  ])("%j is refused: %s", (payload, why) => {
    expect(planShadowMismatch(payload, SUFFIX)).toBe(why);
  });
});

describe("assertPlanShadowed: the plan file, read and proven before apply spawns", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "rocky-plan-guard-"));
    await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  const write = (content: string, id = ID) => writeFile(planFilePath(cwd, id), content);
  const refusal = async (why: string, id = ID) => {
    const err = await assertPlanShadowed(cwd, id, SUFFIX).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyShadowError);
    const e = err as RockyShadowError;
    expect(e.code).toBe("PLAN_NOT_SHADOWED");
    expect(e.command).toBe("apply");
    expect(e.message).toBe(
      `refusing to apply plan ${id} for a shadowed deployment: ${why} (${planFilePath(cwd, id)}). Re-create the plan with plan() from this deployment so it targets shadow tables.`,
    );
    return e;
  };
  const run = (payload: unknown, extra: object = {}) =>
    JSON.stringify({ plan_id: ID, kind: "run", payload, ...extra });

  it("a run or replication plan shadowed with this suffix passes; its payload is returned", async () => {
    await write(run({ shadow: true, shadow_suffix: SUFFIX, pipeline: "p" }));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
      pipeline: "p",
    });
    await write(
      JSON.stringify({
        plan_kind: "replication",
        payload: { shadow: true, shadow_suffix: SUFFIX },
      }),
    );
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
    });
  });
  it("a shadowed plan whose idempotency key is not namespaced for the suffix is refused (it would claim production's key)", async () => {
    for (const key of ["k", "shadow_dagster_pr_9:k", `shadow${SUFFIX}`, ""]) {
      await write(run({ shadow: true, shadow_suffix: SUFFIX, idempotency_key: key }));
      const e = await assertPlanShadowed(cwd, ID, SUFFIX).then(
        () => null,
        (err: unknown) => err as RockyShadowError,
      );
      expect(e?.code, key).toBe("STATE_NOT_ISOLATED");
      expect(e?.message).not.toContain(`"${key}"`);
    }
    await write(run({ shadow: true, shadow_suffix: SUFFIX, idempotency_key: `shadow${SUFFIX}:k` }));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toMatchObject({
      idempotency_key: `shadow${SUFFIX}:k`,
    });
  });
  it("a missing file cannot be read (the cause kept)", async () => {
    const e = await refusal("the persisted plan could not be read");
    expect((e.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
  it("a directory where the plan should be cannot be read", async () => {
    await mkdir(planFilePath(cwd, ID));
    await refusal("the persisted plan could not be read");
  });
  it("a file over 32 MiB is not read", async () => {
    await write(" ".repeat(32 * 1024 * 1024 + 1));
    await refusal(`the plan file is larger than ${32 * 1024 * 1024} bytes`);
  });
  it("exactly 32 MiB is read (and judged on its content)", async () => {
    const body = run({ shadow: true, shadow_suffix: SUFFIX });
    await write(body + " ".repeat(32 * 1024 * 1024 - body.length));
    await expect(assertPlanShadowed(cwd, ID, SUFFIX)).resolves.toEqual({
      shadow: true,
      shadow_suffix: SUFFIX,
    });
  });
  it("not JSON (the parse error kept as cause)", async () => {
    await write("{ nope");
    const e = await refusal("the persisted plan is not valid JSON");
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });
  it.each(["[]", "null", "42", '"run"'])("%s is not an object", async (text) => {
    await write(text);
    await refusal("the persisted plan is not an object");
  });
  it("a plan_id that is not the one asked for", async () => {
    await write(run({ shadow: true, shadow_suffix: SUFFIX }, { plan_id: "ffff" }));
    await refusal("the plan file's plan_id does not match");
  });
  it.each([
    ["promote", "it copies branch tables over production"],
    ["compact", "it rewrites production tables"],
    ["archive", "it moves production rows"],
    ["gc", "it evicts stored artifacts"],
    ["restore", "it restores stored artifacts"],
    ["ai_authored", "its payload carries no shadow routing"],
    ["backfill", "its payload carries no shadow routing"],
  ])("a %s plan is never provable: %s", async (kind, why) => {
    await write(JSON.stringify({ kind, payload: { shadow: true, shadow_suffix: SUFFIX } }));
    await refusal(
      `it is a "${kind}" plan (${why}), and only a run plan can be proven to target shadow tables`,
    );
  });
  it.each([
    ["an unknown kind", { kind: "vacuum" }, '"vacuum"'],
    ["no kind", {}, "undefined"],
    ["a kind named like an Object method", { kind: "toString" }, '"toString"'],
    ["a non-string kind", { kind: 1 }, "1"],
  ])("%s is refused, with no reason given", async (_, fields, shown) => {
    await write(JSON.stringify({ ...fields, payload: { shadow: true, shadow_suffix: SUFFIX } }));
    await refusal(
      `it is a ${shown} plan, and only a run plan can be proven to target shadow tables`,
    );
  });
  it.each([
    ["no payload", undefined],
    ["a null payload", null],
    ["an array payload", [1]],
    ["a string payload", "x"],
  ])("%s", async (_, payload) => {
    await write(run(payload));
    await refusal("the plan has no payload");
  });
  it("a payload shadowed otherwise names what it targets", async () => {
    await write(run({ shadow: true, shadow_suffix: "_dagster_pr_7" }));
    await refusal(`it targets shadow suffix "_dagster_pr_7"; ${EXPECTED}`);
  });
});

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
