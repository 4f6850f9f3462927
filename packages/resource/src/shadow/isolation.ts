/**
 * A shadowed write never reaches rocky's state with production's identity.
 *
 * - State file: rocky keeps watermarks, run history, run progress and local
 *   idempotency stamps in the state file, and syncs a file whose folder is
 *   named `.rocky-state` to the remote object `<file name>` (rocky-core
 *   state_sync.rs `remote_state_key`; any other file syncs to the one key
 *   `state.redb`). A shadowed call gets `--state-path=.rocky-state/<name>.redb`
 *   (relative to its cwd), `<name>` derived from production's identity and
 *   the suffix: a local file and a remote key of its own. Not
 *   `--state-namespace`: rocky creates `<cwd>/models/` for it
 *   (state.rs `resolve_state_path_ns`), and on a replication project without
 *   models that folder makes `rocky plan` fail ("no models found in models")
 *   and moves production's default state file (state.rs `resolve_state_path`).
 * - Idempotency key: Valkey, S3 and GCS entries share one prefix whatever the
 *   state file (rocky-core idempotency.rs `valkey_key`:
 *   `{prefix}idempotency:<key>`), so the key itself carries the suffix too,
 *   whether it comes from a call, the hook, `ROCKY_IDEMPOTENCY_KEY` (rocky's
 *   fallback for `run` and `plan`, main.rs) or a persisted plan's payload.
 */
import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";
import { RockyShadowError } from "../errors.js";
import type { Env } from "./decision.js";

/** rocky's own fallback for `--idempotency-key` (main.rs, the Run and Plan arms). @internal */
export const IDEMPOTENCY_KEY_ENV = "ROCKY_IDEMPOTENCY_KEY";
/**
 * Longest state name: it becomes the file name `<name>.redb` (and `<name>.redb.lock`),
 * and most file systems stop at 255 bytes.
 */
export const MAX_SHADOW_NAMESPACE_CHARS = 200;
/** The folder, in rocky's cwd, of shadowed writes' state files (rocky's own name for namespaced state). @internal */
export const SHADOW_STATE_DIR = ".rocky-state";

const sha8 = (text: string): string =>
  createHash("sha256").update(text, "utf8").digest("hex").slice(0, 8);

/** `shadow<suffix>`: the part every shadow namespace and key carries (a suffix is an identifier). @internal */
export function shadowTag(suffix: string): string {
  return `shadow${suffix}`;
}

/** Where production's state is: the resource's (or call's) namespace, or its state file. @internal */
export interface StateIdentity {
  readonly stateNamespace?: string | undefined;
  readonly statePath?: string | undefined;
}

/**
 * The name of a shadowed call's state: `<namespace>__shadow<suffix>`,
 * `<state file token>__shadow<suffix>` for a resource with `statePath`
 * (the file's name and 8 hex characters of a SHA-256 of its absolute path),
 * or `shadow<suffix>` on rocky's default state. Always an identifier;
 * longer than {@link MAX_SHADOW_NAMESPACE_CHARS} it is cut and ends with `_`
 * and 8 hex characters of the full name. @internal
 */
export function shadowStateNamespace(
  production: StateIdentity,
  cwd: string,
  suffix: string,
): string {
  const tag = shadowTag(suffix);
  let ns = tag;
  if (production.stateNamespace !== undefined) ns = `${production.stateNamespace}__${tag}`;
  else if (production.statePath !== undefined) {
    const file = resolve(cwd, production.statePath);
    const stem = basename(file)
      .replace(/\.[^.]*$/, "")
      .replace(/[^A-Za-z0-9_]/g, "_")
      .slice(0, 40);
    ns = `${stem === "" ? "state" : stem}_${sha8(file)}__${tag}`;
  }
  if (ns.length <= MAX_SHADOW_NAMESPACE_CHARS) return ns;
  return `${ns.slice(0, MAX_SHADOW_NAMESPACE_CHARS - 9)}_${sha8(ns)}`;
}

/** `--state-path` of a shadowed call, relative to its cwd: `.rocky-state/<name>.redb`. @internal */
export function shadowStatePath(production: StateIdentity, cwd: string, suffix: string): string {
  return `${SHADOW_STATE_DIR}/${shadowStateNamespace(production, cwd, suffix)}.redb`;
}

/** `shadow<suffix>:<key>`: a key no production run, and no other suffix, can claim. @internal */
export function shadowIdempotencyKey(key: string, suffix: string): string {
  return `${shadowTag(suffix)}:${key}`;
}

/** Whether `key` was namespaced for `suffix`. @internal */
export function isShadowKey(key: unknown, suffix: string): boolean {
  return typeof key === "string" && key.startsWith(`${shadowTag(suffix)}:`);
}

/**
 * The child environment of a shadowed call: `ROCKY_IDEMPOTENCY_KEY`, which
 * rocky reads when no `--idempotency-key` is given, namespaced (an empty one
 * is dropped). Returns `env` itself when it has none. @internal
 */
export function isolatedEnv(env: Env, suffix: string): Env {
  if (!Object.hasOwn(env, IDEMPOTENCY_KEY_ENV)) return env;
  const copy: Record<string, string | undefined> = { ...env };
  const key = env[IDEMPOTENCY_KEY_ENV];
  if (typeof key === "string" && key !== "")
    copy[IDEMPOTENCY_KEY_ENV] = shadowIdempotencyKey(key, suffix);
  else delete copy[IDEMPOTENCY_KEY_ENV];
  return copy;
}

/** Every `--idempotency-key` value of an argv (`=v` or a separate token), up to a bare `--`. @internal */
export function idempotencyKeysOf(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") break;
    if (a === "--idempotency-key") out.push(args[i + 1] ?? "");
    else if (a.startsWith("--idempotency-key=")) out.push(a.slice("--idempotency-key=".length));
  }
  return out;
}

/**
 * Throws RockyShadowError `state_not_isolated` unless every idempotency key
 * in the final argv of a shadowed write is namespaced for `suffix` (a
 * buildArgs override may add its own). The key is never quoted. @internal
 */
export function assertArgsIsolated(verb: string, args: readonly string[], suffix: string): void {
  if (idempotencyKeysOf(args).every((k) => isShadowKey(k, suffix))) return;
  throw new RockyShadowError(
    "state_not_isolated",
    `rocky ${verb} arguments carry an --idempotency-key not namespaced for shadow suffix ${JSON.stringify(suffix)} (a shadowed write would claim production's key in the shared state store); pass the key as the idempotencyKey option instead of adding it in buildArgs. Nothing was spawned`,
    { command: verb },
  );
}
