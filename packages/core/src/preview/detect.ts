import type { Env } from "../env.js";
import { sanitizeIdentifierPart } from "../identifier.js";
import { DAGSTER_PLUS_ENV_VARS, dagsterPlusDetector } from "./dagster-plus.js";
import { GITHUB_ACTIONS_ENV_VARS, githubActionsDetector } from "./github-actions.js";
import { GITLAB_ENV_VARS, gitlabDetector } from "./gitlab.js";
import { HEROKU_ENV_VARS, herokuDetector } from "./heroku.js";
import { NETLIFY_ENV_VARS, netlifyDetector } from "./netlify.js";
import { RENDER_ENV_VARS, renderDetector } from "./render.js";
import { PLATFORM_TOKENS } from "./tokens.js";
import {
  PREVIEW_PLATFORMS,
  type PreviewDeployment,
  type PreviewDetails,
  type PreviewDetector,
  type PreviewPlatform,
} from "./types.js";
import { VERCEL_ENV_VARS, vercelDetector } from "./vercel.js";

const BUILT_IN: Readonly<Record<PreviewPlatform, PreviewDetector>> = Object.freeze({
  dagster_plus: dagsterPlusDetector,
  github_actions: githubActionsDetector,
  gitlab: gitlabDetector,
  vercel: vercelDetector,
  netlify: netlifyDetector,
  render: renderDetector,
  heroku: herokuDetector,
});

/** The variables each built-in detector reads, by platform (role → variable name). */
export const PREVIEW_ENV_VARS = Object.freeze({
  dagster_plus: DAGSTER_PLUS_ENV_VARS,
  github_actions: GITHUB_ACTIONS_ENV_VARS,
  gitlab: GITLAB_ENV_VARS,
  vercel: VERCEL_ENV_VARS,
  netlify: NETLIFY_ENV_VARS,
  render: RENDER_ENV_VARS,
  heroku: HEROKU_ENV_VARS,
} as const satisfies Record<PreviewPlatform, Readonly<Record<string, string>>>);

export interface DetectPreviewOptions {
  /**
   * Detectors to try, in order; the first match wins. Built-in names
   * ({@link PreviewPlatform}) and/or custom {@link PreviewDetector}s.
   * Default: `["dagster_plus"]`.
   */
  readonly detectors?: readonly (PreviewPlatform | PreviewDetector)[];
}

const DEFAULT_DETECTORS: readonly PreviewPlatform[] = Object.freeze(["dagster_plus"]);

export function isPreviewPlatform(value: unknown): value is PreviewPlatform {
  return typeof value === "string" && Object.hasOwn(BUILT_IN, value);
}

/**
 * Detects the preview deployment described by `env` (read at call time), trying
 * `detectors` in order. Returns the first match as a frozen
 * {@link PreviewDeployment}, or `null` when none matches.
 *
 * Throws a `TypeError` (before any detector runs) for an unknown detector name
 * or a malformed custom detector. Built-in detectors never throw.
 */
export function detectPreviewDeployment(
  env: Env = process.env,
  { detectors = DEFAULT_DETECTORS }: DetectPreviewOptions = {},
): PreviewDeployment | null {
  const resolved = resolveDetectors(detectors);
  for (const detector of resolved) {
    const details = detector.detect(env);
    if (details === null || details === undefined) continue;
    if (typeof details !== "object") {
      throw new TypeError(
        `preview detector "${detector.name}" returned ${typeof details}; expected an object or null`,
      );
    }
    return toDeployment(detector.name, details);
  }
  return null;
}

/** Validates and resolves a detector list; exported for the CLI. */
export function resolveDetectors(
  detectors: readonly (PreviewPlatform | PreviewDetector)[],
): readonly PreviewDetector[] {
  if (!Array.isArray(detectors)) {
    throw new TypeError("detectors must be an array of detector names or detector objects");
  }
  return detectors.map((entry: unknown) => {
    if (typeof entry === "string") {
      if (isPreviewPlatform(entry)) return BUILT_IN[entry];
      throw new TypeError(
        `unknown preview detector ${JSON.stringify(entry)}; known detectors: ${PREVIEW_PLATFORMS.join(", ")}`,
      );
    }
    return checkCustomDetector(entry);
  });
}

function checkCustomDetector(entry: unknown): PreviewDetector {
  if (typeof entry !== "object" || entry === null) {
    throw new TypeError(
      `a preview detector must be a built-in name (${PREVIEW_PLATFORMS.join(", ")}) or an object { name, detect(env) }; got ${entry === null ? "null" : typeof entry}`,
    );
  }
  const { name, detect } = entry as { name?: unknown; detect?: unknown };
  if (typeof name !== "string" || name === "") {
    throw new TypeError("a custom preview detector needs a non-empty string `name`");
  }
  if (typeof detect !== "function") {
    throw new TypeError(`custom preview detector "${name}" needs a detect(env) function`);
  }
  const token = sanitizeIdentifierPart(name).toLowerCase();
  const reserved = new Set<string>([...PREVIEW_PLATFORMS, ...Object.values(PLATFORM_TOKENS)]);
  if (reserved.has(name) || reserved.has(token)) {
    throw new TypeError(
      `custom preview detector name ${JSON.stringify(name)} is reserved by a built-in detector; choose another name`,
    );
  }
  return entry as PreviewDetector;
}

function toDeployment(platform: string, details: PreviewDetails): PreviewDeployment {
  return Object.freeze({
    platform,
    prNumber: text(details.prNumber),
    branch: text(details.branch),
    gitSha: text(details.gitSha),
    deploymentName: text(details.deploymentName),
  });
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
