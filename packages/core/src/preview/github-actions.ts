// GitHub Actions workflows run for a pull request.
// Sources: GitHub docs, "Variables reference" (default environment variables)
// https://docs.github.com/en/actions/reference/variables-reference
// and "Webhook events and payloads" (pull_request.number in the event payload)
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
// GITHUB_ACTIONS is "true" when GitHub Actions runs the workflow. GITHUB_EVENT_NAME is the
// triggering event; GITHUB_HEAD_REF (the PR's source branch) is set only for
// "pull_request" and "pull_request_target". For "pull_request", GITHUB_REF is
// "refs/pull/<number>/merge"; for "pull_request_target" it is the base branch, so the
// number is read from the event payload file at GITHUB_EVENT_PATH.
import { type Env, readEnvValue } from "../env.js";
import { isPositiveAsciiInteger } from "../identifier.js";
import { readBounded } from "./read-bounded.js";
import type { PreviewDetails, PreviewDetector } from "./types.js";

export const GITHUB_ACTIONS_ENV_VARS = Object.freeze({
  ACTIONS: "GITHUB_ACTIONS",
  EVENT_NAME: "GITHUB_EVENT_NAME",
  EVENT_PATH: "GITHUB_EVENT_PATH",
  REF: "GITHUB_REF",
  HEAD_REF: "GITHUB_HEAD_REF",
  SHA: "GITHUB_SHA",
} as const);

/** Event files larger than this are ignored (a pull_request payload is far smaller). */
export const MAX_EVENT_FILE_BYTES = 4 * 1024 * 1024;

const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);
const PULL_REF = /^refs\/pull\/([0-9]+)\/merge$/;

export const githubActionsDetector: PreviewDetector = Object.freeze({
  name: "github_actions",
  detect(env: Env): PreviewDetails | null {
    if (env[GITHUB_ACTIONS_ENV_VARS.ACTIONS] !== "true") return null;
    const event = env[GITHUB_ACTIONS_ENV_VARS.EVENT_NAME];
    if (typeof event !== "string" || !PULL_REQUEST_EVENTS.has(event)) return null;
    return {
      prNumber: pullRequestNumber(env, event),
      branch: readEnvValue(env, GITHUB_ACTIONS_ENV_VARS.HEAD_REF),
      gitSha: readEnvValue(env, GITHUB_ACTIONS_ENV_VARS.SHA),
    };
  },
});

function pullRequestNumber(env: Env, event: string): string | null {
  if (event === "pull_request") {
    const ref = readEnvValue(env, GITHUB_ACTIONS_ENV_VARS.REF);
    const n = ref === null ? undefined : PULL_REF.exec(ref)?.[1];
    if (isPositiveAsciiInteger(n)) return n;
  }
  const path = readEnvValue(env, GITHUB_ACTIONS_ENV_VARS.EVENT_PATH);
  return path === null ? null : readEventPullRequestNumber(path);
}

/**
 * `pull_request.number` from the event payload at `path`, as a decimal string, or
 * `null` when the file is missing, unreadable, not a regular file, larger than
 * {@link MAX_EVENT_FILE_BYTES}, not JSON, or the number is not a positive safe integer.
 * Synchronous and never throws.
 */
export function readEventPullRequestNumber(path: string): string | null {
  const text = readBounded(path, MAX_EVENT_FILE_BYTES);
  if (text === null) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return null;
  }
  const pr = isRecord(payload) ? payload.pull_request : undefined;
  const n = isRecord(pr) ? pr.number : undefined;
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? String(n) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
