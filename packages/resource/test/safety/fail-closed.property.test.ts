/**
 * Fail-closed property: for any environment, options and subclass, a run or
 * plan either throws a typed error before spawning or spawns exactly the argv
 * the rules give; inside a shadowed deployment that argv always carries
 * `--shadow` and identifier suffixes. The same for apply and persisted plans.
 * Real processes use the rocky simulator (@dagster-rocky/testing), not rocky.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computePlanId, DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isRockyError,
  RockyConfigError,
  RockyError,
  RockyResource,
  RockyShadowError,
} from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { planFilePath } from "../../src/shadow/plan-guard.js";
import { loadAllVerbs, type RockyVerb } from "../../src/verbs/index.js";

const VERBS = await loadAllVerbs();

import { sim, tempDir, writeProject } from "../helpers.js";
import {
  type ApplySeamCase,
  alterArb,
  anyString,
  applySeamArb,
  applySeamExpected,
  applySeamPayload,
  badSuffixArb,
  branchSuffix,
  type Case,
  callOptions,
  carriesShadowTarget,
  caseArb,
  DEFAULT_MODE,
  detectionRefuses,
  type Expected,
  envArb,
  envNoNulArb,
  expected,
  GLOBALS,
  globalsFor,
  hookArb,
  identArb,
  isBranchEnv,
  isIdent,
  isKnownPolicy,
  isShadowedArgv,
  KNOWN_POLICIES,
  minimalOptions,
  optionKeys,
  resolversArb,
  resolverVerdict,
  resourceOptions,
  SEAM_SUFFIX,
  SeamSubject,
  Subject,
  seamCall,
  seamCaseArb,
  seamEnvs,
  seamExpected,
  seamOptions,
  shadowKey,
  shadowRequired,
  takesOption,
  type VerbCase,
  VerbSubject,
  WRITE_POLICIES,
} from "./model.js";

// Seeded: every run draws the same cases, so a failure reproduces (fast-check prints the path).
const SEED = 17_017;
fc.configureGlobal({ seed: SEED });

type Outcome = { argv: string[] } | { error: unknown };

async function outcome(
  make: () => RockyResource,
  verb: Parameters<typeof prepareInvocation>[1],
  call: unknown,
): Promise<Outcome> {
  try {
    return { argv: (await prepareInvocation(make(), verb, call)).argv };
  } catch (error) {
    return { error };
  }
}

function checkAgainstModel(c: Case, got: Outcome, want: Expected): void {
  if ("argv" in want) {
    if (!("argv" in got))
      throw new Error(
        `expected argv ${JSON.stringify(want.argv)}, got ${String((got.error as Error)?.stack ?? got.error)}`,
      );
    expect(got.argv).toEqual(want.argv);
  } else {
    if (!("error" in got))
      throw new Error(`expected ${JSON.stringify(want)}, got argv ${JSON.stringify(got.argv)}`);
    expect(got.error).toBeInstanceOf(RockyError);
    expect((got.error as Error).name).toBe(want.error);
    if (want.error === "RockyShadowError")
      expect((got.error as RockyShadowError).reason).toBe(want.reason);
    if (want.error === "RockyConfigError") expect(got.error).toBeInstanceOf(RockyConfigError);
  }
  // The headline guarantee, independent of the exact model: a shadowed deployment never spawns unshadowed.
  if (shadowRequired(c) && "argv" in got) expect(isShadowedArgv(got.argv)).toBe(true);
  if (isBranchEnv(c.env) && c.mode === "branch_deploy" && "argv" in got) {
    expect(got.argv).toContain("--shadow");
    expect(
      got.argv.some((t) => /^--shadow-suffix=[A-Za-z0-9_]+$/.test(t) || t === "--shadow-suffix"),
    ).toBe(true);
  }
}

const stats = { cases: 0, spawned: 0, refused: 0, branch: 0, applyCases: 0 };

describe("fail closed: run and plan (argv builder, >= 10,000 cases)", () => {
  it("every case throws a typed error or yields exactly the rules' argv; shadowed deployments always shadow", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const got = await outcome(() => new Subject(c, resourceOptions(c)), c.verb, callOptions(c));
        checkAgainstModel(c, got, expected(c));
        stats.cases++;
        if ("argv" in got) stats.spawned++;
        else stats.refused++;
        if (isBranchEnv(c.env)) stats.branch++;
      }),
      { numRuns: 10_000 },
    );
    expect(stats.cases).toBe(10_000);
    // The generator must exercise both sides, and branch deployments a lot.
    expect(stats.spawned).toBeGreaterThan(1_000);
    expect(stats.refused).toBeGreaterThan(1_000);
    expect(stats.branch).toBeGreaterThan(1_000);
  });

  it("focused: Dagster+ branch deployment, shadowMode branch_deploy, default hooks: always _dagster_... suffixes", async () => {
    const branchEnv = fc
      .tuple(fc.constantFrom("1", "true", "TRUE", " 1", "True\n"), envNoNulArb)
      .map(([flag, env]) => ({ ...env, DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: flag }));
    await fc.assert(
      fc.asyncProperty(branchEnv, fc.constantFrom("run", "plan"), async (env, verb) => {
        const { argv } = await prepareInvocation(
          new RockyResource({ shadowMode: "branch_deploy", env }),
          verb,
          {
            filter: "tenant=acme",
          },
        );
        const suffix = branchSuffix(env) as string;
        expect(argv).toEqual([
          ...globalsFor(suffix),
          verb,
          "--filter=tenant=acme",
          "--shadow",
          `--shadow-suffix=${suffix}`,
        ]);
        expect(suffix).toMatch(/^_dagster_[A-Za-z0-9_]+$/);
      }),
      { numRuns: 1_000 },
    );
  });
});

// ---------------------------------------------------------------- processes

describe("fail closed through real processes (simulator, 250 cases, 8 at a time)", () => {
  it("refusals spawn nothing; every spawn's recorded argv is exactly the rules' argv", async () => {
    const s = await sim();
    const root = await tempDir();
    // NUL cannot travel in a real environment block; that case is covered in faults.test.ts.
    const noNul = (c: Case) => Object.values(c.env).every((v) => !v.includes("\u0000"));
    // Weighted towards cases the rules let through, so that most of them really spawn.
    const spawnable = caseArb.filter((c) => "argv" in expected(c));
    const cases = fc.sample(fc.oneof({ weight: 3, arbitrary: spawnable }, caseArb).filter(noNul), {
      numRuns: 250,
    });
    let spawned = 0;
    let refused = 0;
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c, j) => {
          const cwd = join(root, `c${i + j}`);
          await mkdir(cwd);
          await writeProject(cwd);
          const want = expected(c);
          let error: unknown = null;
          try {
            const r = new Subject(c, resourceOptions(c, { binaryPath: s.binaryPath, cwd }));
            await (c.verb === "run"
              ? r.run(callOptions(c) as never)
              : r.plan(callOptions(c) as never));
          } catch (e) {
            error = e;
          }
          const mine = (await s.invocations()).filter(
            (inv) => inv.cwd === cwd && inv.argv[0] !== "--version",
          );
          if ("argv" in want) {
            spawned++;
            expect(mine.map((inv) => inv.argv)).toEqual([want.argv]);
            if (shadowRequired(c)) expect(isShadowedArgv(mine[0]?.argv ?? [])).toBe(true);
            // rocky may still reject an odd override's flags; then it is a typed command error.
            if (error !== null) expect(error).toBeInstanceOf(RockyError);
          } else {
            refused++;
            expect(error).toBeInstanceOf(RockyError);
            expect((error as Error).name).toBe(want.error);
            expect(mine).toEqual([]);
          }
        }),
      );
    }
    expect(spawned + refused).toBe(250);
    expect(spawned).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(30);
  }, 60_000);
});

// -------------------------------------------------------------------- apply

type PlanFile =
  | { kind: "missing" }
  | { kind: "directory" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "json"; value: unknown }
  | { kind: "plan"; plan: Record<string, unknown>; safe: boolean };

const hex64 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => Buffer.from(b).toString("hex"));
const notTrue = fc.constantFrom(false, "true", 1, null, undefined, "yes");
const planKind = fc.constantFrom("run", "replication");
const otherKind = fc.constantFrom("promote", "compact", "archive", "backfill", "RUN", "", null, 1);

/** A persisted plan file and whether the rules call it provably shadowed. */
const planFileArb = (id: string): fc.Arbitrary<PlanFile> =>
  fc.oneof(
    fc.constant({ kind: "missing" } as const),
    fc.constant({ kind: "directory" } as const),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "bytes", bytes }) as const),
    fc.jsonValue().map((value) => ({ kind: "json", value }) as const),
    // unshadowed run plans
    fc.record({ k: planKind, shadow: notTrue, suffix: fc.option(identArb, { nil: null }) }).map(
      ({ k, shadow, suffix }) =>
        ({
          kind: "plan",
          plan: {
            plan_id: id,
            kind: k,
            payload: { filter: "a=b", shadow, shadow_suffix: suffix, branch: null },
          },
          safe: false,
        }) as const,
    ),
    // shadowed, but the suffix is not an identifier (or not a string, and no schema)
    fc
      .record({
        k: planKind,
        suffix: fc.oneof(badSuffixArb, fc.integer(), fc.constant(null), fc.object()),
      })
      .map(
        ({ k, suffix }) =>
          ({
            kind: "plan",
            plan: { plan_id: id, kind: k, payload: { shadow: true, shadow_suffix: suffix } },
            safe: false,
          }) as const,
      ),
    // a shadowed payload on a kind that cannot be proven, a mismatched id, or no payload object
    fc.record({ k: otherKind, s: identArb }).map(
      ({ k, s }) =>
        ({
          kind: "plan",
          plan: { plan_id: id, kind: k, payload: { shadow: true, shadow_suffix: s } },
          safe: false,
        }) as const,
    ),
    fc
      .tuple(hex64, identArb)
      .filter(([other]) => other !== id)
      .map(
        ([other, s]) =>
          ({
            kind: "plan",
            plan: { plan_id: other, kind: "run", payload: { shadow: true, shadow_suffix: s } },
            safe: false,
          }) as const,
      ),
    fc.oneof(fc.constant(null), fc.constant([]), anyString).map(
      (payload) =>
        ({
          kind: "plan",
          plan: { plan_id: id, kind: "run", payload },
          safe: false,
        }) as const,
    ),
    // properly shadowed: suffix or schema, with or without plan_id
    fc
      .record({
        k: planKind,
        s: identArb,
        field: fc.constantFrom("shadow_suffix", "shadow_schema"),
        withId: fc.boolean(),
      })
      .map(
        ({ k, s, field, withId }) =>
          ({
            kind: "plan",
            plan: {
              ...(withId ? { plan_id: id } : {}),
              kind: k,
              payload: { filter: "a=b", shadow: true, [field]: s },
            },
            safe: true,
          }) as const,
      ),
  );

