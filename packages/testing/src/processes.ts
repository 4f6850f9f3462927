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

/** Where the liveness helpers look; an option only so tests can point it at a missing dir. */
export interface ProcOptions {
  procRoot?: string;
}

function requireProc(procRoot: string): void {
  if (!existsSync(`${procRoot}/self/stat`)) throw new ProcUnavailableError(procRoot);
}

/** True when `pid` no longer runs (no /proc entry, or a zombie). */
export function isProcessGone(pid: number, options: ProcOptions = {}): boolean {
  const procRoot = options.procRoot ?? "/proc";
  requireProc(procRoot);
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
}

/** Polls until every pid is gone or `timeoutMs` passes; resolves whether they all went. */
export async function waitForProcessesGone(
  pids: readonly number[],
  timeoutMs = 5_000,
  options: ProcOptions = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!pids.every((pid) => isProcessGone(pid, options))) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** PIDs of running (non-zombie) processes whose command line contains `text`, e.g. a simulator's dir. */
export function runningProcessesMatching(text: string, options: ProcOptions = {}): number[] {
  const procRoot = options.procRoot ?? "/proc";
  requireProc(procRoot);
  const out: number[] = [];
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`${procRoot}/${entry}/cmdline`, "utf8");
      if (cmdline.includes(text) && !isProcessGone(Number(entry), options)) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}
