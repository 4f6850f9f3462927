// runProcess, the timeout/abort watchdog, the cwd check and the shared abort listener,
// driven in-process (the fixtures in test/fixtures import dist/, which a mutation run
// does not change, so the rules are pinned here too).
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ABORTED, onAbort, raceAbort } from "../../src/abort.js";
import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyConfigError,
  RockyOutputParseError,
  RockyTimeoutError,
} from "../../src/index.js";
import type { LoggerLike } from "../../src/logger.js";
import { checkCwd } from "../../src/process/cwd.js";
import { type RunProcessRequest, runProcess } from "../../src/process/run.js";
import { startWatchdog } from "../../src/process/watchdog.js";
import { isGone, waitGone } from "../helpers.js";

type Entry = { level: string; fields: Record<string, unknown>; msg: string };
function recordingLogger(entries: Entry[], debug = true): LoggerLike {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg = "") =>
      entries.push({ level, fields, msg });
  const logger: LoggerLike = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    isLevelEnabled: (level: string) => debug || level !== "debug",
    child: () => logger,
  } as unknown as LoggerLike;
  return logger;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rocky-run-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An executable shell script standing in for rocky. */
async function script(body: string): Promise<string> {
  const path = join(dir, "rocky");
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}
const request = (binaryPath: string, over: Partial<RunProcessRequest> = {}): RunProcessRequest => ({
  command: "run",
  binaryPath,
  args: [],
  cwd: undefined,
  env: { PATH: process.env.PATH },
  timeoutMs: 10_000,
  killGraceMs: 200,
  signal: undefined,
  onLog: undefined,
  logger: recordingLogger([]),
  ...over,
});

describe("runProcess: the outcome of a process that ends by itself", () => {
  it("exit code, stdout, the stderr tail and a duration", async () => {
    const bin = await script('echo \'{"a":1}\'; echo "warn one" >&2; echo "warn two" >&2; exit 3');
    const out = await runProcess(request(bin));
    expect(out).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: '{"a":1}\n',
      stderrTail: "warn one\nwarn two",
    });
    expect(out.durationMs).toBeGreaterThanOrEqual(0);
    expect(out.durationMs).toBeLessThan(10_000);
    expect(out.pid).toBeGreaterThan(1);
  });
  it("runs in cwd when given, in ours otherwise", async () => {
    const bin = await script("pwd");
    expect((await runProcess(request(bin, { cwd: dir }))).stdout.trim()).toBe(dir);
    expect((await runProcess(request(bin))).stdout.trim()).toBe(process.cwd());
  });
});

describe("runProcess: a binary that cannot start is RockyBinaryNotFoundError with the OS code", () => {
  it.each([
    ["a missing file", () => join(dir, "nope"), "ENOENT"],
    ["a directory", () => dir, "EACCES"],
  ])("%s", async (_, path, code) => {
    const err = await runProcess(request(path())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyBinaryNotFoundError);
    expect((err as RockyBinaryNotFoundError).code).toBe(code);
    expect((err as RockyBinaryNotFoundError).command).toBe("run");
  });
  it("a file without the execute bit", async () => {
    const path = join(dir, "plain");
    await writeFile(path, "#!/bin/sh\nexit 0\n");
    const err = await runProcess(request(path)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyBinaryNotFoundError);
    expect((err as RockyBinaryNotFoundError).code).toBe("EACCES");
  });
});

