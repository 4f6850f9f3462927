/**
 * Suffix resolution: the call's own suffix, else the subclass hook's; the
 * result is checked whatever the hook returned. Pure apart from the hook.
 */
import {
  type BranchDeploymentInfo,
  branchDeployShadowSuffix,
  isRockyIdentifier,
  type PreviewDeployment,
  previewShadowSuffix,
} from "@dagster-rocky/core";
import { RockyShadowError } from "../errors.js";
import type { ShadowMode } from "../options.js";
import { safeJson, safeString } from "../strings.js";
import type { ShadowVerb, VerbArgsOptions } from "../verbs/index.js";
import type { RunOptions } from "../verbs/shared.js";
import type { Env, ShadowDecision } from "./decision.js";

/** What `resolveShadowSuffix` is given. */
export interface ShadowSuffixContext {
  /** The verb being prepared. */
  readonly verb: ShadowVerb;
  /** The call's validated options. */
  readonly options: ShadowCallOptions;
  /** The resource's shadow mode. */
  readonly shadowMode: ShadowMode;
  /** The Dagster+ branch deployment detection. */
  readonly branchDeployment: BranchDeploymentInfo;
  /** The detected preview deployment (`shadowMode: "preview"` only), else null. */
  readonly preview: PreviewDeployment | null;
  /** The environment detection read (also the child's environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The validated options of the call a suffix is resolved for: `run`'s,
 * `plan`'s, `resumeRun`'s, `runModel`'s or `compare`'s (a field the verb does
 * not take is undefined; `filter` is undefined when the call gives none, which
 * only run and compare require).
 */
export interface ShadowCallOptions extends Readonly<Partial<Omit<RunOptions, "filter">>> {
  /** The call's `key=value` filter, when it gives one. */
  readonly filter?: string | undefined;
  /** `runModel`'s model. */
  readonly name?: string | undefined;
  /** `resumeRun`'s run id. */
  readonly runId?: string | undefined;
  /** `compare`'s shadow schema. */
  readonly shadowSchema?: string | undefined;
}

/** The subclass hook, bound to its resource. @internal */
export type SuffixHook = (ctx: ShadowSuffixContext) => string | null | undefined;

/** What suffix resolution needs. @internal */
export interface SuffixRequest {
  readonly verb: ShadowVerb;
  readonly options: VerbArgsOptions[ShadowVerb];
  readonly shadowMode: ShadowMode;
  readonly decision: ShadowDecision;
  readonly env: Env;
  readonly hook: SuffixHook;
  /** Throw when shadowing is required and no suffix resolved (not for compare, which refuses on its own). */
  readonly requireWhenShadowed: boolean;
}

/**
 * The suffix a shadowed verb carries, or null for production tables. Throws
 * RockyShadowError when the hook throws, returns a non-identifier, or (when
 * required) returns nothing. @internal
 */
export function resolveSuffix(req: SuffixRequest): string | null {
  const { verb, decision } = req;
  let suffix: unknown = req.options.shadowSuffix;
  if (suffix === undefined) {
    const ctx: ShadowSuffixContext = Object.freeze({
      verb,
      options: req.options,
      shadowMode: req.shadowMode,
      branchDeployment: decision.info,
      preview: decision.preview,
      env: req.env,
    });
    try {
      suffix = req.hook(ctx);
    } catch (error) {
      throw new RockyShadowError(
        "hook_failed",
        `resolveShadowSuffix threw; nothing was spawned: ${safeString(error)}`,
        { command: verb, cause: error },
      );
    }
  }
  if (suffix !== null && suffix !== undefined && !isRockyIdentifier(suffix)) {
    throw new RockyShadowError(
      "invalid_suffix",
      `shadow suffix ${safeJson(suffix)} is not an identifier (^[A-Za-z0-9_]+$); nothing was spawned`,
      { command: verb, suffix },
    );
  }
  if (decision.required && (suffix === null || suffix === undefined) && req.requireWhenShadowed) {
    const where = decision.info.isBranchDeployment ? ", inside a branch deployment" : "";
    throw new RockyShadowError(
      "suffix_required",
      `rocky ${verb} needs a shadow suffix here (shadowMode "${req.shadowMode}"${where}) and none was resolved; nothing was spawned`,
      { command: verb },
    );
  }
  return (suffix as string | null | undefined) ?? null;
}

/** The suffix of `shadowMode: "always"` when the resource sets none. */
const DEFAULT_ALWAYS_SUFFIX = "_rocky_shadow";

/**
 * `resolveShadowSuffix`'s default: the deployment's suffix (`_dagster_pr_<n>`
 * in a branch deployment, the preview's in preview mode), the resource's
 * `shadowSuffix` (or `_rocky_shadow`) for "always", else null. @internal
 */
export function defaultShadowSuffix(
  ctx: ShadowSuffixContext,
  alwaysSuffix: string | undefined,
): string | null | undefined {
  switch (ctx.shadowMode) {
    case "branch_deploy":
      return branchDeployShadowSuffix(ctx.branchDeployment);
    case "preview":
      return previewShadowSuffix(ctx.preview);
    case "always":
      return alwaysSuffix ?? DEFAULT_ALWAYS_SUFFIX;
    default:
      return null;
  }
}
