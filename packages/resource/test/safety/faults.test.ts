/**
 * Faults: a broken, old, hung, killed or misbehaving rocky gives the
 * documented typed error or result, with no unhandled rejection, no leaked
 * listener and no process left behind (helpers.ts checks /proc after each
 * test). rocky is the simulator (@dagster-rocky/testing) throughout.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmod, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyError,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyResource,
  RockyTimeoutError,
  RockyVersionError,
} from "../../src/index.js";
import { MAX_STDOUT_CHARS } from "../../src/process/stdout-buffer.js";
import { isGone, resourceFor, runReport, sim, tempDir, waitGone } from "../helpers.js";

const here = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------- process-wide hygiene

const unhandled: unknown[] = [];
const listenerWarnings: Error[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const onWarning = (w: Error) => {
  if (w.name === "MaxListenersExceededWarning") listenerWarnings.push(w);
};
const WATCHED = ["exit", "SIGTERM", "SIGINT", "SIGHUP", "uncaughtException"] as const;
const listenerCounts = () => WATCHED.map((e) => process.listenerCount(e));
let baseline: number[] = [];

beforeAll(() => {
  baseline = listenerCounts();
  process.on("unhandledRejection", onUnhandled);
  process.on("warning", onWarning);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  process.off("warning", onWarning);
});
afterEach(async () => {
  await new Promise((r) => setTimeout(r, 30)); // late rejections and warnings surface on later ticks
  expect(unhandled.splice(0)).toEqual([]);
  expect(listenerWarnings.splice(0).map((w) => w.message)).toEqual([]);
});

async function failure(p: Promise<unknown>): Promise<RockyError> {
  const e = await p.then(
    () => {
      throw new Error("expected a RockyError, got a result");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RockyError);
  return e as RockyError;
}

// ------------------------------------------------------------- binary

describe("the binary cannot be started: RockyBinaryNotFoundError, nothing left behind", () => {
  it("missing", async () => {
    const e = (await failure(
      new RockyResource({ binaryPath: "/nonexistent/rocky", env: {} }).run({ filter: "a=b" }),
    )) as RockyBinaryNotFoundError;
    expect(e).toBeInstanceOf(RockyBinaryNotFoundError);
    expect(e.code).toBe("ENOENT");
    expect(e.command).toBe("version");
  });
  it("not executable (mode 0644)", async () => {
    const file = join(await tempDir(), "rocky");
    await writeFile(file, "#!/bin/sh\necho 'rocky 1.71.0'\n");
    await chmod(file, 0o644);
    const e = (await failure(
      new RockyResource({ binaryPath: file, env: {} }).state(),
    )) as RockyBinaryNotFoundError;
    expect(e).toBeInstanceOf(RockyBinaryNotFoundError);
    expect(e.code).toBe("EACCES");
  });
  it("a directory", async () => {
    const e = (await failure(
      new RockyResource({ binaryPath: await tempDir(), env: {} }).state(),
    )) as RockyBinaryNotFoundError;
    expect(e).toBeInstanceOf(RockyBinaryNotFoundError);
    expect(e.code).toBe("EACCES");
  });
  it("removed after the version probe succeeded", async () => {
    const s = await sim();
    const r = resourceFor(s);
    await r.state();
    await s.cleanup();
    const e = (await failure(r.run({ filter: "a=b" }))) as RockyBinaryNotFoundError;
    expect(e).toBeInstanceOf(RockyBinaryNotFoundError);
    expect(e.command).toBe("run");
  });
  it("too old: RockyVersionError, only the probe ran", async () => {
    const s = await sim({ version: "1.0.0" });
    const e = (await failure(resourceFor(s).plan({ filter: "a=b" }))) as RockyVersionError;
    expect(e).toBeInstanceOf(RockyVersionError);
    expect(e.detectedVersion).toBe("1.0.0");
    expect((await s.invocations()).map((i) => i.argv)).toEqual([["--version"]]);
  });
});

// -------------------------------------------------------------- exits

describe("exit codes and signals", () => {
  it("killed by an external SIGKILL: RockyCommandError with the signal, not a timeout", async () => {
    const s = await sim({ commands: { run: { hang: true, hangMaxMs: 20_000 } } });
    const call = resourceFor(s).run({ filter: "a=b", timeoutMs: 20_000 });
    let pid: number | undefined;
    while (pid === undefined) {
      pid = (await s.invocations()).find((i) => i.verb === "run")?.pid;
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, "SIGKILL");
    const e = (await failure(call)) as RockyCommandError;
    expect(e).toBeInstanceOf(RockyCommandError);
    expect(e).not.toBeInstanceOf(RockyTimeoutError);
    expect(e.signal).toBe("SIGKILL");
    expect(e.exitCode).toBeNull();
    expect(isGone(pid)).toBe(true);
  });
  it("killed by SIGKILL before printing (selfKill)", async () => {
    const s = await sim({ commands: { plan: { selfKill: "SIGKILL" } } });
    const e = (await failure(resourceFor(s).plan({ filter: "a=b" }))) as RockyCommandError;
    expect(e.name).toBe("RockyCommandError");
    expect(e.signal).toBe("SIGKILL");
  });
  it("non-zero with a JSON body is a result (exit 1 failure, exit 2 partial)", async () => {
    const s = await sim({ commands: { run: { failure: true } } });
    expect(runReport(await resourceFor(s).run({ filter: "tenant=acme" })).tables_copied).toBe(0);
    await s.setScenario({ assumeConfig: true, commands: { run: { partialFailure: true } } });
    expect(
      runReport(await resourceFor(s).run({ filter: "tenant=acme" })).tables_failed,
    ).toBeGreaterThan(0);
  });
  it("...or a RockyPartialFailure when allowPartial is false", async () => {
    const s = await sim({ commands: { run: { partialFailure: true } } });
    const e = (await failure(
      resourceFor(s).run({ filter: "tenant=acme", allowPartial: false }),
    )) as RockyPartialFailure;
    expect(e).toBeInstanceOf(RockyPartialFailure);
    expect(e.exitCode).toBe(2);
  });
  it.each([1, 2, 3, 101, 255])(
    "exit %i without JSON: RockyCommandError with the code and the stderr tail",
    async (code) => {
      const s = await sim({ commands: { run: { exitCode: code, output: "none" } } });
      const e = (await failure(resourceFor(s).run({ filter: "a=b" }))) as RockyCommandError;
      expect(e.name).toBe("RockyCommandError");
      expect(e.exitCode).toBe(code);
      expect(e.signal).toBeNull();
      expect(e.stderrTail).toMatch(/starting run/);
    },
  );
});

// ------------------------------------------------------------- output

describe("broken output", () => {
  it("truncated JSON with exit 0: RockyOutputParseError (json)", async () => {
    const s = await sim({ commands: { run: { output: "truncated" } } });
    const e = (await failure(resourceFor(s).run({ filter: "a=b" }))) as RockyOutputParseError;
    expect(e).toBeInstanceOf(RockyOutputParseError);
    expect(e.kind).toBe("json");
    expect(e.stdoutBytes).toBeGreaterThan(100);
  });
  it("truncated JSON with exit 1: RockyCommandError (the body is not a usable result)", async () => {
    const s = await sim({ commands: { run: { output: "truncated", exitCode: 1 } } });
    const e = await failure(resourceFor(s).run({ filter: "a=b" }));
    expect(e.name).toBe("RockyCommandError");
    expect((e as RockyCommandError).exitCode).toBe(1);
  });
  it("invalid UTF-8 bytes are decoded as U+FFFD; the JSON still parses", async () => {
    const s = await sim({ commands: { run: { output: "non-utf8" } } });
    const result = await resourceFor(s).run({ filter: "a=b" });
    expect(result.version).toContain("\uFFFD");
  });
  it("an arbitrary raw body (bytes that are not JSON) is RockyOutputParseError", async () => {
    const s = await sim({ commands: { state: { output: { raw: "\u0000\u0001\u00ff{[" } } } });
    const e = (await failure(resourceFor(s).state())) as RockyOutputParseError;
    expect(e.kind).toBe("json");
  });

  it(`200 MB of stdout is under MAX_STDOUT_CHARS (${MAX_STDOUT_CHARS}) and parses (child process)`, () => {
    expect(200_000_000).toBeLessThan(MAX_STDOUT_CHARS);
    const out = runFixture("big-stdout", 60_000, ["--max-old-space-size=3072"]);
    expect(out.error).toBeNull();
    expect(out.tablesCopied).toBeGreaterThan(100_000);
    expect(out.materializations).toBe(out.tablesCopied);
    expect(out.unhandled).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 70_000);

  it("a flood of 200,000 stderr lines: every line to onLog, a 20-line tail, RSS grows < 100 MB (child process)", () => {
    const out = runFixture("stderr-flood", 30_000);
    expect(out.error).toBe("RockyCommandError");
    expect(out.lines).toBeGreaterThanOrEqual(200_000);
    expect(out.stderrTailLines).toBe(20);
    expect(out.rssPeak - out.rssBefore).toBeLessThan(100 * 1024 * 1024);
    expect(out.unhandled).toEqual([]);
    expect(out.warnings).toEqual([]);
  }, 40_000);
});

// -------------------------------------------------------------- hangs

describe("hangs: the whole process group is terminated (child process, hard outer timeout)", () => {
  it.each(["hang", "hang-ignore-term"])(
    "%s with a grandchild holding stdout open: RockyTimeoutError, every pid gone",
    async (mode) => {
      const out = runFixture(mode, 20_000);
      expect(out.error).toBe("RockyTimeoutError");
      expect(out.timeoutMs).toBe(700);
      expect(out.pids).toHaveLength(2); // rocky and its grandchild
      expect(await waitGone(out.pids)).toBe(true);
      expect(out.unhandled).toEqual([]);
      expect(out.warnings).toEqual([]);
    },
    30_000,
  );

  it("slow start within the deadline is a normal result", async () => {
    const s = await sim({ commands: { run: { startDelayMs: 1_000 } } });
    expect((await resourceFor(s).run({ filter: "a=b", timeoutMs: 20_000 })).command).toBe("run");
  });
  it("slow start past the deadline is a RockyTimeoutError", async () => {
    const s = await sim({ commands: { run: { startDelayMs: 10_000 } } });
    const e = (await failure(
      resourceFor(s, { killGraceMs: 200 }).run({ filter: "a=b", timeoutMs: 500 }),
    )) as RockyTimeoutError;
    expect(e).toBeInstanceOf(RockyTimeoutError);
    expect(e.timeoutMs).toBe(500);
  });
});

// -------------------------------------------------------- concurrency

describe("30 concurrent failures of mixed kinds", () => {
  it("each is its own typed error; no listener leak, no process left", async () => {
    const s = await sim({
      commands: {
        run: { exitCode: 1, output: "none" },
        plan: { output: "truncated" },
        discover: { selfKill: "SIGKILL" },
      },
    });
    const r = resourceFor(s);
    const calls = Array.from({ length: 30 }, (_, i) => {
      if (i % 3 === 0) return r.run({ filter: `t=${i}` });
      if (i % 3 === 1) return r.plan({ filter: `t=${i}` });
      return r.discover();
    });
    const errors = await Promise.all(calls.map((c) => failure(c)));
    expect(
      errors.filter(
        (e) => e.name === "RockyCommandError" && (e as RockyCommandError).exitCode === 1,
      ),
    ).toHaveLength(10);
    expect(errors.filter((e) => e.name === "RockyOutputParseError")).toHaveLength(10);
    expect(errors.filter((e) => (e as RockyCommandError).signal === "SIGKILL")).toHaveLength(10);
    const pids = (await s.invocations()).map((i) => i.pid);
    expect(pids).toHaveLength(31); // 30 calls and one version probe
    expect(pids.every(isGone)).toBe(true);
  });
  it("30 concurrent calls sharing one AbortSignal (a job's cancel signal) raise no MaxListenersExceededWarning", async () => {
    const s = await sim({ commands: { run: { exitCode: 1, output: "none" } } });
    const r = resourceFor(s);
    const controller = new AbortController();
    const errors = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        failure(r.run({ filter: `t=${i}`, signal: controller.signal })),
      ),
    );
    expect(errors.every((e) => e.name === "RockyCommandError")).toBe(true);
    // afterEach fails the test on the warning Node emits at the 11th listener on one signal.
  });
  it("30 concurrent missing binaries", async () => {
    const r = new RockyResource({ binaryPath: "/nonexistent/rocky", env: {} });
    const errors = await Promise.all(Array.from({ length: 30 }, () => failure(r.state())));
    expect(errors.every((e) => e instanceof RockyBinaryNotFoundError)).toBe(true);
  });
});

// -------------------------------------------------------- parent exit

describe("parent exit by an uncaught exception leaves no rocky process group behind", () => {
  it("uncaughtException", async () => {
    const child = spawn(process.execPath, [join(here, "fixtures", "faults.mjs"), "uncaught"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const hard = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
      child.once("exit", () => reject(new Error("fixture exited before starting rocky")));
    });
    const { pids, dir } = JSON.parse(line) as { pids: number[]; dir: string };
    try {
      expect(pids).toHaveLength(2);
      const code = await new Promise((r) => child.once("exit", (c) => r(c)));
      expect(code).toBe(1);
      expect(await waitGone(pids)).toBe(true);
    } finally {
      // A red run must not leak the fixture or its rocky-sim-* dir.
      clearTimeout(hard);
      child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

interface FixtureOut {
  error: string | null;
  kind: string | null;
  timeoutMs: number | null;
  tablesCopied?: number;
  materializations?: number;
  stderrTailLines?: number | null;
  lines: number;
  rssBefore: number;
  rssPeak: number;
  pids: number[];
  unhandled: string[];
  warnings: string[];
}

function runFixture(mode: string, timeout: number, nodeFlags: string[] = []): FixtureOut {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", ...nodeFlags, join(here, "fixtures", "faults.mjs"), mode],
    {
      encoding: "utf8",
      timeout,
      killSignal: "SIGKILL",
      maxBuffer: 1024 * 1024,
    },
  );
  expect(r.error).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as FixtureOut;
}

describe("process-wide listeners", () => {
  it("the exit handler is removed once no process group is live (it lingers 1 s by design)", async () => {
    await new Promise((r) => setTimeout(r, 1_300));
    expect(listenerCounts()).toEqual(baseline);
  });
});
