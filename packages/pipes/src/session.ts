/**
 * Process-wide count of open Pipes sessions, shared through a registered symbol so that other
 * packages (RockyResource) and other copies of this package see the same value without importing
 * it: while a session is open, `globalThis[Symbol.for(PIPES_SESSION_KEY)]` is a positive
 * integer; when none is open the property is absent.
 */
export const PIPES_SESSION_KEY = "@dagster-rocky/pipes.session";

/**
 * @deprecated Renamed {@link PIPES_SESSION_KEY}: it holds the key string, not a symbol
 * (`Symbol.for(PIPES_SESSION_KEY)` is the symbol).
 */
export const PIPES_SESSION_SYMBOL = PIPES_SESSION_KEY;

const sessionKey = Symbol.for(PIPES_SESSION_KEY);

const store = globalThis as unknown as Record<symbol, unknown>;

/** Number of Pipes sessions currently open in this process (0 when none). */
export function openPipesSessionCount(): number {
  const value = store[sessionKey];
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;
}

/** @internal Counts a session as open. */
export function incrementSessionCount(): void {
  store[sessionKey] = openPipesSessionCount() + 1;
}

/** @internal Counts a session as closed. */
export function decrementSessionCount(): void {
  const next = openPipesSessionCount() - 1;
  if (next > 0) {
    store[sessionKey] = next;
  } else {
    delete store[sessionKey];
  }
}
