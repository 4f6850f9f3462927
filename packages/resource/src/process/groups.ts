/**
 * The registry of live rocky process groups, and their cleanup when this
 * process exits (normally, by process.exit, or by a signal: signal-exit
 * re-raises the signal afterwards when nobody else handles it, so the app's
 * own behaviour is unchanged). Anything that must know which groups are
 * alive (the exit handler, a watchdog for orphans) hooks in here.
 */
import { onExit } from "signal-exit";

const liveGroups = new Set<number>();
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

/** Registers a group started by this SDK; it is SIGKILLed if this process exits first. @internal */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  clearTimeout(removeTimer);
  removeExitHandler ??= onExit(() => {
    for (const group of liveGroups) killGroup(group, "SIGKILL");
    liveGroups.clear();
  });
}

/** Forgets a group that has ended; the exit handler goes once none is left. @internal */
export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
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
  return [...liveGroups];
}
