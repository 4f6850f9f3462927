import type { Env } from "../env.js";

/** Names of the built-in preview detectors, in their documented order. */
export const PREVIEW_PLATFORMS = Object.freeze([
  "dagster_plus",
  "github_actions",
  "gitlab",
  "vercel",
  "netlify",
  "render",
  "heroku",
] as const);

/** A built-in preview detector's name. */
export type PreviewPlatform = (typeof PREVIEW_PLATFORMS)[number];

/**
 * A detected preview deployment: a frozen snapshot. Unknown or empty values
 * are `null`. `prNumber` is kept exactly as the platform gives it (a string);
 * it is validated only when a suffix is derived.
 */
export interface PreviewDeployment {
  /** A built-in {@link PreviewPlatform}, or a custom detector's `name`. */
  readonly platform: PreviewPlatform | (string & {});
  /** Pull/merge-request number as given, or `null`. */
  readonly prNumber: string | null;
  /** Source branch of the pull/merge request, or `null`. */
  readonly branch: string | null;
  /** Commit SHA being deployed, or `null`. */
  readonly gitSha: string | null;
  /** Platform deployment name (Dagster+ only among the built-ins), or `null`. */
  readonly deploymentName: string | null;
}

/** What a detector reports on a match. Missing, `undefined`, empty or non-string values become `null`. */
export interface PreviewDetails {
  readonly prNumber?: string | null | undefined;
  readonly branch?: string | null | undefined;
  readonly gitSha?: string | null | undefined;
  readonly deploymentName?: string | null | undefined;
}

/**
 * A preview detector: built-in or your own. `detect` returns the preview's
 * details when `env` describes a preview deployment, else `null`. It should be
 * pure and must not throw; `detectPreviewDeployment` sets `platform` to `name`.
 */
export interface PreviewDetector {
  /** Reported as `PreviewDeployment.platform`. Custom names must be non-empty and not a built-in's. */
  readonly name: string;
  detect(env: Env): PreviewDetails | null;
}
