/** Whether this environment requires shadow tables, and the detection it rests on. */
import {
  type BranchDeploymentInfo,
  branchDeploymentInfo,
  detectPreviewDeployment,
  type PreviewDeployment,
  type PreviewDetector,
  type PreviewPlatform,
} from "@dagster-rocky/core";
import type { ShadowMode } from "../options.js";

/** Environment variables as detection reads them. @internal */
export type Env = Readonly<Record<string, string | undefined>>;

/** Whether shadowing is required here, and the detection it rests on. @internal */
export interface ShadowDecision {
  /** True when no shadowed write may be spawned without a valid suffix. */
  readonly required: boolean;
  /** The Dagster+ branch deployment detection. */
  readonly info: BranchDeploymentInfo;
  /** The detected preview deployment (`shadowMode: "preview"` only), else null. */
  readonly preview: PreviewDeployment | null;
}

/** The resource options the decision reads. @internal */
export interface ShadowSettings {
  readonly shadowMode: ShadowMode;
  readonly previewDetectors?: readonly (PreviewPlatform | PreviewDetector)[] | undefined;
}

/** Detects the deployment once and decides. Pure: reads only `env`. @internal */
export function decideShadow(settings: ShadowSettings, env: Env): ShadowDecision {
  const info = branchDeploymentInfo(env);
  const mode = settings.shadowMode;
  const preview =
    mode === "preview"
      ? detectPreviewDeployment(env, {
          detectors: settings.previewDetectors ?? ["dagster_plus"],
        })
      : null;
  const required =
    mode === "always" ||
    (mode === "branch_deploy" && info.isBranchDeployment) ||
    (mode === "preview" && preview !== null);
  return { required, info, preview };
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
