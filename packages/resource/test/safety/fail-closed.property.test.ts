/**
 * Fail-closed property: for any environment, options and subclass, a run or
 * plan either throws a typed error before spawning or spawns exactly the argv
 * the rules give; inside a shadowed deployment that argv always carries
 * `--shadow` and identifier suffixes. The same for apply and persisted plans.
 * Real processes use the rocky simulator (@dagster-rocky/testing), not rocky.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RockyError, RockyResource, RockyShadowError } from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { planFilePath } from "../../src/shadow/plan-guard.js";

import { sim, tempDir, writeProject } from "../helpers.js";
import { checkAgainstModel, outcome, simPlanId } from "./harness.js";
import {
  anyString,
  badSuffixArb,
  branchSuffix,
  type Case,
  callOptions,
  caseArb,
  detectionRefuses,
  envNoNulArb,
  expected,
  GLOBALS,
  globalsFor,
  identArb,
  isBranchEnv,
  isIdent,
  isShadowedArgv,
  resourceOptions,
  Subject,
  shadowRequired,
} from "./model.js";

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
