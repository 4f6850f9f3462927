/**
 * Shadow enforcement for one call, by the verb's declared policy (see
 * ../verbs/types.ts). Runs before any spawn; every refusal is a
 * RockyShadowError and nothing is spawned. A call with a suffix in force is
 * a shadowed write whatever put the suffix there (the mode, the call's
 * `shadowSuffix`, the `resolveShadowSuffix` hook): every guard applies.
 */
import { RockyShadowError } from "../errors.js";
import type { ShadowMode } from "../options.js";
import type { ShadowVerb, VerbArgsOptions } from "../verbs/index.js";
import type { ShadowPolicy } from "../verbs/types.js";
import { assertCompareSuffix } from "./compare.js";
import type { Env, ShadowDecision } from "./decision.js";
import { assertPlanShadowed, readPlanDocument, shadowedPlanSuffix } from "./plan-guard.js";
import { resolveSuffix, type SuffixHook } from "./suffix.js";

/** What the policy step needs. @internal */
export interface PolicyRequest {
  readonly verb: string;
  readonly policy: ShadowPolicy;
  /** The validated options. */
  readonly options: Record<string, unknown>;
  readonly shadowMode: ShadowMode;
  /** The child's environment (what the suffix hook is shown). */
  readonly env: Env;
  readonly cwd: string;
  /** The options select a mode of a `refused_when_shadowed` verb that writes nothing (its `readOnlyWhen`). */
  readonly readOnly?: boolean;
  /** The verb has such a mode (the refusal then says so). */
  readonly hasReadOnlyMode?: boolean;
  /** Detects lazily: verbs with policy "none" never read the environment. */
  readonly decide: () => ShadowDecision;
  readonly hook: SuffixHook;
}

/** The options to build argv from, and what the rest of the call must prove. @internal */
export interface PolicyOutcome {
  readonly options: Record<string, unknown>;
  /**
   * The suffix this write acts for, or null: a run-like call's resolved
   * suffix, or apply's (the plan was proven shadowed with it). Non-null means
   * a shadowed write: final argv, quality pipeline, engine floor and state
   * isolation all apply.
   */
  readonly suffix: string | null;
  /** The final argv must carry `--shadow` and identifier suffixes. */
  readonly assertArgsShadowed: boolean;
  /** The call relies on the engine's shadow mode: the version gate must check the shadow floor. */
  readonly shadowFloor: boolean;
  /** apply: the persisted plan's payload, once proven shadowed. */
  readonly planPayload: Readonly<Record<string, unknown>> | null;
}

const plain = (options: Record<string, unknown>): PolicyOutcome => ({
  options,
  suffix: null,
  assertArgsShadowed: false,
  shadowFloor: false,
  planPayload: null,
});

/** Applies `req.policy`; throws RockyShadowError on refusal. @internal */
export async function enforceShadowPolicy(req: PolicyRequest): Promise<PolicyOutcome> {
  const { verb, options } = req;
  const suffixOf = (decision: ShadowDecision, requireWhenShadowed: boolean) =>
    resolveSuffix({
      verb: verb as ShadowVerb,
      options: options as VerbArgsOptions[ShadowVerb],
      shadowMode: req.shadowMode,
      decision,
      env: req.env,
      hook: req.hook,
      requireWhenShadowed,
    });
  switch (req.policy) {
    case "none":
      return plain(options);
    case "shadowed_write": {
      const decision = req.decide();
      const suffix = suffixOf(decision, true);
      const shadowed = decision.required || suffix !== null;
      return {
        options: { ...options, shadowSuffix: suffix ?? undefined },
        suffix,
        assertArgsShadowed: shadowed,
        shadowFloor: shadowed,
        planPayload: null,
      };
    }
    case "guarded_apply":
      return guardApply(req);
    case "needs_suffix": {
      // An explicit shadow schema names the shadow side itself: no suffix, no hook.
      if (options.shadowSchema !== undefined) return plain(options);
      const suffix = suffixOf(req.decide(), false);
      assertCompareSuffix(verb, suffix);
      return plain({ ...options, shadowSuffix: suffix });
    }
    case "refused_when_shadowed": {
      // A named suffix says the call acts for a shadowed deployment (a fleet worker's PR job).
      const named = options.shadowSuffix !== undefined;
      if (req.readOnly !== true && (named || req.decide().required)) {
        const why = named
          ? `for a call that names shadow suffix ${JSON.stringify(options.shadowSuffix)} (the deployment it acts for is shadowed)`
          : `where runs are shadowed (shadowMode "${req.shadowMode}")`;
        throw new RockyShadowError(
          "refused_when_shadowed",
          `rocky ${verb} writes outside shadow tables and is refused ${why}${req.hasReadOnlyMode === true ? " (its dry run, which writes nothing, is allowed)" : ""}; nothing was spawned`,
          { command: verb },
        );
      }
      const { shadowSuffix: _unused, ...rest } = options;
      return plain(rest);
    }
  }
}

/**
 * apply: the suffix the call names (a fleet worker handed a PR's job), else
 * the one a plan made here now would carry (the hook sees verb "plan"), else
 * the one the persisted plan carries. With one in force the persisted plan
 * must be proven shadowed with exactly it.
 */
async function guardApply(req: PolicyRequest): Promise<PolicyOutcome> {
  const decision = req.decide();
  const { shadowSuffix: named, ...options } = req.options;
  const suffix =
    named !== undefined
      ? (named as string)
      : resolveSuffix({
          verb: "plan",
          options: {} as VerbArgsOptions["plan"],
          shadowMode: req.shadowMode,
          decision,
          env: req.env,
          hook: req.hook,
          requireWhenShadowed: true,
        });
  const planId = options.planId as string;
  if (suffix !== null) {
    const planPayload = await assertPlanShadowed(req.cwd, planId, suffix);
    return { options, suffix, assertArgsShadowed: false, shadowFloor: true, planPayload };
  }
  // No suffix in force: a plan made shadowed (a PR's, handed to a production worker) is still
  // a shadowed write, proven with the suffix it carries, so its state stays apart from production's.
  // The plan file is read once, for both.
  const doc = await readPlanDocument(req.cwd, planId);
  const carried = shadowedPlanSuffix(doc);
  if (carried === null) return plain(options);
  const planPayload = await assertPlanShadowed(req.cwd, planId, carried, doc);
  return { options, suffix: carried, assertArgsShadowed: false, shadowFloor: true, planPayload };
}