async function writePlanFile(cwd: string, id: string, f: PlanFile): Promise<void> {
  const path = planFilePath(cwd, id);
  await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
  if (f.kind === "directory") await mkdir(path);
  else if (f.kind === "bytes") await writeFile(path, f.bytes);
  else if (f.kind === "json") await writeFile(path, JSON.stringify(f.value) ?? "");
  else if (f.kind === "plan") await writeFile(path, JSON.stringify(f.plan));
}

const branchEnvArb = fc
  .tuple(fc.constantFrom("1", "true", "TRUE", " 1 "), envNoNulArb)
  .map(([flag, env]) => ({ ...env, DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: flag }));

/**
 * A generated "properly shadowed" plan is applied only when its suffix is the
 * one this deployment uses now; `matching` rewrites the suffix to that one so
 * both outcomes are common.
 */
function withDeploymentSuffix(
  file: PlanFile,
  expected: string,
  matching: boolean,
): { file: PlanFile; safe: boolean } {
  if (file.kind !== "plan" || !file.safe) return { file, safe: false };
  const payload = file.plan.payload as Record<string, unknown>;
  if (!("shadow_suffix" in payload)) return { file, safe: false }; // shadow_schema: refused
  if (!matching) return { file, safe: payload.shadow_suffix === expected };
  const plan = { ...file.plan, payload: { ...payload, shadow_suffix: expected } };
  return { file: { ...file, plan }, safe: true };
}

