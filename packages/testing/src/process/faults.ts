/**
 * The scenario's fault injection after a verb has its result: a self-kill, a stderr flood, a
 * grandchild holding the pipes open, and a hang (with its safety-net exit 124).
 */
import { logLine, type OutputFormat } from "../context.js";
import type { CommandBehavior } from "../types.js";
import type { Recorder } from "./recorder.js";
import { MAX_TIMER_MS, sleep, writeTo } from "./streams.js";

const DEFAULT_HANG_MAX_MS = 30 * 60 * 1000;

async function floodStderr(lines: number, lineBytes: number): Promise<void> {
  const size = Math.max(1, Math.floor(lineBytes));
  const prefix = "WARN rocky::sim: stderr flood ";
  const body = size <= 1 ? "" : (prefix + "x".repeat(size)).slice(0, size - 1);
  const line = `${body}\n`;
  const perChunk = Math.max(1, Math.floor(65536 / size));
  const chunk = line.repeat(perChunk);
  let left = Math.floor(lines);
  while (left > 0) {
    if (left >= perChunk) {
      await writeTo(process.stderr, chunk);
      left -= perChunk;
    } else {
      await writeTo(process.stderr, line.repeat(left));
      left = 0;
    }
  }
}

/** `selfKill`: dies by the signal having printed nothing (an external kill, e.g. the OOM killer). */
export async function selfKill(behavior: CommandBehavior): Promise<void> {
  if (behavior.selfKill === undefined) return;
  process.kill(process.pid, behavior.selfKill);
  await sleep(MAX_TIMER_MS);
}

/**
 * Writes the progress lines and the flood, starts the grandchild, and hangs when asked. Returns
 * true when the process hangs (nothing more is written; the safety net exits 124).
 */
export async function progressAndFaults(
  behavior: CommandBehavior,
  progress: readonly string[],
  format: OutputFormat,
  rec: Recorder,
  finish: (code: number) => Promise<void>,
): Promise<boolean> {
  for (const line of progress) await writeTo(process.stderr, line);
  if (behavior.stderrLines !== undefined && behavior.stderrLines > 0) {
    await floodStderr(behavior.stderrLines, behavior.stderrLineBytes ?? 100);
  }
  const maxMs = Math.min(behavior.hangMaxMs ?? DEFAULT_HANG_MAX_MS, MAX_TIMER_MS);
  if (behavior.grandchild === true) {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["-e", `setTimeout(() => {}, ${maxMs})`], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", () => {});
    if (child.pid !== undefined) rec.write({ t: "grandchild", pid: child.pid });
  }
  if (behavior.hang === true) {
    await writeTo(process.stderr, logLine(format, "INFO", "waiting for warehouse", {}));
    setTimeout(() => void finish(124), maxMs);
    return true;
  }
  if (behavior.delayMs !== undefined && behavior.delayMs > 0) await sleep(behavior.delayMs);
  return false;
}
