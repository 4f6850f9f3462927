import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRockyError, type RockyConfigError, type RockyShadowError } from "../../src/index.js";
import { loadAllVerbs, type RockyVerb } from "../../src/verbs/index.js";

const VERBS = await loadAllVerbs();

import { sim, tempDir } from "../helpers.js";
import { type Outcome, outcome, SEED } from "./harness.js";
import {
  alterArb,
  badSuffixArb,
  branchSuffix,
  type Case,
  DEFAULT_MODE,
  detectionRefuses,
  envArb,
  hookArb,
  identArb,
  isIdent,
  isShadowedArgv,
  resourceOptions,
  shadowKey,
  shadowRequired,
} from "./model.js";
import {
  carriesShadowTarget,
  isKnownPolicy,
  KNOWN_POLICIES,
  minimalOptions,
  optionKeys,
  resolversArb,
  resolverVerdict,
  takesOption,
  type VerbCase,
  VerbSubject,
  WRITE_POLICIES,
} from "./model-verbs.js";

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
const LEADING_ARGS: Partial<Record<RockyVerb, readonly string[]>> = {
  runModel: ["name"],
  costByProduct: ["month"],
  reconcileWatermark: ["pipeline"],
};

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
