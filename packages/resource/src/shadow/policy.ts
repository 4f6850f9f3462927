/**
 * Shadow enforcement for one call, by the verb's declared policy (see
 * ../verbs/types.ts). Runs before any spawn; every refusal is a
 * RockyShadowError and nothing is spawned.
 */
import { RockyShadowError } from "../errors.js";
import type { ShadowMode } from "../options.js";
import type { ShadowVerb, VerbArgsOptions } from "../verbs/index.js";
import type { ShadowPolicy } from "../verbs/types.js";
import { assertCompareSuffix } from "./compare.js";
import type { Env, ShadowDecision } from "./decision.js";
import { assertPlanShadowed } from "./plan-guard.js";
import { resolveSuffix, type SuffixHook } from "./suffix.js";

/** What the policy step needs. @internal */
export interface PolicyRequest {
  readonly verb: string;
  readonly policy: ShadowPolicy;
  /** The validated options. */
  readonly options: Record<string, unknown>;
  readonly shadowMode: ShadowMode;
  readonly env: Env;
  readonly cwd: string;
  /** Detects lazily: verbs with policy "none" never read the environment. */
  readonly decide: () => ShadowDecision;
  readonly hook: SuffixHook;
}

/** The options to build argv from, and whether the final argv must be proven shadowed. @internal */
export interface PolicyOutcome {
  readonly options: Record<string, unknown>;
  readonly assertArgsShadowed: boolean;
  /** The call relies on the engine's shadow mode: the version gate must check the shadow floor. */
  readonly shadowFloor: boolean;
}

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
      return { options, assertArgsShadowed: false, shadowFloor: false };
    case "shadowed_write": {
      const decision = req.decide();
      const suffix = suffixOf(decision, true);
      return {
        options: { ...options, shadowSuffix: suffix ?? undefined },
        assertArgsShadowed: decision.required,
        shadowFloor: decision.required || suffix !== null,
      };
    }
    case "guarded_apply": {
      const decision = req.decide();
      if (!decision.required) return { options, assertArgsShadowed: false, shadowFloor: false };
      // The suffix a plan made here now would carry (the hook sees verb "plan", no call override).
      const expected = resolveSuffix({
        verb: "plan",
        options: {} as VerbArgsOptions["plan"],
        shadowMode: req.shadowMode,
        decision,
        env: req.env,
        hook: req.hook,
        requireWhenShadowed: true,
      }) as string;
      await assertPlanShadowed(req.cwd, options.planId as string, expected);
      return { options, assertArgsShadowed: false, shadowFloor: true };
    }
    case "needs_suffix": {
      // An explicit shadow schema names the shadow side itself: no suffix, no hook.
      if (options.shadowSchema !== undefined)
        return { options, assertArgsShadowed: false, shadowFloor: false };
      const suffix = suffixOf(req.decide(), false);
      assertCompareSuffix(verb, suffix);
      return {
        options: { ...options, shadowSuffix: suffix },
        assertArgsShadowed: false,
        shadowFloor: false,
      };
    }
    case "refused_when_shadowed":
      if (req.decide().required) {
        throw new RockyShadowError(
          "refused_when_shadowed",
          `rocky ${verb} writes outside shadow tables and is refused where runs are shadowed (shadowMode "${req.shadowMode}"); nothing was spawned`,
          { command: verb },
        );
      }
      return { options, assertArgsShadowed: false, shadowFloor: false };
  }
}
