/**
 * Whether this call requires shadow tables, and the detection it rests on.
 * Detection fails closed: under "branch_deploy" and "preview" a deployment
 * seen in the process's own environment or in the `env` option counts (a
 * curated child env must not turn a PR deployment into production), two
 * environments that describe different deployments refuse, and a Dagster+
 * flag that cannot be read as a branch or a full deployment refuses.
 */
import {
  type BranchDeploymentInfo,
  branchDeploymentFlag,
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  detectPreviewDeployment,
  ENV_IS_BRANCH_DEPLOYMENT,
  type PreviewDeployment,
  type PreviewDetector,
  type PreviewPlatform,
  previewShadowSuffix,
} from "@dagster-rocky/core";
import { RockyShadowError } from "../errors.js";
import type { ShadowMode } from "../options.js";

/** Environment variables as detection reads them. @internal */
export type Env = Readonly<Record<string, string | undefined>>;

/** The environments detection reads. @internal */
export interface DetectionEnvs {
  /** The Node process's own environment (a snapshot taken when the call was prepared). */
  readonly process: Env;
  /** The resource's `env` option (the child's environment), when it has one. */
  readonly option: Env | undefined;
}

/** Whether shadowing is required here, and the detection it rests on. @internal */
export interface ShadowDecision {
  /** True when no shadowed write may be spawned without a valid suffix. */
  readonly required: boolean;
  /** The Dagster+ branch deployment detection (the environment that detected one, if any). */
  readonly info: BranchDeploymentInfo;
  /** The detected preview deployment (`shadowMode: "preview"` only), else null. */
  readonly preview: PreviewDeployment | null;
  /** A Dagster+ branch deployment is seen in either environment, whatever the mode. */
  readonly branchSeen: boolean;
}

/** The resource options the decision reads. @internal */
export interface ShadowSettings {
  readonly shadowMode: ShadowMode;
  readonly previewDetectors?: readonly (PreviewPlatform | PreviewDetector)[] | undefined;
}

interface Source {
  readonly env: Env;
  readonly where: string;
}

/** The option env first (it is the child's), then the process's; one entry when they are the same. */
function sourcesOf(envs: DetectionEnvs): readonly Source[] {
  const proc: Source = { env: envs.process, where: "process.env" };
  if (envs.option === undefined || envs.option === envs.process) return [proc];
  return [{ env: envs.option, where: "the env option" }, proc];
}

/**
 * Detects the deployment in every source and decides. Pure: reads only the
 * given environments. Throws RockyShadowError `deployment_unknown` or
 * `deployment_ambiguous` where it cannot tell. @internal
 */
export function decideShadow(
  settings: ShadowSettings,
  envs: DetectionEnvs,
  command: string | null = null,
): ShadowDecision {
  const sources = sourcesOf(envs);
  const mode = settings.shadowMode;
  const branches = sources.filter((s) => branchDeploymentFlag(s.env) === "branch");
  const info = branchDeploymentInfo((branches[0] ?? (sources[0] as Source)).env);
  const branchSeen = branches.length > 0;
  if (mode === "branch_deploy") {
    if (!branchSeen) refuseUnrecognised(sources, mode, command);
    agreeOn(
      branches.map((s) => [s.where, branchDeployShadowSuffix(branchDeploymentInfo(s.env))]),
      mode,
      command,
    );
    return { required: branchSeen, info, preview: null, branchSeen };
  }
  if (mode === "preview") {
    const detectors = settings.previewDetectors ?? ["dagster_plus"];
    const found = sources.flatMap((s) => {
      const p = detectPreviewDeployment(s.env, { detectors });
      return p === null ? [] : [{ where: s.where, preview: p }];
    });
    if (found.length === 0 && detectors.includes("dagster_plus"))
      refuseUnrecognised(sources, mode, command);
    agreeOn(
      found.map((f) => [f.where, previewShadowSuffix(f.preview)]),
      mode,
      command,
    );
    return { required: found.length > 0, info, preview: found[0]?.preview ?? null, branchSeen };
  }
  return { required: mode === "always", info, preview: null, branchSeen };
}

/** No deployment detected, but a Dagster+ flag nobody can read: neither production nor a branch. */
function refuseUnrecognised(
  sources: readonly Source[],
  mode: ShadowMode,
  command: string | null,
): void {
  const bad = sources.find((s) => branchDeploymentFlag(s.env) === "unrecognised");
  if (bad === undefined) return;
  // The value is not quoted: it is an environment value.
  throw new RockyShadowError(
    "deployment_unknown",
    `${ENV_IS_BRANCH_DEPLOYMENT} in ${bad.where} is set to a value that is neither a branch deployment ("1" or "true") nor a full one ("0" or "false"), so shadowMode "${mode}" cannot tell whether this is production; fix the variable, or set shadowMode: "off" where this is knowingly production. Nothing was spawned`,
    { command },
  );
}

/** Two environments that detect deployments with different default suffixes: cannot tell which one this is. */
function agreeOn(
  found: readonly (readonly [string, string | null])[],
  mode: ShadowMode,
  command: string | null,
): void {
  const distinct = new Set(found.map(([, suffix]) => suffix));
  if (distinct.size <= 1) return;
  const list = found.map(([where, suffix]) => `${where}: ${JSON.stringify(suffix)}`).join(", ");
  throw new RockyShadowError(
    "deployment_ambiguous",
    `shadowMode "${mode}" detects two different deployments (${list}), so which one this call acts for cannot be told; make the env option and process.env describe the same deployment. Nothing was spawned`,
    { command },
  );
}

/** What will happen to the next run, for logging: see `RockyResource.shadowContext()`. */
export interface ShadowContext {
  /** The resource's shadow mode. */
  readonly shadowMode: ShadowMode;
  /** The Dagster+ branch deployment detection. */
  readonly branchDeployment: BranchDeploymentInfo;
  /** The detected preview deployment (`shadowMode: "preview"` only), else null. */
  readonly preview: PreviewDeployment | null;
  /** True when no run or plan may be spawned without a valid suffix. */
  readonly shadowRequired: boolean;
  /** The suffix every run and plan will carry, or null for production tables. */
  readonly suffix: string | null;
}
