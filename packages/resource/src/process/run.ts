/**
 * Spawns rocky: argv array (never a shell), its own process group, the
 * watchdog, stdout buffered and stderr split into lines. Every listener and
 * timer is removed when a call ends. Throws only typed errors.
 */
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

type Execa = typeof import("execa").execa;
let execaPromise: Promise<Execa> | null = null;
let execaLoaded: Execa | null = null;
// Loaded on first spawn, not at import: keeps `import` of the resource cheap.
const loadExeca = (): Promise<Execa> => {
  execaPromise ??= import("execa").then((m) => {
    execaLoaded = m.execa;
    return m.execa;
  });
  return execaPromise;
};

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

/** Runs one rocky process to completion. @internal */
export async function runProcess(req: RunProcessRequest): Promise<ProcessOutcome> {
  const { command } = req;
  if (req.signal?.aborted) {
    throw new RockyAbortError({ command, reason: req.signal.reason, spawned: false });
  }
  // No await once loaded: a spawn should not wait a turn of the event loop.
  const execa = execaLoaded ?? (await loadExeca());
  if (req.signal?.aborted) {
    throw new RockyAbortError({ command, reason: req.signal.reason, spawned: false });
  }

  const started = performance.now();
  const subprocess = execa(req.binaryPath, req.args, {
    ...(req.cwd === undefined ? {} : { cwd: req.cwd }),
    env: req.env,
    extendEnv: false,
    detached: true, // own process group, so the whole tree can be terminated
    cleanup: false, // handled by ./groups.ts for the whole group
    // fd 3: the orphan watchdog's tag, so even a child spawned a moment before a SIGKILL is found.
    // (execa's types only list fds 3-9 as numbers; any open fd is inherited at runtime.)
    stdio: ["ignore", "pipe", "pipe", ...orphanWatchdogStdio(req.killGraceMs, req.logger)] as [
      "ignore",
      "pipe",
      "pipe",
    ],
    // Both streams are read here: execa's own buffering (encoding transforms,
    // maxBuffer accounting) cost ~0.3 ms a call and made a 50 MB output take
    // 1.8x the bare floor; see BENCHMARKS.md.
    buffer: false,
    encoding: "buffer",
    reject: false,
    windowsHide: true,
  });
  const pid = subprocess.pid ?? null;
  if (pid !== null) trackGroup(pid);
  if (pid !== null) watchGroup(pid, req.killGraceMs, req.logger); // survives even a SIGKILL of this process

  const stdout = new StdoutBuffer();
  subprocess.stdout?.setEncoding("utf8");
  subprocess.stdout?.on("data", (chunk: string) => {
    // Past the cap nothing more would be read: stop the process.
    if (stdout.push(chunk) && pid !== null) killGroup(pid, "SIGKILL");
  });
  const stderr = new StderrLines(stderrListener(req));
  subprocess.stderr?.setEncoding("utf8");
  subprocess.stderr?.on("data", (chunk: string) => stderr.push(chunk));

  const watchdog = startWatchdog({ ...req, pid });
  // When rocky itself exits, anything it left in its group is an orphan.
  subprocess.once("exit", () => {
    if (pid !== null) killGroup(pid, "SIGKILL");
  });

  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
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
    result: {
      exitCode?: number | undefined;
      signal?: string | undefined;
      code?: string | undefined;
      cause?: unknown;
    };
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
  const code = result.code;
  if (
    pid === null ||
    (code !== undefined && SPAWN_FAILURE_CODES.has(code) && result.exitCode === undefined)
  ) {
    throw new RockyBinaryNotFoundError(req.binaryPath, {
      command,
      code: code ?? null,
      cause: result.cause,
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
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    stdout,
    stderrTail,
    durationMs,
    pid,
  };
}
