/**
 * Spawns rocky: argv array (never a shell), its own process group, a
 * watchdog that terminates the whole group (SIGTERM, then SIGKILL after a
 * grace period), stderr streamed line by line, stdout decoded as it arrives
 * and joined once. Every listener and timer is removed when a call ends.
 */
import { onExit } from "signal-exit";
import { onAbort } from "./abort.js";
import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyOutputParseError,
  RockyTimeoutError,
} from "./errors.js";
import type { LoggerLike } from "./logger.js";
import { orphanWatchdogStdio, unwatchGroup, watchGroup } from "./process/orphan-watchdog.js";

/**
 * Largest stdout buffered. Deliberately far above execa's 100 MB default: a
 * run over ~100k tables prints ~50 MB of JSON. V8 strings top out near
 * 512 Mi characters, so 256 Mi leaves room for JSON.parse.
 */
export const MAX_STDOUT_CHARS = 256 * 1024 * 1024;
/** Non-empty stderr lines kept for error messages. */
export const STDERR_TAIL_LINES = 20;
/** Longest stderr line kept in the tail, and longest partial line carried between chunks. */
const MAX_LINE_CHARS = 8192;

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

export interface ProcessOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Mutable on purpose: the parser releases it once parsed (see output.ts). */
  stdout: string;
  readonly stderrTail: string;
  readonly durationMs: number;
  readonly pid: number | null;
}

// ---------------------------------------------------------------------------
// Live process groups, killed if this process exits (normally, by
// process.exit, or by a signal: signal-exit re-raises the signal afterwards
// when nobody else handles it, so the app's own behaviour is unchanged).

const liveGroups = new Set<number>();
let removeExitHandler: (() => void) | null = null;
let removeTimer: NodeJS.Timeout | undefined;
/**
 * How long the exit handler outlives the last group. Installing it adds a
 * listener per signal (~15 native signal handlers): 0.2 ms, paid on every
 * call when calls run back to back. With no group alive it only re-raises.
 */
const EXIT_HANDLER_LINGER_MS = 1_000;

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  clearTimeout(removeTimer);
  removeExitHandler ??= onExit(() => {
    for (const group of liveGroups) killGroup(group, "SIGKILL");
    liveGroups.clear();
  });
}

function untrackGroup(pid: number): void {
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

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Process groups this module started that have not ended yet (for tests and diagnostics). */
export function liveProcessGroups(): number[] {
  return [...liveGroups];
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

/** Runs one rocky process to completion. Throws only typed errors. */
export async function runProcess(req: RunProcessRequest): Promise<ProcessOutcome> {
  const { command, logger } = req;
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
    cleanup: false, // handled here for the whole group
    // fd 3: the orphan watchdog's tag, so even a child spawned a moment before a SIGKILL is found.
    // (execa's types only list fds 3-9 as numbers; any open fd is inherited at runtime.)
    stdio: ["ignore", "pipe", "pipe", ...orphanWatchdogStdio(req.killGraceMs, logger)] as [
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
  if (pid !== null) watchGroup(pid, req.killGraceMs, logger); // survives even a SIGKILL of this process

  // stdout: decoded per chunk (StringDecoder keeps split characters whole),
  // capped, joined once. Chunk Buffers die young instead of piling up for a concat.
  let chunks: string[] = [];
  let stdoutBytes = 0;
  let tooLarge = false;
  subprocess.stdout?.setEncoding("utf8");
  subprocess.stdout?.on("data", (chunk: string) => {
    if (tooLarge) return;
    if (stdoutBytes + chunk.length > MAX_STDOUT_CHARS) {
      tooLarge = true;
      chunks.push(chunk.slice(0, MAX_STDOUT_CHARS - stdoutBytes));
      stdoutBytes = MAX_STDOUT_CHARS;
      if (pid !== null) killGroup(pid, "SIGKILL"); // stop it: nothing more would be read
      return;
    }
    chunks.push(chunk);
    stdoutBytes += chunk.length;
  });

  // stderr: line by line to onLog and the logger; only a bounded tail is kept.
  const tail: string[] = [];
  let carry = "";
  const debug = logger.isLevelEnabled("debug");
  const clean = (raw: string): string | null => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    return line.trim() === "" ? null : line;
  };
  const keep = (line: string) => {
    tail.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
  };
  const emit = (raw: string) => {
    const line = clean(raw);
    if (line === null) return;
    keep(line);
    if (debug) logger.debug({ stderr: line }, "rocky stderr");
    if (req.onLog) {
      try {
        req.onLog(line);
      } catch (error) {
        logger.warn({ err: error }, "onLog callback threw; ignoring");
      }
    }
  };
  // Nobody listens line by line: only the last lines of each chunk can end in the tail.
  const emitTailOnly = (text: string, end: number) => {
    const found: string[] = [];
    let stop = end;
    while (stop > 0 && found.length < STDERR_TAIL_LINES) {
      const start = text.lastIndexOf("\n", stop - 1) + 1;
      const line = clean(text.slice(start, stop));
      if (line !== null) found.push(line);
      stop = start - 1;
    }
    for (let i = found.length - 1; i >= 0; i--) keep(found[i] as string);
  };
  const perLine = debug || req.onLog !== undefined;
  subprocess.stderr?.setEncoding("utf8");
  subprocess.stderr?.on("data", (chunk: string) => {
    const text = carry + chunk;
    const last = text.lastIndexOf("\n");
    if (last < 0) {
      carry = text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
      return;
    }
    if (perLine) {
      let from = 0;
      while (from <= last) {
        const nl = text.indexOf("\n", from);
        emit(text.slice(from, nl));
        from = nl + 1;
      }
    } else {
      emitTailOnly(text, last);
    }
    const rest = text.slice(last + 1);
    carry = rest.length > MAX_LINE_CHARS ? rest.slice(0, MAX_LINE_CHARS) : rest;
  });

  // Watchdog: timeout and abort terminate the whole group.
  let firedBy: "timeout" | "abort" | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const terminate = (why: "timeout" | "abort") => {
    if (firedBy !== null || pid === null) return;
    firedBy = why;
    logger.debug({ pid, why }, "terminating rocky process group");
    killGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), req.killGraceMs);
  };
  const timeoutTimer = setTimeout(() => terminate("timeout"), req.timeoutMs);
  const stopListening = req.signal ? onAbort(req.signal, () => terminate("abort")) : undefined;
  // When rocky itself exits, anything it left in its group is an orphan.
  subprocess.once("exit", () => {
    if (pid !== null) killGroup(pid, "SIGKILL");
  });

  let result: Awaited<typeof subprocess>;
  try {
    result = await subprocess;
  } finally {
    clearTimeout(timeoutTimer);
    if (killTimer !== undefined) clearTimeout(killTimer);
    stopListening?.();
    if (pid !== null) {
      killGroup(pid, "SIGKILL");
      untrackGroup(pid);
      unwatchGroup(pid);
    }
  }
  if (carry !== "") emit(carry);

  const durationMs = Math.round(performance.now() - started);
  const stderrTail = tail.join("\n");
  const code = (result as { code?: string }).code;
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
  if (firedBy === "timeout") {
    throw new RockyTimeoutError({ command, timeoutMs: req.timeoutMs, durationMs, pid, stderrTail });
  }
  if (firedBy === "abort") {
    throw new RockyAbortError({ command, reason: req.signal?.reason, spawned: true });
  }
  // Invalid UTF-8 becomes U+FFFD, as before.
  const stdout = chunks.length === 1 ? (chunks[0] as string) : chunks.join("");
  chunks = [];
  if (tooLarge) {
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
