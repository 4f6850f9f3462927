/**
 * "Is it gone?" for tests that promise no process is left behind. A process
 * counts as gone when /proc has no entry for it or it is a zombie: where PID 1
 * does not reap orphans, a killed grandchild lingers as `Z` and
 * `process.kill(pid, 0)` still succeeds. Linux only (reads /proc).
 */
import { readdirSync, readFileSync } from "node:fs";

/** True when `pid` no longer runs (no /proc entry, or a zombie). */
export function isProcessGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the command name, which may itself contain ")".
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state === "Z" || state === "X";
  } catch {
    return true;
  }
}

/** Polls until every pid is gone or `timeoutMs` passes; resolves whether they all went. */
export async function waitForProcessesGone(
  pids: readonly number[],
  timeoutMs = 5_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!pids.every(isProcessGone)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** PIDs of running (non-zombie) processes whose command line contains `text`, e.g. a simulator's dir. */
export function runningProcessesMatching(text: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(text) && !isProcessGone(Number(entry))) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}
