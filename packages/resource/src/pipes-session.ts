/**
 * While a Node Dagster Pipes session is open (see @dagster-rocky/pipes), the
 * Node side reports to Dagster, so rocky's own Pipes emitter must stay off:
 * it would write its own `closed` into our session. The pipes package counts
 * open sessions on this global symbol; no import between the packages needed.
 */
export const PIPES_SESSION_SYMBOL = Symbol.for("@dagster-rocky/pipes.session");
export const PIPES_ENV_VARS = ["DAGSTER_PIPES_CONTEXT", "DAGSTER_PIPES_MESSAGES"] as const;

export function isPipesSessionOpen(): boolean {
  const count = (globalThis as Record<symbol, unknown>)[PIPES_SESSION_SYMBOL];
  return typeof count === "number" && count > 0;
}
