/**
 * Timeout and abort terminate the whole process group: SIGTERM, then
 * SIGKILL after the grace period. Modelled on execa's lib/terminate.
 */
import { onAbort } from "../abort.js";
import type { LoggerLike } from "../logger.js";
import { killGroup } from "./groups.js";

/** Why the watchdog fired. @internal */
export type WatchdogReason = "timeout" | "abort";

/** A running watchdog. @internal */
export interface Watchdog {
  /** What fired it, or null. */
  readonly firedBy: WatchdogReason | null;
  /** Clears every timer and listener; call once the process has ended (again: nothing). */
  dispose(): void;
}

/** What the watchdog guards. @internal */
export interface WatchdogOptions {
  readonly pid: number | null;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly signal: AbortSignal | undefined;
  readonly logger: LoggerLike;
  /** Called once when it fires (after the SIGTERM). */
  readonly onFire?: ((why: WatchdogReason) => void) | undefined;
}

/** Starts the timeout timer and the abort listener. @internal */
export function startWatchdog(o: WatchdogOptions): Watchdog {
  let firedBy: WatchdogReason | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  let disposed = false;
  const { pid } = o;
  const terminate = (why: WatchdogReason) => {
    if (firedBy !== null || pid === null) return;
    firedBy = why;
    o.logger.debug({ pid, why }, "terminating rocky process group");
    killGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), o.killGraceMs);
    o.onFire?.(why);
  };
  const timeoutTimer = setTimeout(() => terminate("timeout"), o.timeoutMs);
  const stopListening = o.signal ? onAbort(o.signal, () => terminate("abort")) : undefined;
  return {
    get firedBy() {
      return firedBy;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(timeoutTimer);
      if (killTimer !== undefined) clearTimeout(killTimer);
      stopListening?.();
    },
  };
}
