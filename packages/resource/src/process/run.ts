/**
 * Spawns rocky: argv array (never a shell), its own process group, the
 * watchdog, stdout buffered and stderr split into lines. Every listener and
 * timer is removed when a call ends. Throws only typed errors.
 *
 * A call settles on time whatever the pipes do: a process that left rocky's
 * group (`setsid`) can hold stdout/stderr open forever, so the call never
 * waits for their end of file longer than DRAIN_MS after rocky exited, nor
 * longer than `killGraceMs` + DRAIN_MS after a timeout or abort fired.
 *
 * node:child_process directly, not execa: execa's per-call machinery (option
 * normalisation, its own AbortController, result assembly) cost 0.3-0.5 ms a
 * call, a quarter of the whole spawn; every behaviour the SDK needs (groups,
 * kill escalation, caps, stderr tail) is implemented here and in ./groups.ts,
 * ./watchdog.ts. See BENCHMARKS.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { diagnoseBinary } from "../binary-file.js";
import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  type RockyFailureReport,
  RockyOutputParseError,
  RockyTimeoutError,
} from "../errors.js";
import type { LoggerLike } from "../logger.js";
import { killGroup, spawnStdio, trackGroup, untrackGroup } from "./groups.js";
import { StderrLines } from "./stderr-lines.js";
import { MAX_STDOUT_CHARS, StdoutBuffer } from "./stdout-buffer.js";
import { startWatchdog, type WatchdogReason } from "./watchdog.js";

/**
 * How long a call waits for rocky's pipes to close once rocky has exited (or,
 * after a timeout or abort, once `killGraceMs` has passed). Everything rocky
 * wrote before exiting already sits in the pipe and is read well within it.
 */
export const DRAIN_MS = 500;

/** One spawn. Never mutated by runProcess. @internal */
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
  /** Most stdout characters buffered (default MAX_STDOUT_CHARS); past it rocky is stopped. */
  readonly maxStdoutChars?: number | undefined;
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
  /** rocky's own `Error:` report (message and cause chain) found on stderr, or null. */
  readonly report?: RockyFailureReport | null;
  /**
   * True when rocky exited but its stdout/stderr were still open DRAIN_MS
   * later (held by a process that left its group): the call did not wait for
   * them, and `stdout` is what was read by then.
   */
  readonly pipesHeldOpen?: boolean;
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

/** How the call ended. */
interface Ended {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Set when the process could not be started. */
  readonly error?: NodeJS.ErrnoException;
  /** rocky itself exited (false: the call settled at its deadline first). */
  readonly exited: boolean;
  /** Its pipes reached end of file. */
  readonly drained: boolean;
}

/** The end of a call, and a way to bring it forward. */
interface Ending {
  readonly ended: Promise<Ended>;
  /** The call settles at most `ms` from now (one more read of the pipes first). */
  deadline(ms: number): void;
}

/**
 * Resolves once the process has exited and its pipes are closed, or failed
 * to start; or at a deadline: DRAIN_MS after the exit, or whatever
 * `deadline` set, whichever comes first.
 */
function whenEnded(subprocess: ChildProcess): Ending {
  let settle: (ended: Ended) => void = () => {};
  const ended = new Promise<Ended>((resolve) => {
    settle = resolve;
  });
  let exit: { exitCode: number | null; signal: string | null } | null = null;
  let over = false;
  let dueAt = Number.POSITIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const finish = (result: Ended) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    settle(result);
  };
  const deadline = (ms: number) => {
    const at = performance.now() + ms;
    if (over || at >= dueAt) return;
    dueAt = at;
    clearTimeout(timer);
    // The timers phase comes before the poll phase: after a busy spell the timer could
    // fire before pipe data already waiting is read. The immediate runs after one poll.
    timer = setTimeout(() => {
      immediate = setImmediate(() =>
        finish({
          exitCode: exit?.exitCode ?? null,
          signal: exit?.signal ?? null,
          exited: exit !== null,
          drained: false,
        }),
      );
    }, ms);
  };
  subprocess.on("error", (error: NodeJS.ErrnoException) => {
    // After a successful start an error only concerns kill(); `exit` still follows.
    if (subprocess.pid === undefined)
      finish({ exitCode: null, signal: null, error, exited: false, drained: true });
  });
  subprocess.once("exit", (exitCode: number | null, signal: NodeJS.Signals | null) => {
    exit = { exitCode, signal };
    deadline(DRAIN_MS);
  });
  subprocess.once("close", (exitCode: number | null, signal: NodeJS.Signals | null) =>
    finish({ exitCode, signal, exited: true, drained: true }),
  );
  return { ended, deadline };
}