describe("fail closed: apply of a persisted plan inside a branch deployment (2,000 cases)", () => {
  it("only a run plan shadowed with this deployment's suffix is applied; everything else is plan_not_shadowed", async () => {
    const cwd = await tempDir();
    const arb = hex64.chain((id) =>
      fc.record({
        id: fc.constant(id),
        file: planFileArb(id),
        env: branchEnvArb,
        mode: fc.constantFrom("branch_deploy", "preview"),
        matching: fc.boolean(),
      }),
    );
    const seen = { applied: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(arb, async ({ id, file: generated, env, mode, matching }) => {
        const { file, safe } = withDeploymentSuffix(
          generated,
          branchSuffix(env) as string,
          matching,
        );
        await writePlanFile(cwd, id, file);
        const got = await outcome(
          () => new RockyResource({ shadowMode: mode as "branch_deploy", env, cwd }),
          "apply",
          { planId: id },
        );
        // Random bytes or JSON are never a shadowed run plan; the generator's labels say which plans are.
        if (safe) {
          expect(got).toEqual({ argv: [...globalsFor(branchSuffix(env)), "apply", id] });
          seen.applied++;
        } else {
          expect("error" in got && got.error).toBeInstanceOf(RockyShadowError);
          expect((got as { error: RockyShadowError }).error.reason).toBe("plan_not_shadowed");
          seen.refused++;
        }
        stats.applyCases++;
      }),
      { numRuns: 2_000 },
    );
    expect(seen.applied).toBeGreaterThan(30);
    expect(seen.refused).toBeGreaterThan(1_000);
  });

  it("outside a branch deployment apply does not read the plan; an unreadable flag refuses", async () => {
    const cwd = await tempDir();
    await fc.assert(
      fc.asyncProperty(
        hex64,
        envNoNulArb.filter((e) => !isBranchEnv(e)),
        async (id, env) => {
          const got = await outcome(
            () => new RockyResource({ shadowMode: "branch_deploy", env, cwd }),
            "apply",
            { planId: id },
          );
          if (detectionRefuses("branch_deploy", env)) {
            expect("error" in got && (got.error as RockyShadowError).code).toBe(
              "DEPLOYMENT_UNKNOWN",
            );
          } else expect(got).toEqual({ argv: [...GLOBALS, "apply", id] });
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The simulator re-hashes plans like rocky (blake3, plan_store.rs) and refuses a mismatch. */
const simPlanId = (kind: string, payload: unknown): Promise<string> =>
  computePlanId(kind, payload as Parameters<typeof computePlanId>[1]);

describe("fail closed: apply through real processes (simulator, 60 cases)", () => {
  it("refused plans spawn nothing; shadowed plans reach rocky and write shadow tables", async () => {
    const s = await sim();
    const root = await tempDir();
    const env = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
    const payloadArb = fc.oneof(
      fc.constant({
        safe: true,
        payload: { filter: "tenant=acme", shadow: true, shadow_suffix: "_dagster_pr_42" },
      }),
      // another deployment's suffix (another PR, or a random one): refused
      identArb
        .filter((sfx) => sfx !== "_dagster_pr_42")
        .map((sfx) => ({
          safe: false,
          payload: { filter: "a=b", shadow: true, shadow_suffix: sfx },
        })),
      fc.constant({ safe: false, payload: { filter: "a=b", shadow: false, shadow_suffix: null } }),
      badSuffixArb.map((sfx) => ({
        safe: false,
        payload: { filter: "a=b", shadow: true, shadow_suffix: sfx },
      })),
      fc.constant({ safe: false, payload: null }),
      fc.constant({ safe: false, payload: "garbage" as unknown }),
    );
    const cases = fc.sample(payloadArb, { numRuns: 60 });
    let applied = 0;
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async ({ safe, payload }, j) => {
          const cwd = join(root, `a${i + j}`);
          const id =
            payload === null || typeof payload !== "object"
              ? randomBytes(32).toString("hex")
              : await simPlanId("run", payload);
          await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
          await writeProject(cwd); // apply checks the plan's pipeline against the config
          await writeFile(
            planFilePath(cwd, id),
            typeof payload === "string"
              ? payload
              : JSON.stringify({ plan_id: id, kind: "run", payload }),
          );
          const r = new RockyResource({
            binaryPath: s.binaryPath,
            shadowMode: "branch_deploy",
            env,
            cwd,
          });
          const result = await r.apply(id).catch((e: unknown) => e);
          const mine = (await s.invocations()).filter(
            (inv) => inv.cwd === cwd && inv.argv[0] !== "--version",
          );
          if (safe) {
            applied++;
            expect(mine.map((m) => m.argv)).toEqual([
              [...globalsFor("_dagster_pr_42"), "apply", id],
            ]);
            const targets = (
              result as { materializations: { metadata: { target_table_full_name?: string } }[] }
            ).materializations.map((m) => m.metadata.target_table_full_name);
            const sfx = (payload as { shadow_suffix: string }).shadow_suffix;
            expect(targets.length).toBeGreaterThan(0);
            for (const t of targets) expect(t?.endsWith(sfx)).toBe(true);
          } else {
            expect(result).toBeInstanceOf(RockyShadowError);
            expect((result as RockyShadowError).reason).toBe("plan_not_shadowed");
            expect(mine).toEqual([]);
          }
        }),
      );
    }
    expect(applied).toBeGreaterThan(5);
    expect(applied).toBeLessThan(60);
  }, 60_000);
});

describe("the model agrees with the documented examples", () => {
  // Guards the oracle itself: a wrong model would make the property vacuous.
  it("PR 42, 'true' with a name, production, bad values", () => {
    const base: Case = {
      verb: "run",
      env: {},
      mode: "branch_deploy",
      resourceSuffix: undefined,
      filter: "tenant=acme",
      callSuffix: undefined,
      hook: { kind: "default" },
      alter: { kind: "none" },
    };
    expect(
      expected({
        ...base,
        env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" },
      }),
    ).toEqual({
      argv: [
        "--config=rocky.toml",
        "--state-path=.rocky-state/shadow_dagster_pr_42.redb",
        "--output",
        "json",
        "run",
        "--filter=tenant=acme",
        "--shadow",
        "--shadow-suffix=_dagster_pr_42",
      ],
    });
    expect(
      expected({
        ...base,
        env: {
          DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: " TRUE ",
          DAGSTER_CLOUD_DEPLOYMENT_NAME: "feat/x.y",
        },
      }),
    ).toEqual({
      argv: [
        ...globalsFor("_dagster_feat_x_y"),
        "run",
        "--filter=tenant=acme",
        "--shadow",
        "--shadow-suffix=_dagster_feat_x_y",
      ],
    });
    expect(expected({ ...base, env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" } })).toEqual({
      argv: [...GLOBALS, "run", "--filter=tenant=acme"],
    });
    expect(expected({ ...base, filter: "tenant" })).toEqual({
      error: "RockyConfigError",
      at: "call",
    });
    expect(
      expected({
        ...base,
        env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1" },
        hook: { kind: "return", label: "", make: () => null },
      }),
    ).toEqual({
      error: "RockyShadowError",
      reason: "suffix_required",
    });
    // The default mode is branch_deploy, and an unreadable flag refuses where it detects.
    expect(
      expected({
        ...base,
        mode: undefined,
        env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "7" },
      }),
    ).toMatchObject({ argv: expect.arrayContaining(["--shadow-suffix=_dagster_pr_7"]) });
    expect(expected({ ...base, env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" } })).toEqual({
      error: "RockyShadowError",
      reason: "deployment_unknown",
    });
    expect(
      expected({ ...base, mode: "off", env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" } }),
    ).toEqual({ argv: [...GLOBALS, "run", "--filter=tenant=acme"] });
    expect(isIdent("_ok") && !isIdent("_é")).toBe(true);
  });
});

// ------------------------------------------------ every verb, by shadow policy

/** The verbs of the table, with their policy and options schema; new verbs join automatically. */
const TABLE = Object.entries(VERBS).map(([verb, spec]) => ({
  verb: verb as RockyVerb,
  policy: (spec as { shadow: unknown }).shadow,
  schema: (spec as { options: Parameters<typeof optionKeys>[0] }).options,
  positionals: (spec as { positionals: readonly string[] }).positionals,
}));

describe("every verb of the table has a shadow policy the suite knows", () => {
  it.each(TABLE.map((t) => [t.verb, t.policy]))("%s: %s", (_verb, policy) => {
    // An unknown policy fails here: its fail-closed rule must be written in model.ts first.
    expect(KNOWN_POLICIES).toContain(policy);
  });
});

const verbCaseArb: fc.Arbitrary<VerbCase> = fc.record({
  verb: fc.constantFrom(...TABLE.map((t) => t.verb)),
  env: envArb,
  mode: fc.constantFrom("off", "branch_deploy", "always", "preview", undefined),
  // A resource suffix in a quarter of the cases (it is refused outside "always"), a call
  // suffix in a third: it refuses promotions and guards apply everywhere, so the others
  // keep those verbs spawning often enough to be checked.
  resourceSuffix: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    fc.oneof({ weight: 2, arbitrary: identArb }, badSuffixArb),
  ),
  callSuffix: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    fc.oneof({ weight: 2, arbitrary: identArb }, badSuffixArb),
  ),
  callKey: fc.option(identArb, { nil: undefined, freq: 4 }),
  // The default hook more often than in the run/plan suite: a hook's suffix guards apply in
  // production too, and apply must still spawn often enough to be checked.
  hook: fc.oneof({ weight: 2, arbitrary: fc.constant({ kind: "default" } as const) }, hookArb),
  resolvers: resolversArb,
  alter: alterArb,
});

/** The call a case makes: the verb's minimal valid options plus the case's suffix and key where accepted. */
function verbCall(c: VerbCase): Record<string, unknown> {
  const t = TABLE.find((x) => x.verb === c.verb);
  if (t === undefined) throw new Error(`unknown verb ${c.verb}`);
  const keys = optionKeys(t.schema);
  return {
    ...minimalOptions(c.verb, t.schema),
    ...(c.callSuffix !== undefined && keys.includes("shadowSuffix")
      ? { shadowSuffix: c.callSuffix }
      : {}),
    ...(c.callKey !== undefined && takesOption(t.schema, "idempotencyKey")
      ? { idempotencyKey: c.callKey }
      : {}),
  };
}

const asCase = (c: VerbCase) => c as unknown as Case;

/**
 * The suffix in force for a case (the call's, where the verb takes one, else
 * the hook's, the default hook following the mode), or the code the hook
 * makes the call fail with.
 */
function suffixInForce(
  c: VerbCase,
  takesSuffix: boolean,
): { suffix: string | null } | { code: string } {
  if (takesSuffix && c.callSuffix !== undefined) return { suffix: c.callSuffix };
  const h = c.hook;
  if (h.kind === "throw") return { code: "HOOK_FAILED" };
  let v: unknown;
  if (h.kind === "return") v = h.make();
  else {
    const mode = c.mode ?? DEFAULT_MODE;
    if (mode === "branch_deploy" || mode === "preview") v = branchSuffix(c.env);
    else if (mode === "always") v = c.resourceSuffix ?? "_rocky_shadow";
    else v = null;
  }
  if (v === null || v === undefined) return { suffix: null };
  return isIdent(v) ? { suffix: v } : { code: "INVALID_SUFFIX" };
}

/** `--state-path=.rocky-state/shadow<suffix>.redb` in a global position: the suffix a shadowed write's state is isolated for. */
function isolationOf(argv: readonly string[]): string | null {
  const flag = "--state-path=.rocky-state/shadow";
  const path = argv.slice(0, argv.indexOf("--output")).find((t) => t.startsWith(flag));
  return path === undefined ? null : path.slice(flag.length, -".redb".length);
}

/**
 * The fail-closed rule for one case, by the verb's policy; returns whether the
 * case spawned (an argv) and whether that spawn wrote production tables, or
 * reached production's state, from a shadowed write (the count the suite
 * requires to be 0). A shadowed write: shadowing required here, or a suffix
 * in force whatever its origin (the call's, the hook's).
 */
function checkVerbCase(c: VerbCase, got: Outcome): { spawned: boolean; productionWrite: boolean } {
  const t = TABLE.find((x) => x.verb === c.verb);
  if (t === undefined || !isKnownPolicy(t.policy))
    throw new Error(`verb ${c.verb} has an unknown shadow policy ${String(t?.policy)}`);
  const call = verbCall(c);
  const mode = c.mode ?? DEFAULT_MODE;
  const required = shadowRequired(asCase(c));
  const takesSuffix = optionKeys(t.schema).includes("shadowSuffix");
  const named = takesSuffix && c.callSuffix !== undefined;
  const codeOf = () => ("error" in got ? (got.error as RockyShadowError).code : "spawned");
  if ("error" in got) {
    // Every refusal is typed, before or instead of a spawn.
    expect(isRockyError(got.error)).toBe(true);
  }
  const constructFails =
    Object.values(c.env).some((v) => v.includes("\u0000")) ||
    (c.resourceSuffix !== undefined && (mode !== "always" || !isIdent(c.resourceSuffix)));
  const callInvalid = !t.schema.safeParse(call).success;
  const verdict = resolverVerdict(c.resolvers, (o) => takesOption(t.schema, o), call);
  const force = suffixInForce(c, takesSuffix);
  const inForce = "suffix" in force && force.suffix !== null;
  let shadowedWrite = false;
  if (constructFails || callInvalid) {
    expect("error" in got && (got.error as Error).name).toBe("RockyConfigError");
  } else if ("error" in verdict) {
    // A bad or throwing resolver: a config error naming the hook, before any shadow step.
    expect("error" in got && (got.error as RockyConfigError).issues?.[0]?.path).toBe(verdict.error);
  } else if (t.policy === "refused_when_shadowed" && named) {
    // A named suffix: the call acts for a shadowed deployment, wherever the worker runs.
    expect(codeOf()).toBe("REFUSED_WHEN_SHADOWED");
  } else if (t.policy !== "none" && detectionRefuses(mode, c.env)) {
    expect(codeOf()).toBe("DEPLOYMENT_UNKNOWN");
  } else if (t.policy === "refused_when_shadowed") {
    shadowedWrite = required;
    if (required) expect(codeOf()).toBe("REFUSED_WHEN_SHADOWED");
  } else if (t.policy === "guarded_apply") {
    shadowedWrite = required || !("suffix" in force) || inForce;
    // The cwd holds no persisted plan, so none is provably shadowed: a suffix in force
    // (the deployment's, the call's, the hook's) or a hook failure refuses.
    if (shadowedWrite)
      expect(["PLAN_NOT_SHADOWED", "SUFFIX_REQUIRED", "INVALID_SUFFIX", "HOOK_FAILED"]).toContain(
        codeOf(),
      );
  } else if (t.policy === "shadowed_write") {
    shadowedWrite = required || inForce;
  }
  if (!("argv" in got)) return { spawned: false, productionWrite: false };
  // What the resolvers returned reaches rocky unchanged (a shadowed write's key namespaced).
  const isolation = isolationOf(got.argv);
  if ("governance" in verdict) {
    const sent = got.argv.filter((a) => a.startsWith("--governance-override="));
    expect(sent).toHaveLength(1);
    expect(JSON.parse((sent[0] as string).slice("--governance-override=".length))).toEqual(
      verdict.governance,
    );
  }
  const key = "key" in verdict ? String(verdict.key) : undefined;
  if (key !== undefined)
    expect(got.argv).toContain(
      `--idempotency-key=${isolation === null ? key : shadowKey(isolation, key)}`,
    );
  if (c.callKey !== undefined && takesOption(t.schema, "idempotencyKey") && isolation !== null)
    expect(got.argv).toContain(`--idempotency-key=${shadowKey(isolation, c.callKey)}`);
  let productionWrite = false;
  if (t.policy === "shadowed_write") {
    const verbArgs = got.argv.slice(got.argv.indexOf("--output") + 2);
    // A spawned write with --shadow is isolated; one without it had no suffix in force.
    if (verbArgs.includes("--shadow")) expect(isolation).not.toBeNull();
    productionWrite = shadowedWrite && (!isShadowedArgv(got.argv) || isolation === null);
  } else if (WRITE_POLICIES.includes(t.policy)) {
    productionWrite = shadowedWrite;
  }
  if (required && t.policy === "needs_suffix" && c.alter.kind === "none")
    // compare reads shadow tables (no write); its argv is not re-checked after a buildArgs
    // override, so the suffix rule is asserted for the SDK's own argv only.
    expect(carriesShadowTarget(got.argv)).toBe(true);
  expect(productionWrite).toBe(false);
  return { spawned: true, productionWrite };
}

describe("fail closed: every verb x environments x hooks and resolvers (argv builder, seeded)", () => {
  const runs = Math.max(12_000, 300 * TABLE.length);
  it(`${runs} cases: 0 production writes from a shadowed deployment; refusals typed; resolver values reach argv`, async () => {
    const cwd = await tempDir(); // holds no plan: apply must be refused where shadowing is required
    const per = new Map<string, { cases: number; required: number; spawned: number }>();
    let productionWrites = 0;
    let requiredSpawns = 0;
    await fc.assert(
      fc.asyncProperty(verbCaseArb, async (c) => {
        const got = await outcome(
          () => new VerbSubject(c, resourceOptions(asCase(c), { cwd })),
          c.verb,
          verbCall(c),
        );
        const r = checkVerbCase(c, got);

        const required = shadowRequired(asCase(c));
        const s = per.get(c.verb) ?? { cases: 0, required: 0, spawned: 0 };
        s.cases++;
        if (required) s.required++;
        if (r.spawned) s.spawned++;
        per.set(c.verb, s);
        if (r.productionWrite) productionWrites++;
        if (required && r.spawned) requiredSpawns++;
      }),
      { numRuns: runs },
    );
    expect(productionWrites).toBe(0);
    // Coverage: every verb drawn often, inside shadowed deployments too, and spawning there.
    for (const t of TABLE) {
      const s = per.get(t.verb);
      expect(s?.cases ?? 0, t.verb).toBeGreaterThan(runs / TABLE.length / 3);
      expect(s?.required ?? 0, t.verb).toBeGreaterThan(20);
      expect(s?.spawned ?? 0, t.verb).toBeGreaterThan(20);
    }
    expect(requiredSpawns).toBeGreaterThan(500);
  }, 180_000);
});

/** Methods whose first argument is an option that is not a rocky positional. */
const LEADING_ARGS: Partial<Record<RockyVerb, readonly string[]>> = { runModel: ["name"] };

describe("fail closed: every verb through real processes (simulator, seeded sample)", () => {
  it("a refused call spawns nothing; a spawned call's recorded argv is the prepared argv, shadowed where required", async () => {
    const s = await sim();
    const root = await tempDir();
    const noNul = (c: VerbCase) => Object.values(c.env).every((v) => !v.includes("\u0000"));
    const n = Math.max(96, 4 * TABLE.length);
    const cases = fc.sample(verbCaseArb.filter(noNul), { numRuns: n, seed: SEED + 1 });
    let spawned = 0;
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c, j) => {
          const cwd = join(root, `v${i + j}`);
          await mkdir(cwd);
          const make = () =>
            new VerbSubject(c, resourceOptions(asCase(c), { binaryPath: s.binaryPath, cwd }));
          const call = verbCall(c);
          const want = await outcome(make, c.verb, call);
          checkVerbCase(c, want);
          const t = TABLE.find((x) => x.verb === c.verb);
          // Methods take their positionals first, then the options (apply(planId, options));
          // runModel(name) takes its flag value first too.
          const lead = LEADING_ARGS[c.verb] ?? t?.positionals ?? [];
          const positionals = lead.map((k) => call[k]);
          const rest = Object.fromEntries(Object.entries(call).filter(([k]) => !lead.includes(k)));
          let error: unknown = null;
          try {
            const r = make() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
            await r[c.verb]?.(...positionals, rest);
          } catch (e) {
            error = e;
          }
          const mine = (await s.invocations()).filter(
            (inv) => inv.cwd === cwd && inv.argv[0] !== "--version",
          );
          if ("argv" in want) {
            // rocky (the simulator) may fail the command, or the version gate refuse it: typed either way.
            if (error !== null) expect(isRockyError(error)).toBe(true);
            if (mine.length > 0) {
              spawned++;
              expect(mine.map((m) => m.argv)).toEqual([want.argv]);
              if (shadowRequired(asCase(c)) && t?.policy === "shadowed_write")
                expect(isShadowedArgv(mine[0]?.argv ?? [])).toBe(true);
            } else {
              // Nothing recorded: the version gate refused, or a tiny resolved timeout killed it first.
              expect(
                ["RockyVersionError", "RockyTimeoutError"],
                `${c.verb}: ${String(error)}`,
              ).toContain((error as Error | null)?.name);
            }
          } else {
            expect(isRockyError(error)).toBe(true);
            expect((error as Error).name).toBe((want.error as Error).name);
            expect(mine).toEqual([]);
          }
        }),
      );
    }
    expect(spawned).toBeGreaterThan(n / 5);
  }, 120_000);
});

// ------------------------------------- seams: one boundary, whatever the call shape

const QUALITY_TOML = `[pipeline.checks]
type = "quality"

[pipeline.checks.target]
adapter = "default"
catalog_template = "warehouse"
schema_template = "staging__{tenant}"
`;
const REPLICATION_P = DEFAULT_PROJECT_TOML.replaceAll("[pipeline.default", "[pipeline.p");
const QUALITY_P = QUALITY_TOML.replaceAll("pipeline.checks", "pipeline.p");

/**
 * A binary that replaces `<project>/rocky.toml` with `replacement` when probed
 * for its version (the probe runs after the guards, before the spawn).
 */
async function swappingBinary(
  simBinary: string,
  replacement: string,
  project: string,
): Promise<string> {
  const dir = await tempDir();
  const bin = join(dir, "rocky-swap");
  await writeFile(join(dir, "next.toml"), replacement);
  await writeFile(
    bin,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then cp ${JSON.stringify(join(dir, "next.toml"))} ${JSON.stringify(join(project, "rocky.toml"))}; fi\nexec ${JSON.stringify(simBinary)} "$@"\n`,
  );
  await chmod(bin, 0o755);
  return bin;
}

/** Lets every timer a case scheduled fire (a late chdir must not outlive its case). */
const settle = () =>
  new Promise<void>((done) => setTimeout(() => setImmediate(() => setTimeout(done, 0)), 0));

describe("seams: suffix origin x env shape x argv mutation x cwd change x config, through real processes (seeded)", () => {
  it("160 cases: each refuses with the rules' code and spawns nothing, or spawns exactly the rules' argv, env and cwd", async () => {
    const s = await sim({ assumeConfig: false });
    const start = process.cwd();
    const cases = fc.sample(seamCaseArb, { numRuns: 160, seed: SEED + 2 });
    const seen = { spawned: 0, refused: new Map<string, number>() };
    for (const c of cases) {
      const want = seamExpected(c);
      const here = await realpath(await tempDir());
      const elsewhere = await tempDir();
      await writeProject(here, c.config === "quality" ? QUALITY_TOML : DEFAULT_PROJECT_TOML);
      await writeProject(elsewhere, QUALITY_TOML);
      const binary =
        c.config === "swapped"
          ? await swappingBinary(s.binaryPath, QUALITY_TOML, here)
          : s.binaryPath;
      const envs = seamEnvs(c);
      const saved = { ...process.env };
      await s.clearInvocations();
      let error: unknown = null;
      try {
        process.chdir(here);
        Object.assign(process.env, envs.process);
        const r = new SeamSubject(c, elsewhere, seamOptions(c, binary, envs.option));
        const call = seamCall(c);
        const act =
          c.verb === "runModel"
            ? r.runModel("orders", call)
            : (r[c.verb] as (o: unknown) => Promise<unknown>).call(r, call);
        await act.catch((e: unknown) => {
          error = e;
        });
        await settle();
      } finally {
        process.chdir(start);
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
      const invs = await s.invocations();
      const spawns = invs.filter((i) => i.argv[0] !== "--version");
      const label = JSON.stringify(c);
      if ("refused" in want) {
        expect(error, label).toBeInstanceOf(RockyShadowError);
        expect((error as RockyShadowError).code, label).toBe(want.refused);
        expect(spawns, label).toEqual([]);
        expect(invs.length, label).toBe(want.probed ? 1 : 0);
        seen.refused.set(want.refused, (seen.refused.get(want.refused) ?? 0) + 1);
      } else {
        // rocky-sim may fail the command itself (a model run it does not emulate): typed, and spawned.
        if (error !== null) expect(isRockyError(error), label).toBe(true);
        expect(
          spawns.map((i) => i.argv),
          label,
        ).toEqual([want.argv]);
        expect(spawns[0]?.cwd, label).toBe(here);
        expect(spawns[0]?.env.ROCKY_IDEMPOTENCY_KEY, label).toBe(want.envKey);
        expect(isShadowedArgv(spawns[0]?.argv ?? []), label).toBe(true);
        seen.spawned++;
      }
    }
    // Every family is exercised, on both sides.
    expect(seen.spawned).toBeGreaterThan(30);
    for (const code of [
      "DEPLOYMENT_AMBIGUOUS",
      "DEPLOYMENT_UNKNOWN",
      "PIPELINE_NOT_SHADOWABLE",
      "CONFIG_CHANGED",
    ])
      expect(seen.refused.get(code) ?? 0, code).toBeGreaterThan(3);
  }, 180_000);
});

describe("seams: apply of a persisted plan vs the config as it is now, PR deployment or fleet worker (seeded)", () => {
  it("80 cases through real processes: refused with the rules' code, or applied on the shadow namespace", async () => {
    const s = await sim({ assumeConfig: false });
    const cases = fc.sample(applySeamArb, { numRuns: 80, seed: SEED + 3 });
    const seen = { applied: 0, refused: new Set<string>() };
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c) => {
          const cwd = await tempDir();
          await writeProject(cwd, REPLICATION_P);
          const payload = applySeamPayload(c);
          const id = await simPlanId("run", payload);
          await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
          await writeFile(
            planFilePath(cwd, id),
            JSON.stringify({ plan_id: id, kind: "run", payload }),
          );
          const now: Record<ApplySeamCase["configNow"], string> = {
            replication: REPLICATION_P,
            quality: QUALITY_P,
            renamed: REPLICATION_P.replaceAll("[pipeline.p", "[pipeline.q"),
            several: `${REPLICATION_P}\n${REPLICATION_P.replaceAll("[pipeline.p", "[pipeline.q").replace(/\[adapter\.default\][^[]*/, "")}`,
          };
          await writeProject(cwd, now[c.configNow]);
          const r = new RockyResource({
            binaryPath: s.binaryPath,
            cwd,
            env:
              c.origin === "mode"
                ? { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" }
                : { PATH: "/usr/bin" },
          });
          const options = c.origin === "call" ? { shadowSuffix: SEAM_SUFFIX } : {};
          const error = await r.apply(id, options).then(
            () => null,
            (e: unknown) => e,
          );
          const mine = (await s.invocations()).filter(
            (inv) => inv.cwd === cwd && inv.argv[0] !== "--version",
          );
          const want = applySeamExpected(c, id);
          const label = JSON.stringify(c);
          if ("refused" in want) {
            expect((error as RockyShadowError | null)?.code, label).toBe(want.refused);
            expect(mine, label).toEqual([]);
            seen.refused.add(want.refused);
          } else {
            expect(error, label).toBeNull();
            expect(
              mine.map((m) => m.argv),
              label,
            ).toEqual([want.argv]);
            seen.applied++;
          }
        }),
      );
    }
    expect(seen.applied).toBeGreaterThan(5);
    expect([...seen.refused].sort()).toEqual([
      "PIPELINE_NOT_SHADOWABLE",
      "PIPELINE_UNKNOWN",
      "PLAN_NOT_SHADOWED",
      "STATE_NOT_ISOLATED",
    ]);
  }, 120_000);
});
