/**
 * The registry of live rocky process groups (the one registry), and their
 * cleanup when this process exits: normally, by process.exit, or by a signal
 * (signal-exit re-raises the signal afterwards when nobody else handles it, so
 * the app's own behaviour is unchanged), and, through the orphan watchdog
 * (./orphan-watchdog.ts), when it dies without running any handler (SIGKILL).
 * Every spawn goes through here: `spawnStdio` before it, `trackGroup` once it
 * has a pid, `untrackGroup` once the group has ended.
 */
import { onExit } from "signal-exit";
import type { LoggerLike } from "../logger.js";
import { announceGroup, orphanWatchdogStdio, retractGroup } from "./orphan-watchdog.js";

const liveGroups = new Map<number, number>(); // pgid -> killGraceMs
let removeExitHandler: (() => void) | null = null;
let removeTimer: NodeJS.Timeout | undefined;
/**
 * How long the exit handler outlives the last group. Installing it adds a
 * listener per signal (~15 native signal handlers): 0.2 ms, paid on every
 * call when calls run back to back. With no group alive it only re-raises.
 */
const EXIT_HANDLER_LINGER_MS = 1_000;

/**
 * Sends `signal` to the whole group; a group already gone is not an error.
 * Anything but a real group leader's pid is ignored: `kill(-0)` would signal
 * this process's own group and `kill(-1)` every process we may signal, so a
 * missing pid (a spawn that failed) must never reach `process.kill`. @internal
 */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (!Number.isSafeInteger(pid) || pid <= 1) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Extra stdio entries for a spawn about to happen (the orphan watchdog's tag as
 * fd 3), the watchdog started if needed. Call right before spawning. @internal
 */
export function spawnStdio(killGraceMs: number, logger?: LoggerLike): number[] {
  return orphanWatchdogStdio(killGraceMs, logger, liveGroups);
}

/**
 * Registers a group started by this SDK: it is SIGKILLed if this process exits
 * first, and terminated by the orphan watchdog (SIGTERM, SIGKILL after
 * `killGraceMs`) if this process is killed outright. @internal
 */
export function trackGroup(pid: number, killGraceMs = 0, logger?: LoggerLike): void {
  if (!Number.isSafeInteger(pid) || pid <= 1) return;
  liveGroups.set(pid, killGraceMs);
  clearTimeout(removeTimer);
  removeExitHandler ??= onExit(() => {
    for (const group of liveGroups.keys()) killGroup(group, "SIGKILL");
    liveGroups.clear();
  });
  announceGroup(pid, killGraceMs, logger, liveGroups);
}

/**
 * Forgets a group that has ended, here and in the orphan watchdog (a group id
 * is recycled once its processes are gone: it must never be signalled later).
 * The exit handler goes once none is left. @internal
 */
export function untrackGroup(pid: number): void {
  if (!liveGroups.delete(pid)) return;
  retractGroup(pid);
  if (liveGroups.size === 0 && removeExitHandler !== null) {
    clearTimeout(removeTimer);
    // unref: never keeps the app alive.
    removeTimer = setTimeout(() => {
      if (liveGroups.size === 0 && removeExitHandler !== null) {
        removeExitHandler();
        removeExitHandler = null;
      }
    }, EXIT_HANDLER_LINGER_MS).unref();
  }
}

/** Process groups this module started that have not ended yet (for tests and diagnostics). @internal */
export function liveProcessGroups(): number[] {
  return [...liveGroups.keys()];
}
