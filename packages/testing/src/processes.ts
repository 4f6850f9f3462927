/**
 * "Is it gone?" for tests that promise no process is left behind. A process
 * counts as gone when /proc has no entry for it or it is a zombie: where PID 1
 * does not reap orphans, a killed grandchild lingers as `Z` and
 * `process.kill(pid, 0)` still succeeds. Linux only: without /proc these
 * helpers throw ProcUnavailableError rather than answer "gone", which would
 * make every "no process left" check pass without testing anything.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Thrown by the liveness helpers on a system without a readable /proc. */
export class ProcUnavailableError extends Error {
  override readonly name = "ProcUnavailableError";
  readonly code = "PROC_UNAVAILABLE";
  constructor(readonly procRoot: string) {
    super(
      `process liveness checks need ${procRoot} (Linux procfs), which is absent: ` +
        "run these tests on Linux instead of treating every process as gone",
    );
  }
}

/** The liveness helpers reading one procfs root. */
export interface Liveness {
  /** True when `pid` no longer runs (no /proc entry, or a zombie). */
  isProcessGone(pid: number): boolean;
  /** Polls until every pid is gone or `timeoutMs` passes; resolves whether they all went. */
  waitForProcessesGone(pids: readonly number[], timeoutMs?: number): Promise<boolean>;
  /** PIDs of running (non-zombie) processes whose command line contains `text`. */
  runningProcessesMatching(text: string): number[];
}

/** The helpers for `procRoot` (default /proc); another root exists only for tests of the refusal. */
export function livenessAt(procRoot = "/proc"): Liveness {
  const requireProc = (): void => {
    if (!existsSync(`${procRoot}/self/stat`)) throw new ProcUnavailableError(procRoot);
  };
  const isProcessGone = (pid: number): boolean => {
    requireProc();
    let stat: string;
    try {
      stat = readFileSync(`${procRoot}/${pid}/stat`, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ESRCH") return true;
      throw error;
    }
    // The state letter follows the command name, which may itself contain ")".
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state === "Z" || state === "X";
  };
  return {
    isProcessGone,
    async waitForProcessesGone(pids, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pids.every((pid) => isProcessGone(pid))) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    },
    runningProcessesMatching(text) {
      requireProc();
      const out: number[] = [];
      for (const entry of readdirSync(procRoot)) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const cmdline = readFileSync(`${procRoot}/${entry}/cmdline`, "utf8");
          if (cmdline.includes(text) && !isProcessGone(Number(entry))) out.push(Number(entry));
        } catch {
          // The process ended while we looked.
        }
      }
      return out;
    },
  };
}

const proc = livenessAt();

/** True when `pid` no longer runs (no /proc entry, or a zombie). Throws without /proc. */
export function isProcessGone(pid: number): boolean {
  return proc.isProcessGone(pid);
}

/** Polls until every pid is gone or `timeoutMs` passes; resolves whether they all went. */
export function waitForProcessesGone(pids: readonly number[], timeoutMs = 5_000): Promise<boolean> {
  return proc.waitForProcessesGone(pids, timeoutMs);
}

/** PIDs of running (non-zombie) processes whose command line contains `text`, e.g. a simulator's dir. */
export function runningProcessesMatching(text: string): number[] {
  return proc.runningProcessesMatching(text);
}