describe("runProcess: timeout and abort", () => {
  it("a deadline passed is RockyTimeoutError with its fields; SIGTERM ended the group", async () => {
    const bin = await script('echo "started" >&2; exec sleep 30');
    const err = await runProcess(request(bin, { timeoutMs: 150 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyTimeoutError);
    const t = err as RockyTimeoutError;
    expect([t.command, t.timeoutMs]).toEqual(["run", 150]);
    expect(t.durationMs).toBeGreaterThanOrEqual(140);
    expect(t.pid).toBeGreaterThan(1);
    expect(t.stderrTail).toBe("started");
  });
  it("an abort while running is RockyAbortError, spawned, with the reason", async () => {
    const bin = await script("exec sleep 30");
    const c = new AbortController();
    setTimeout(() => c.abort("job cancelled"), 100);
    const err = await runProcess(request(bin, { signal: c.signal })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyAbortError);
    expect([(err as RockyAbortError).spawned, (err as RockyAbortError).reason]).toEqual([
      true,
      "job cancelled",
    ]);
  });
  it("an abort before the call spawns nothing", async () => {
    const marker = join(dir, "ran");
    const bin = await script(`touch ${marker}`);
    const c = new AbortController();
    c.abort("early");
    const err = await runProcess(request(bin, { signal: c.signal })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyAbortError);
    expect([(err as RockyAbortError).spawned, (err as RockyAbortError).reason]).toEqual([
      false,
      "early",
    ]);
    const { existsSync } = await import("node:fs");
    expect(existsSync(marker)).toBe(false);
  });
});

describe("runProcess: stdout past the cap stops rocky, not only its output", () => {
  it("RockyOutputParseError too_large naming the cap, and the process is gone", async () => {
    const { readFileSync } = await import("node:fs");
    const pidFile = join(dir, "pid");
    // SIGPIPE ignored: once its stdout is closed, only a kill ends this loop.
    const bin = await script(
      `echo $$ > ${pidFile}\ntrap '' PIPE\nwhile :; do echo 0123456789012345678901234567890123456789; done 2>/dev/null`,
    );
    const err = await runProcess(request(bin, { maxStdoutChars: 1_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyOutputParseError);
    const e = err as RockyOutputParseError;
    expect([e.code, e.kind]).toEqual(["OUTPUT_TOO_LARGE", "too_large"]);
    expect(e.message).toContain("stdout exceeded 1000 characters; the process was stopped");
    expect(e.stdoutBytes).toBe(1_000);
    expect(await waitGone([Number(readFileSync(pidFile, "utf8"))])).toBe(true);
  });
});

describe("runProcess: stderr lines go to onLog and the debug log", () => {
  it("each line to onLog; a throwing onLog is logged once per line and ignored", async () => {
    const bin = await script('echo "one" >&2; echo "two" >&2');
    const entries: Entry[] = [];
    const lines: string[] = [];
    const out = await runProcess(
      request(bin, {
        logger: recordingLogger(entries, false),
        onLog: (line) => {
          lines.push(line);
          throw new Error("bad listener");
        },
      }),
    );
    expect(out.exitCode).toBe(0);
    expect(lines).toEqual(["one", "two"]);
    const warns = entries.filter((e) => e.level === "warn");
    expect(warns.map((w) => w.msg)).toEqual([
      "onLog callback threw; ignoring",
      "onLog callback threw; ignoring",
    ]);
    expect(warns[0]?.fields.err).toMatchObject({ message: "bad listener" });
    expect(entries.filter((e) => e.level === "debug")).toEqual([]);
  });
  it("at debug level every line is logged as rocky stderr", async () => {
    const bin = await script('echo "one" >&2');
    const entries: Entry[] = [];
    await runProcess(request(bin, { logger: recordingLogger(entries, true) }));
    expect(entries).toContainEqual({
      level: "debug",
      fields: { stderr: "one" },
      msg: "rocky stderr",
    });
  });
});

describe("startWatchdog: SIGTERM to the group at the deadline, SIGKILL after the grace", () => {
  /** A process group leader that ignores SIGTERM. */
  const stubborn = () => {
    const child = spawn("sh", ["-c", 'trap "" TERM; while :; do sleep 0.05; done'], {
      detached: true,
      stdio: "ignore",
    });
    return child.pid as number;
  };
  it("logs why at debug, and SIGKILLs after killGraceMs", async () => {
    const pid = stubborn();
    const entries: Entry[] = [];
    const w = startWatchdog({
      pid,
      timeoutMs: 20,
      killGraceMs: 150,
      signal: undefined,
      logger: recordingLogger(entries),
    });
    try {
      await new Promise((r) => setTimeout(r, 80));
      expect(w.firedBy).toBe("timeout");
      expect(entries).toContainEqual({
        level: "debug",
        fields: { pid, why: "timeout" },
        msg: "terminating rocky process group",
      });
      expect(isGone(pid)).toBe(false); // SIGTERM ignored, the grace not over
      expect(await waitGone([pid], 2_000)).toBe(true);
    } finally {
      w.dispose();
      try {
        process.kill(-pid, "SIGKILL");
      } catch {}
    }
  });
  it("dispose() before the grace ends cancels the SIGKILL", async () => {
    const pid = stubborn();
    const w = startWatchdog({
      pid,
      timeoutMs: 20,
      killGraceMs: 150,
      signal: undefined,
      logger: recordingLogger([]),
    });
    try {
      await new Promise((r) => setTimeout(r, 60));
      expect(w.firedBy).toBe("timeout");
      w.dispose();
      await new Promise((r) => setTimeout(r, 300));
      expect(isGone(pid)).toBe(false);
    } finally {
      process.kill(-pid, "SIGKILL");
      await waitGone([pid], 2_000);
    }
  });
  it("no pid (a spawn that failed): nothing fires", async () => {
    const w = startWatchdog({
      pid: null,
      timeoutMs: 10,
      killGraceMs: 10,
      signal: undefined,
      logger: recordingLogger([]),
    });
    await new Promise((r) => setTimeout(r, 40));
    expect(w.firedBy).toBeNull();
    w.dispose();
  });
});

describe("checkCwd: an existing directory or a RockyConfigError naming cwd", () => {
  it.each([
    ["missing", () => join(dir, "missing")],
    ["a file", () => join(dir, "f")],
  ])("%s", async (_, path) => {
    await writeFile(join(dir, "f"), "");
    const p = path();
    let err: unknown;
    try {
      checkCwd(p, "plan");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).command).toBe("plan");
    expect((err as RockyConfigError).issues).toEqual([
      { path: "cwd", message: `${JSON.stringify(p)} is not an existing directory` },
    ]);
  });
  it("a directory passes", () => {
    expect(() => checkCwd(dir, "plan")).not.toThrow();
  });
});

describe("onAbort and raceAbort: one listener per signal, removed when the last call ends", () => {
  /** Counts the signal's live "abort" listeners through add/remove. */
  const counted = (signal: AbortSignal) => {
    let live = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => {
      live++;
      add(...a);
    }) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      live--;
      remove(...a);
    }) as typeof remove;
    return () => live;
  };
  it("three subscribers share one listener; it goes with the last", () => {
    const c = new AbortController();
    const live = counted(c.signal);
    const stops = [
      onAbort(c.signal, () => {}),
      onAbort(c.signal, () => {}),
      onAbort(c.signal, () => {}),
    ];
    expect(live()).toBe(1);
    stops[0]?.();
    stops[1]?.();
    expect(live()).toBe(1);
    stops[2]?.();
    expect(live()).toBe(0);
  });
  it("every subscriber is called once on abort, and a new one after it gets a fresh listener", () => {
    const c = new AbortController();
    const calls: number[] = [];
    onAbort(c.signal, () => calls.push(1));
    onAbort(c.signal, () => calls.push(2));
    c.abort();
    c.abort();
    expect(calls).toEqual([1, 2]);
  });
  it("raceAbort: already aborted rejects at once; an abort first rejects; a settle first unsubscribes", async () => {
    const done = new AbortController();
    done.abort();
    await expect(raceAbort(new Promise(() => {}), done.signal)).rejects.toBe(ABORTED);
    const c = new AbortController();
    const pending = raceAbort(new Promise(() => {}), c.signal);
    c.abort();
    await expect(pending).rejects.toBe(ABORTED);
    const d = new AbortController();
    const live = counted(d.signal);
    await expect(raceAbort(Promise.resolve(7), d.signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error("x")), d.signal)).rejects.toThrow("x");
    expect(live()).toBe(0);
  });
});