/** The error for a binary the OS would not start, saying what is wrong with its file. */
function binaryError(
  req: RunProcessRequest,
  code: string | null,
  cause: unknown,
): RockyBinaryNotFoundError {
  const { problem, path } = diagnoseBinary(req.binaryPath, { cwd: req.cwd, env: req.env }, code);
  return new RockyBinaryNotFoundError(req.binaryPath, {
    command: req.command,
    code,
    cause,
    problem,
    resolvedPath: path,
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
    // A copy: spawn never sees (nor keeps) the caller's array.
    subprocess = spawn(req.binaryPath, [...req.args], {
      ...(req.cwd === undefined ? {} : { cwd: req.cwd }),
      env: req.env, // exactly this environment (undefined values are dropped by Node)
      detached: true, // own process group, so the whole tree can be terminated
      // fd 3: the orphan watchdog's tag, so even a child spawned a moment before a SIGKILL is found.
      stdio: ["ignore", "pipe", "pipe", ...spawnStdio(req.killGraceMs, req.logger)],
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    // Synchronous refusals (e.g. EACCES on some platforms, invalid arguments).
    const code = (error as NodeJS.ErrnoException).code;
    throw binaryError(req, typeof code === "string" ? code : null, error);
  }
  const ending = whenEnded(subprocess);
  const pid = subprocess.pid ?? null;
  // Registered with the exit handler and the orphan watchdog: survives even a SIGKILL of this process.
  if (pid !== null) trackGroup(pid, req.killGraceMs, req.logger);

  const stdout = new StdoutBuffer(req.maxStdoutChars ?? MAX_STDOUT_CHARS);
  const out = subprocess.stdout;
  const err = subprocess.stderr;
  out?.setEncoding("utf8");
  out?.on("data", (chunk: string) => {
    // Past the cap nothing more is read: stop the process (and stop reading).
    if (!stdout.push(chunk)) return;
    if (pid !== null) killGroup(pid, "SIGKILL");
    out.destroy();
  });
  const stderr = new StderrLines(stderrListener(req));
  err?.setEncoding("utf8");
  err?.on("data", (chunk: string) => stderr.push(chunk));
  // A pipe read error ends that stream; the process outcome still decides the result.
  out?.on("error", (e) => req.logger.warn({ err: e }, "reading rocky's stdout failed"));
  err?.on("error", (e) => req.logger.warn({ err: e }, "reading rocky's stderr failed"));

  const watchdog = startWatchdog({
    ...req,
    pid,
    // Whatever the pipes do, the call settles once the grace has passed.
    onFire: () => ending.deadline(req.killGraceMs + DRAIN_MS),
  });
  subprocess.once("exit", () => {
    // rocky finished by itself or was stopped: no timeout or abort applies any more.
    watchdog.dispose();
    // Anything it left in its group is an orphan (and would hold the pipes open, delaying `close`).
    if (pid !== null) killGroup(pid, "SIGKILL");
  });

  let result: Ended;
  try {
    result = await ending.ended;
  } finally {
    watchdog.dispose();
  }
  if (!result.drained) {
    out?.destroy();
    err?.destroy();
  }
  if (pid !== null) release(subprocess, pid, result.exited);
  stderr.end();
  return outcomeOf(req, { result, pid, started, stdout, stderr, firedBy: watchdog.firedBy });
}

/**
 * The group is forgotten once rocky has exited (killed first: anything left in
 * it is an orphan). One that has not exited by the deadline stays registered,
 * and so is still killed if this process exits, until it does.
 */
function release(subprocess: ChildProcess, pid: number, exited: boolean): void {
  const forget = () => {
    killGroup(pid, "SIGKILL");
    untrackGroup(pid);
  };
  if (exited || subprocess.exitCode !== null || subprocess.signalCode !== null) forget();
  else subprocess.once("exit", forget);
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
    firedBy: WatchdogReason | null;
  },
): ProcessOutcome {
  const { command } = req;
  const { result, pid } = ended;
  const durationMs = Math.round(performance.now() - ended.started);
  const stderrTail = ended.stderr.tail();
  const code = result.error?.code;
  if (pid === null || (code !== undefined && SPAWN_FAILURE_CODES.has(code))) {
    throw binaryError(req, code ?? null, result.error);
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
      detail: `stdout exceeded ${req.maxStdoutChars ?? MAX_STDOUT_CHARS} characters; the process was stopped`,
      stdout,
    });
  }
  const pipesHeldOpen = !result.drained;
  if (pipesHeldOpen) {
    req.logger.warn(
      { pid, drainMs: DRAIN_MS },
      "rocky exited but its stdout/stderr stayed open (a process outside its process group holds them); the output read by then is used",
    );
  }
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout,
    stderrTail,
    durationMs,
    pid,
    report: ended.stderr.report(),
    ...(pipesHeldOpen ? { pipesHeldOpen } : {}),
  };
}
