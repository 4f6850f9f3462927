// A call settles on time whatever rocky's pipes do. The binary here is a wrapper that
// starts a sidecar with `setsid` (a new session: outside rocky's process group, so no
// group kill reaches it) and leaves it holding stdout and stderr open for minutes.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commandError } from "../../src/exit-codes.js";
import {
  RockyAbortError,
  RockyCommandError,
  RockyResource,
  RockyTimeoutError,
} from "../../src/index.js";
import type { LoggerLike } from "../../src/logger.js";
import { liveProcessGroups } from "../../src/process/groups.js";
import { DRAIN_MS, type RunProcessRequest, runProcess } from "../../src/process/run.js";
import { isGone, waitGone } from "../helpers.js";

type Entry = { level: string; fields: Record<string, unknown>; msg: string };
function recordingLogger(entries: Entry[]): LoggerLike {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg = "") =>
      entries.push({ level, fields, msg });
  const logger = {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    isLevelEnabled: () => true,
    child: () => logger,
  } as unknown as LoggerLike;
  return logger;
}

/** Far above what settling needs (grace + drain is under a second here): only a hang fails it. */
const SETTLES_WITHIN_MS = 15_000;
const GRACE_MS = 200;

/** The promise's outcome, or a failure saying it never settled. */
async function settled<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the call did not settle within ${SETTLES_WITHIN_MS} ms`)),
      SETTLES_WITHIN_MS,
    );
  });
  try {
    return { value: await Promise.race([p, hang]) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("the call did not settle")) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

let dir: string;
let sidecarFile: string;
let rockyFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rocky-settle-"));
  sidecarFile = join(dir, "sidecar.pid");
  rockyFile = join(dir, "rocky.pid");
});
afterEach(async () => {
  // No orphan left, whatever the test did: the sidecar is outside every group the SDK kills.
  for (const file of [sidecarFile, rockyFile]) {
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, "utf8").trim());
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
    expect(await waitGone([pid])).toBe(true);
  }
  await rm(dir, { recursive: true, force: true });
});

/**
 * A rocky stand-in that first starts the sidecar (its pid written once it runs, so cleanup
 * can always find it), then runs `body`.
 */
async function wrapper(body: string): Promise<string> {
  const path = join(dir, "rocky");
  await writeFile(
    path,
    [
      "#!/bin/sh",
      `echo $$ > '${rockyFile}'`,
      `setsid sh -c 'echo $$ > "$1"; exec sleep 300' sh '${sidecarFile}' &`,
      `while [ ! -s '${sidecarFile}' ]; do sleep 0.01; done`,
      body,
      "",
    ].join("\n"),
  );
  await chmod(path, 0o755);
  return path;
}

const pidIn = (file: string) => Number(readFileSync(file, "utf8").trim());
const sidecarRuns = () => existsSync(sidecarFile) && !isGone(pidIn(sidecarFile));

function request(binaryPath: string, over: Partial<RunProcessRequest> = {}): RunProcessRequest {
  return {
    command: "run",
    binaryPath,
    args: [],
    cwd: dir,
    env: { PATH: process.env.PATH },
    timeoutMs: 60_000,
    killGraceMs: GRACE_MS,
    signal: undefined,
    onLog: undefined,
    logger: recordingLogger([]),
    ...over,
  };
}

async function untilFile(file: string): Promise<void> {
  while (!existsSync(file) || readFileSync(file, "utf8").trim() === "") {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("timeout and abort settle the call whatever a process outside rocky's group does with its pipes", () => {
  it.each([
    ["honours SIGTERM", "exec sleep 60"],
    ["ignores SIGTERM", "trap '' TERM; while :; do sleep 1; done"],
  ])(
    "timeout, rocky %s: RockyTimeoutError, rocky gone, the sidecar still holding the pipes",
    async (_, body) => {
      const bin = await wrapper(`echo "started" >&2; ${body}`);
      const { error } = await settled(runProcess(request(bin, { timeoutMs: 300 })));
      expect(error).toBeInstanceOf(RockyTimeoutError);
      const t = error as RockyTimeoutError;
      expect([t.command, t.timeoutMs, t.pid]).toEqual(["run", 300, pidIn(rockyFile)]);
      expect(t.stderrTail).toBe("started");
      expect(await waitGone([pidIn(rockyFile)])).toBe(true);
      // The pipes really were held: the sidecar lives on (it left the group), so no end of file came.
      expect(sidecarRuns()).toBe(true);
      expect(liveProcessGroups()).toEqual([]);
    },
  );

  it("abort: RockyAbortError with the reason, rocky gone, the sidecar still holding the pipes", async () => {
    const bin = await wrapper("exec sleep 60");
    const c = new AbortController();
    const call = runProcess(request(bin, { signal: c.signal }));
    await untilFile(sidecarFile);
    c.abort("job cancelled");
    const { error } = await settled(call);
    expect(error).toBeInstanceOf(RockyAbortError);
    expect([(error as RockyAbortError).spawned, (error as RockyAbortError).reason]).toEqual([
      true,
      "job cancelled",
    ]);
    expect(await waitGone([pidIn(rockyFile)])).toBe(true);
    expect(sidecarRuns()).toBe(true);
  });

  it("a timeout releases the abort listener of a signal that never fired", async () => {
    const bin = await wrapper("exec sleep 60");
    const c = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = c.signal.addEventListener.bind(c.signal);
    const remove = c.signal.removeEventListener.bind(c.signal);
    c.signal.addEventListener = ((...a: Parameters<typeof add>) => {
      added.push(a[1]);
      add(...a);
    }) as typeof add;
    c.signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      removed.push(a[1]);
      remove(...a);
    }) as typeof remove;
    const { error } = await settled(runProcess(request(bin, { signal: c.signal, timeoutMs: 300 })));
    expect(error).toBeInstanceOf(RockyTimeoutError);
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(removed)).toEqual(new Set(added));
  });
});

describe("rocky exits while a process outside its group holds the pipes: the call settles after the drain deadline", () => {
  it("exit 0: the output rocky wrote is the result, pipesHeldOpen says so, and a warning is logged", async () => {
    const bin = await wrapper(`echo '{"ok":true}'; echo "done" >&2; exit 0`);
    const entries: Entry[] = [];
    const { value } = await settled(runProcess(request(bin, { logger: recordingLogger(entries) })));
    expect(value).toMatchObject({
      exitCode: 0,
      signal: null,
      stdout: '{"ok":true}\n',
      stderrTail: "done",
      pipesHeldOpen: true,
    });
    expect(value?.durationMs).toBeGreaterThanOrEqual(DRAIN_MS);
    const warning = entries.find((e) => e.level === "warn");
    expect(warning?.msg).toMatch(/stayed open \(a process outside its process group holds them\)/);
    expect(sidecarRuns()).toBe(true);
  });

  it("a failed exit: the command error says the output stayed open, and keeps rocky's Error: line", async () => {
    const bin = await wrapper(`echo "Error: no rocky.toml" >&2; exit 1`);
    const { value } = await settled(runProcess(request(bin)));
    expect(value?.pipesHeldOpen).toBe(true);
    const err = commandError("run", value as NonNullable<typeof value>);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(err.message).toMatch(
      /^rocky run exited with code 1 \(its stdout\/stderr stayed open after it exited, held by a process outside its process group; the output read by then was used\)/,
    );
    expect(err.message).toContain("no rocky.toml");
  });

  it("a normal exit whose pipes close is not marked", async () => {
    const path = join(dir, "plain");
    await writeFile(path, "#!/bin/sh\necho hi\n");
    await chmod(path, 0o755);
    const out = await runProcess(request(path));
    expect(out.stdout).toBe("hi\n");
    expect(out.pipesHeldOpen).toBeUndefined();
  });

  it("through the resource: version() returns what rocky printed", async () => {
    const bin = await wrapper(`echo "rocky 1.71.0"; exit 0`);
    const { value } = await settled(new RockyResource({ binaryPath: bin, env: {} }).version());
    expect(value).toMatchObject({ version: "1.71.0", raw: "rocky 1.71.0" });
    expect(sidecarRuns()).toBe(true);
  });
});
