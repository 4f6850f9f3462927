/**
 * Spawns rocky: argv array (never a shell), its own process group, the
 * watchdog, stdout buffered and stderr split into lines. Every listener and
 * timer is removed when a call ends. Throws only typed errors.
 *
 * node:child_process directly, not execa: execa's per-call machinery (option
 * normalisation, its own AbortController, result assembly) cost 0.3-0.5 ms a
 * call, a quarter of the whole spawn; every behaviour the SDK needs (groups,
 * kill escalation, caps, stderr tail) is implemented here and in ./groups.ts,
 * ./watchdog.ts. See BENCHMARKS.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyOutputParseError,
  RockyTimeoutError,
} from "../errors.js";
import type { LoggerLike } from "../logger.js";
import { killGroup, trackGroup, untrackGroup } from "./groups.js";
import { orphanWatchdogStdio, unwatchGroup, watchGroup } from "./orphan-watchdog.js";
import { StderrLines } from "./stderr-lines.js";
import { MAX_STDOUT_CHARS, StdoutBuffer } from "./stdout-buffer.js";
import { startWatchdog } from "./watchdog.js";

/** One spawn. @internal */
export interface RunProcessRequest {
  readonly command: string;
  readonly binaryPath: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onLog: ((line: string) => void) | undefined;
  readonly logger: LoggerLike;
}

/** How a process ended. @internal */
export interface ProcessOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Mutable on purpose: the parser releases it once parsed (see output.ts). */
  stdout: string;
  readonly stderrTail: string;
  readonly durationMs: number;
  readonly pid: number | null;
}

const SPAWN_FAILURE_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "ENOEXEC", "EPERM"]);

function stderrListener(req: RunProcessRequest): ((line: string) => void) | null {
  const { logger, onLog } = req;
  const debug = logger.isLevelEnabled("debug");
  if (!debug && onLog === undefined) return null;
  return (line) => {
    if (debug) logger.debug({ stderr: line }, "rocky stderr");
    if (onLog) {
      try {
        onLog(line);
      } catch (error) {
        logger.warn({ err: error }, "onLog callback threw; ignoring");
      }
    }
  };
}

/** How the child ended, as the `close` (or a spawn `error`) event reports it. */
interface Ended {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Set when the process could not be started. */
  readonly error?: NodeJS.ErrnoException;
}

/** Resolves once the process has exited and its pipes are closed, or failed to start. */
function whenEnded(subprocess: ChildProcess): Promise<Ended> {
  return new Promise((resolve) => {
    subprocess.on("error", (error: NodeJS.ErrnoException) => {
      // After a successful start an error only concerns kill(); `close` still follows.
      if (subprocess.pid === undefined) resolve({ exitCode: null, signal: null, error });
    });
    subprocess.once("close", (exitCode: number | null, signal: NodeJS.Signals | null) =>
      resolve({ exitCode, signal }),
    );
  });
}

/** Runs one rocky process to completion. @internal */
export async function runProcess(req: RunProcessRequest): Promise<ProcessOutcome> {
  const { command } = req;
  if (req.signal?.aborted) {
    throw new RockyAbortError({ command, reason: req.signal.reason, spawned: false });
  }

  const started = performance.now();
  let subprocess: ChildProcess;
  try {
    subprocess = spawn(req.binaryPath, req.args, {
      ...(req.cwd === undefined ? {} : { cwd: req.cwd }),
      env: req.env, // exactly this environment (undefined values are dropped by Node)
      detached: true, // own process group, so the whole tree can be terminated
      // fd 3: the orphan watchdog's tag, so even a child spawned a moment before a SIGKILL is found.
      stdio: ["ignore", "pipe", "pipe", ...orphanWatchdogStdio(req.killGraceMs, req.logger)],
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    // Synchronous refusals (e.g. EACCES on some platforms, invalid arguments).
    const code = (error as NodeJS.ErrnoException).code;
    throw new RockyBinaryNotFoundError(req.binaryPath, {
      command,
      code: typeof code === "string" ? code : null,
      cause: error,
    });
  }
  const ended = whenEnded(subprocess);
  const pid = subprocess.pid ?? null;
  if (pid !== null) trackGroup(pid);
  if (pid !== null) watchGroup(pid, req.killGraceMs, req.logger); // survives even a SIGKILL of this process

  const stdout = new StdoutBuffer();
  const out = subprocess.stdout;
  const err = subprocess.stderr;
  out?.setEncoding("utf8");
  out?.on("data", (chunk: string) => {
    // Past the cap nothing more would be read: stop the process.
    if (stdout.push(chunk) && pid !== null) killGroup(pid, "SIGKILL");
  });
  const stderr = new StderrLines(stderrListener(req));
  err?.setEncoding("utf8");
  err?.on("data", (chunk: string) => stderr.push(chunk));
  // A pipe read error ends that stream; the process outcome still decides the result.
  out?.on("error", (e) => req.logger.warn({ err: e }, "reading rocky's stdout failed"));
  err?.on("error", (e) => req.logger.warn({ err: e }, "reading rocky's stderr failed"));

  const watchdog = startWatchdog({ ...req, pid });
  // When rocky itself exits, anything it left in its group is an orphan
  // (and would hold the pipes open, delaying `close`).
  subprocess.once("exit", () => {
    if (pid !== null) killGroup(pid, "SIGKILL");
  });

  let result: Ended;
  try {
    result = await ended;
  } finally {
    watchdog.dispose();
    if (pid !== null) {
      killGroup(pid, "SIGKILL");
      untrackGroup(pid);
      unwatchGroup(pid);
    }
  }
  stderr.end();
  return outcomeOf(req, { result, pid, started, stdout, stderr, firedBy: watchdog.firedBy });
}

/** The typed error for how the process ended, or its outcome. */
function outcomeOf(
  req: RunProcessRequest,
  ended: {
    result: Ended;
    pid: number | null;
    started: number;
    stdout: StdoutBuffer;
    stderr: StderrLines;
    firedBy: "timeout" | "abort" | null;
  },
): ProcessOutcome {
  const { command } = req;
  const { result, pid } = ended;
  const durationMs = Math.round(performance.now() - ended.started);
  const stderrTail = ended.stderr.tail();
  const code = result.error?.code;
  if (pid === null || (code !== undefined && SPAWN_FAILURE_CODES.has(code))) {
    throw new RockyBinaryNotFoundError(req.binaryPath, {
      command,
      code: code ?? null,
      cause: result.error,
    });
  }
  if (ended.firedBy === "timeout") {
    throw new RockyTimeoutError({ command, timeoutMs: req.timeoutMs, durationMs, pid, stderrTail });
  }
  if (ended.firedBy === "abort") {
    throw new RockyAbortError({ command, reason: req.signal?.reason, spawned: true });
  }
  // Invalid UTF-8 becomes U+FFFD, as before.
  const stdout = ended.stdout.take();
  if (ended.stdout.tooLarge) {
    throw new RockyOutputParseError({
      command,
      kind: "too_large",
      detail: `stdout exceeded ${MAX_STDOUT_CHARS} characters; the process was stopped`,
      stdout,
    });
  }
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout,
    stderrTail,
    durationMs,
    pid,
  };
}
