/**
 * While a Node Dagster Pipes session is open (see @dagster-rocky/pipes), the
 * Node side reports to Dagster, so rocky's own Pipes emitter must stay off:
 * it would write its own `closed` into our session. The pipes package counts
 * open sessions on this global symbol; no import between the packages needed.
 * This is the one place the DAGSTER_PIPES_* variables are stripped.
 */

/** The registered symbol under which the pipes package counts open sessions (`Symbol.for` of pipes' `PIPES_SESSION_KEY`). @internal */
export const PIPES_SESSION_COUNTER = Symbol.for("@dagster-rocky/pipes.session");
/** The variables rocky would use to report to Dagster itself. @internal */
export const PIPES_ENV_VARS = ["DAGSTER_PIPES_CONTEXT", "DAGSTER_PIPES_MESSAGES"] as const;

/** True while a Node Pipes session is open in this process. @internal */
export function isPipesSessionOpen(): boolean {
  const count = (globalThis as Record<symbol, unknown>)[PIPES_SESSION_COUNTER];
  return typeof count === "number" && count > 0;
}

/** The child's environment: `env`, minus the Pipes variables inside an open session. @internal */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  if (!isPipesSessionOpen()) return env;
  const copy: Record<string, string | undefined> = { ...env };
  for (const name of PIPES_ENV_VARS) delete copy[name];
  return copy;
}
