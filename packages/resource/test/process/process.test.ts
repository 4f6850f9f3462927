import { spawn, spawnSync } from "node:child_process";
import { chmod, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyResource,
  RockyVersionError,
} from "../../src/index.js";
import { isGone, resourceFor, runReport, sim, tempDir, waitGone } from "../helpers.js";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // test/, which holds fixtures/
const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

describe("run against the simulator returns rocky's own JSON, validated", () => {
  it("a production run", async () => {
    const s = await sim();
    const result = runReport(await resourceFor(s).run({ filter: "tenant=acme" }));
    expect(result.command).toBe("run");
    expect(result.tables_copied).toBeGreaterThan(0);
    expect(result.materializations.length).toBeGreaterThan(0);
    const targets = result.materializations.map((m) => m.metadata.target_table_full_name);
    expect(targets.every((t) => typeof t === "string" && !t.includes("_dagster_pr_"))).toBe(true);
    const inv = (await s.invocations()).find((i) => i.verb === "run");
    expect(inv?.argv.slice(0, 4)).toEqual(["--config=rocky.toml", "--output", "json", "run"]);
  });

  it("the README example: a branch deployment writes _dagster_pr_42 tables", async () => {
    const s = await sim();
    const rocky = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: PR42,
    });
    const result = runReport(await rocky.run({ filter: "tenant=acme" }));
    expect(result.shadow).toBe(true);
    expect(result.materializations.length).toBeGreaterThan(0);
    for (const m of result.materializations)
      expect(m.metadata.target_table_full_name).toMatch(/_dagster_pr_42$/);
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toContain("--shadow");
    expect(run?.argv).toContain("--shadow-suffix=_dagster_pr_42");
  });

  it("the env option is the child's complete environment", async () => {
    const s = await sim();
    await resourceFor(s, { env: { ONLY_THIS: "1" } }).state();
    const inv = (await s.invocations()).find((i) => i.verb === "state");
    expect(inv?.env.ONLY_THIS).toBe("1");
    expect(inv?.env.HOME).toBeUndefined();
  });

  it("cwd is rocky's working directory; a missing cwd is refused before spawning", async () => {
    const s = await sim();
    const cwd = await tempDir();
    await resourceFor(s, { cwd }).state();
    expect((await s.invocations()).at(-1)?.cwd).toBe(cwd);
    await expect(resourceFor(s, { cwd: join(cwd, "nope") }).state()).rejects.toMatchObject({
      name: "RockyConfigError",
    });
  });

  it("every verb parses", async () => {
    const s = await sim();
    const r = resourceFor(s);
    expect((await r.discover()).command).toBe("discover");
    expect((await r.state()).command).toBe("state");
    expect((await r.doctor()).command).toBe("doctor");
    expect((await r.compile()).command).toBe("compile");
    expect((await r.test()).command).toBe("test");
    expect((await r.version()).version).toBe("1.71.0");
  });
});

describe("plan then apply", () => {
  it("in a branch deployment, a shadowed plan is applied and writes shadow tables", async () => {
    const s = await sim();
    const cwd = await tempDir();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: PR42,
      cwd,
    });
    const plan = await r.plan({ filter: "tenant=acme" });
    expect(plan.plan_id).toMatch(/^[0-9a-f]{64}$/);
    const applied = await r.apply(plan.plan_id as string);
    expect(applied.command).toBe("run");
    const { materializations } = applied as unknown as {
      materializations: { metadata: { target_table_full_name?: string | null } }[];
    };
    expect(materializations.length).toBeGreaterThan(0);
    for (const m of materializations) {
      expect(m.metadata.target_table_full_name).toMatch(/_dagster_pr_42$/);
    }
  });

  it("a plan made in production is never applied in a PR deployment", async () => {
    const s = await sim();
    const cwd = await tempDir();
    const prod = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: {},
      cwd,
    });
    const plan = await prod.plan({ filter: "tenant=acme" });
    const pr = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: PR42,
      cwd,
    });
    await s.clearInvocations();
    await expect(pr.apply(plan.plan_id as string)).rejects.toMatchObject({
      name: "RockyShadowError",
      reason: "plan_not_shadowed",
    });
    expect(await s.invocations()).toEqual([]);
  });
});

describe("exit codes: JSON bodies are results, empty stdout is an error", () => {
  it("a partial run (exit 2 with JSON) is returned when allowPartial (default)", async () => {
    const s = await sim({ commands: { run: { partialFailure: true } } });
    const result = runReport(await resourceFor(s).run({ filter: "tenant=acme" }));
    expect(result.tables_failed).toBeGreaterThan(0);
  });
  it("...and thrown as RockyPartialFailure carrying the result when allowPartial is false", async () => {
    const s = await sim({ commands: { run: { partialFailure: true } } });
    const err = await resourceFor(s)
      .run({ filter: "tenant=acme", allowPartial: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyPartialFailure);
    expect((err as RockyPartialFailure).exitCode).toBe(2);
    expect(
      ((err as RockyPartialFailure).result as { tables_failed: number }).tables_failed,
    ).toBeGreaterThan(0);
    expect(Object.keys(err as object)).not.toContain("result");
  });
  it("a failed run (exit 1 with JSON) is a result", async () => {
    const s = await sim({ commands: { run: { failure: true } } });
    const result = runReport(await resourceFor(s).run({ filter: "tenant=acme" }));
    expect(result.tables_copied).toBe(0);
  });
  it("doctor critical (exit 3 with JSON) is a result", async () => {
    const s = await sim({ commands: { doctor: { doctor: "critical" } } });
    expect((await resourceFor(s).doctor()).overall).toBe("critical");
  });
  it("a usage error (exit 2, empty stdout) is a RockyCommandError with the stderr tail", async () => {
    class Bad extends RockyResource {
      protected override buildArgs(): string[] {
        return ["run", "--no-such-flag"];
      }
    }
    const s = await sim();
    const err = await new Bad({ binaryPath: s.binaryPath, env: {} })
      .run({ filter: "a=b" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(err).not.toBeInstanceOf(RockyPartialFailure);
    expect((err as RockyCommandError).exitCode).toBe(2);
    expect((err as RockyCommandError).stderrTail).toMatch(/no-such-flag|unexpected/);
  });
  it.each(["truncated", "not-json", "none"] as const)(
    "exit 0 with %s output is a RockyOutputParseError (json)",
    async (output) => {
      const s = await sim({ commands: { run: { output } } });
      const err = await resourceFor(s)
        .run({ filter: "a=b" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyOutputParseError);
      expect((err as RockyOutputParseError).kind).toBe("json");
      expect((err as RockyOutputParseError).stdoutPreview.length).toBeLessThanOrEqual(500);
    },
  );
  it("schema-invalid output is a readable validation error naming the path", async () => {
    const s = await sim({ commands: { run: { output: "invalid-schema" } } });
    const err = (await resourceFor(s)
      .run({ filter: "a=b" })
      .catch((e: unknown) => e)) as RockyOutputParseError;
    expect(err).toBeInstanceOf(RockyOutputParseError);
    expect(err.kind).toBe("validation");
    expect(err.message).toMatch(/→ at /);
    expect(err.issues.length).toBeGreaterThan(0);
  });
  it("an external SIGKILL is a command error, not a timeout", async () => {
    const s = await sim({ commands: { run: { selfKill: "SIGKILL" } } });
    const err = (await resourceFor(s)
      .run({ filter: "a=b" })
      .catch((e: unknown) => e)) as RockyCommandError;
    expect(err.name).toBe("RockyCommandError");
    expect(err.signal).toBe("SIGKILL");
  });
});

describe("binary and version checks", () => {
  it("a missing binary is RockyBinaryNotFoundError with an install hint", async () => {
    const r = new RockyResource({ binaryPath: "/nonexistent/rocky", env: {} });
    const err = (await r
      .run({ filter: "a=b" })
      .catch((e: unknown) => e)) as RockyBinaryNotFoundError;
    expect(err).toBeInstanceOf(RockyBinaryNotFoundError);
    expect(err.binaryPath).toBe("/nonexistent/rocky");
    expect(err.message).toMatch(/binaryPath/);
  });
  it("a directory or a non-executable file is RockyBinaryNotFoundError", async () => {
    const dir = await tempDir();
    const file = join(dir, "rocky");
    await writeFile(file, "#!/bin/sh\necho hi\n");
    await chmod(file, 0o644);
    for (const binaryPath of [dir, file]) {
      const err = await new RockyResource({ binaryPath, env: {} }).state().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyBinaryNotFoundError);
    }
  });
  it("a binary older than 1.34.0 is refused with RockyVersionError before the command runs", async () => {
    const s = await sim({ version: "1.33.9" });
    const err = (await resourceFor(s)
      .run({ filter: "a=b" })
      .catch((e: unknown) => e)) as RockyVersionError;
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(err.detectedVersion).toBe("1.33.9");
    expect(err.minimumVersion).toBe("1.34.0");
    expect((await s.invocations()).map((i) => i.verb)).toEqual([null]);
  });
  it("unparseable version output logs a warning and proceeds", async () => {
    const s = await sim({ versionOutput: "something odd\n" });
    const warnings: unknown[] = [];
    const logger = fakeLogger(warnings);
    await resourceFor(s, { logger: logger as never }).state();
    expect(warnings.length).toBe(1);
  });
  it("the probe runs once per instance, shared by concurrent first calls", async () => {
    const s = await sim();
    const r = resourceFor(s);
    await Promise.all([r.state(), r.state(), r.state(), r.discover()]);
    await r.state();
    const verbs = (await s.invocations()).map((i) => i.verb);
    expect(verbs.filter((v) => v === null)).toHaveLength(1);
    expect(verbs.filter((v) => v !== null)).toHaveLength(5);
  });
});

describe("stderr streams line by line; only a bounded tail is kept", () => {
  it("onLog receives each line as it arrives", async () => {
    const s = await sim({ commands: { run: { stderrLines: 100 } } });
    const lines: string[] = [];
    await resourceFor(s).run({ filter: "a=b", onLog: (l) => lines.push(l) });
    expect(lines.length).toBeGreaterThanOrEqual(100);
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
  });
  it("a throwing onLog does not break the call", async () => {
    const s = await sim();
    await expect(
      resourceFor(s).run({
        filter: "a=b",
        onLog: () => {
          throw new Error("sink broke");
        },
      }),
    ).resolves.toBeDefined();
  });
  it("the error's stderr tail is the last 20 non-empty lines", async () => {
    const s = await sim({ commands: { run: { stderrLines: 500, exitCode: 1, output: "none" } } });
    const err = (await resourceFor(s)
      .run({ filter: "a=b" })
      .catch((e: unknown) => e)) as RockyCommandError;
    expect(err.stderrTail.split("\n")).toHaveLength(20);
    expect(JSON.stringify(err)).not.toContain(err.stderrTail.split("\n")[0]);
  });
});

describe("the stderr tail is the same whether or not anyone listens line by line", () => {
  it("blank lines, CRLF and lines split across writes", async () => {
    const dir = await tempDir();
    const bin = join(dir, "rocky");
    // A stand-in that writes awkward stderr in awkward pieces, then fails without JSON.
    await writeFile(
      bin,
      `#!${process.execPath}
if (process.argv.includes("--version")) { console.log("rocky 1.71.0"); process.exit(0); }
const parts = [];
for (let i = 0; i < 60; i++) parts.push(i % 7 === 0 ? "\\n" : \`line \${i}\${i % 5 === 0 ? "\\r" : ""}\\n\`);
const text = parts.join("") + "last without newline";
let at = 0;
(function write() {
  if (at >= text.length) return process.exit(1);
  const n = 1 + (at % 37);
  process.stderr.write(text.slice(at, at + n), write);
  at += n;
})();
`,
    );
    await chmod(bin, 0o755);
    const r = new RockyResource({ binaryPath: bin, env: {} });
    const lines: string[] = [];
    const withLog = (await r
      .state({ onLog: (l) => lines.push(l) })
      .catch((e: unknown) => e)) as RockyCommandError;
    const without = (await r.state().catch((e: unknown) => e)) as RockyCommandError;
    expect(without.stderrTail).toBe(withLog.stderrTail);
    expect(withLog.stderrTail.split("\n")).toEqual(lines.slice(-20));
    expect(lines.at(-1)).toBe("last without newline");
    expect(lines.some((l) => l.endsWith("\r") || l.trim() === "")).toBe(false);
  });
});

describe("timeout and abort terminate the whole process group", () => {
  const runFixture = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(here, "fixtures", "terminate.mjs"), ...args], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
  };
  it("timeout: RockyTimeoutError, rocky and its grandchild gone", async () => {
    const out = runFixture("timeout");
    expect(out.error).toBe("RockyTimeoutError");
    expect(out.timeoutMs).toBe(2_000);
    expect(out.pids).toHaveLength(2);
    expect(await waitGone(out.pids)).toBe(true);
  });
  it("timeout: rocky receives SIGTERM first and exits by itself (130), before any SIGKILL", () => {
    const out = runFixture("timeout");
    expect(out.signals).toEqual(["SIGTERM"]);
    expect(out.exitCode).toBe(130);
  });
  // A process cannot record SIGKILL: SIGTERM recorded and no exit code of its own prove the order.
  it.each(["timeout", "abort"])(
    "%s with SIGTERM ignored: rocky saw SIGTERM, then SIGKILL ended it and its group",
    async (mode) => {
      const out = runFixture(mode, "1");
      expect(out.error).toBe(mode === "timeout" ? "RockyTimeoutError" : "RockyAbortError");
      expect(out.signals).toEqual(["SIGTERM"]);
      expect(out.exitCode).toBeNull();
      expect(out.pids).toHaveLength(2);
      expect(await waitGone(out.pids)).toBe(true);
    },
  );
  it("abort: RockyAbortError with the reason, SIGTERM first, group gone", async () => {
    const out = runFixture("abort");
    expect(out.error).toBe("RockyAbortError");
    expect(out.reason).toBe("job cancelled");
    expect(out.spawned).toBe(true);
    expect(out.signals).toEqual(["SIGTERM"]);
    expect(out.exitCode).toBe(130);
    expect(out.pids).toHaveLength(2);
    expect(await waitGone(out.pids)).toBe(true);
  });
  // In-process too (the fixtures above import the built package): abort once rocky is up.
  it.each([
    [false, ["SIGTERM"], 130],
    [true, ["SIGTERM"], null],
  ] as const)(
    "in-process abort (SIGTERM ignored: %s): rocky records %j, exit %s, group gone",
    async (ignoreSigterm, signals, exitCode) => {
      const s = await sim({
        commands: { run: { hang: true, grandchild: true, ignoreSigterm, hangMaxMs: 60_000 } },
      });
      const r = resourceFor(s, { killGraceMs: 200 });
      await r.state(); // the version probe out of the way
      const c = new AbortController();
      const call = r.run({ filter: "a=b", signal: c.signal }).catch((e: unknown) => e);
      let run = (await s.invocations()).find((i) => i.verb === "run");
      while (run === undefined || run.grandchildPids.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        run = (await s.invocations()).find((i) => i.verb === "run");
      }
      c.abort(new Error("stop"));
      expect(await call).toBeInstanceOf(RockyAbortError);
      const after = (await s.invocations()).find((i) => i.verb === "run");
      expect(after?.signals).toEqual(signals);
      expect(after?.exitCode).toBe(exitCode);
      expect(await waitGone([run.pid, ...run.grandchildPids])).toBe(true);
    },
  );
  it("an already aborted signal spawns nothing", async () => {
    const s = await sim();
    const c = new AbortController();
    c.abort(new Error("no"));
    const err = (await resourceFor(s)
      .run({ filter: "a=b", signal: c.signal })
      .catch((e: unknown) => e)) as RockyAbortError;
    expect(err).toBeInstanceOf(RockyAbortError);
    expect(err.spawned).toBe(false);
    expect(await s.invocations()).toEqual([]);
  });
  it("abort listeners are removed when a call ends", async () => {
    const s = await sim();
    const r = resourceFor(s);
    const c = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = c.signal.addEventListener.bind(c.signal);
    const remove = c.signal.removeEventListener.bind(c.signal);
    c.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added.push(args[1]);
      add(...args);
    }) as typeof c.signal.addEventListener;
    c.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed.push(args[1]);
      remove(...args);
    }) as typeof c.signal.removeEventListener;
    for (let i = 0; i < 3; i++) await r.run({ filter: "a=b", signal: c.signal });
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(removed)).toEqual(new Set(added));
  });
});

describe("rocky exiting normally while a child it started lives on", () => {
  // The grandchild inherits rocky's stdout and would live two minutes: the call can only
  // return once that pipe closes, so returning at all means the SDK killed rocky's group.
  it.each(["state", "run"] as const)(
    "%s: the result is returned and the grandchild is already gone",
    async (verb) => {
      const s = await sim({ commands: { [verb]: { grandchild: true, hangMaxMs: 120_000 } } });
      const r = resourceFor(s);
      const result = verb === "state" ? await r.state() : await r.run({ filter: "a=b" });
      expect(result.command).toBe(verb);
      const inv = (await s.invocations()).find((i) => i.verb === verb);
      expect(inv?.exitCode).toBe(0);
      expect(inv?.signals).toEqual([]);
      expect(inv?.grandchildPids).toHaveLength(1);
      // The pipe closes while the killed grandchild is still exiting: give the kernel a moment
      // (without the group kill the call itself would not return for two minutes).
      expect(await waitGone([inv?.grandchildPids[0] as number], 2_000)).toBe(true);
    },
    15_000,
  );
});

describe("parent exit leaves no rocky process group behind", () => {
  it.each(["SIGTERM", "SIGINT", "exit"] as const)("%s", async (how) => {
    const child = spawn(process.execPath, [join(here, "fixtures", "parent-exit.mjs"), how], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let dir: string | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error("fixture did not start")), 15_000);
        child.stdout.once("data", (d: Buffer) => {
          clearTimeout(t);
          resolve(d.toString());
        });
      });
      const started = JSON.parse(line) as { pids: number[]; dir: string };
      dir = started.dir;
      const { pids } = started;
      expect(pids.some((p) => !isGone(p))).toBe(true);
      if (how !== "exit") child.kill(how);
      const code = await new Promise((r) => child.once("exit", (c, sig) => r(sig ?? c)));
      expect(code).toBe(how === "exit" ? 3 : how);
      expect(await waitGone(pids)).toBe(true);
    } finally {
      // A red run must not leak the fixture, its rocky group or its rocky-sim-* dir.
      child.kill("SIGKILL");
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("concurrency", () => {
  it("50 concurrent runs all succeed and are all recorded", async () => {
    const s = await sim();
    const r = resourceFor(s);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => r.run({ filter: `tenant=t${i}` })),
    );
    expect(results.every((x) => x.command === "run")).toBe(true);
    const runs = (await s.invocations()).filter((i) => i.verb === "run");
    expect(new Set(runs.map((i) => i.argv.find((a) => a.startsWith("--filter="))))).toHaveProperty(
      "size",
      50,
    );
  });
});

function fakeLogger(warnings: unknown[]) {
  const l = {
    trace() {},
    debug() {},
    info() {},
    warn(...args: unknown[]) {
      warnings.push(args);
    },
    error() {},
    isLevelEnabled: () => true,
    child: () => l,
  };
  return l;
}

describe("rocky's environment, as dagster-rocky builds it: no DAGSTER_PIPES_* ever, deprecation notices off", () => {
  const pipesEnv = {
    DAGSTER_PIPES_CONTEXT: "ctx",
    DAGSTER_PIPES_MESSAGES: "msgs",
    DAGSTER_PIPES_LAUNCHED_BY: "dagster",
    KEEP: "1",
  };
  const key = Symbol.for("@dagster-rocky/pipes.session");
  const g = globalThis as Record<symbol, unknown>;
  const pipesVars = (env: Record<string, string | undefined> | undefined) =>
    Object.keys(env ?? {}).filter((k) => k.startsWith("DAGSTER_PIPES_"));

  it("every DAGSTER_PIPES_* variable is removed with no Node Pipes session open (a Node step launched by Dagster)", async () => {
    const s = await sim();
    await resourceFor(s, { env: pipesEnv }).state();
    const [inv] = (await s.invocations()).filter((i) => i.verb === "state");
    expect(pipesVars(inv?.env)).toEqual([]);
    expect(inv?.env.KEEP).toBe("1");
  });

  it("and while a session is open", async () => {
    const s = await sim();
    g[key] = 1;
    try {
      await resourceFor(s, { env: pipesEnv }).state();
    } finally {
      delete g[key];
    }
    const [inv] = (await s.invocations()).filter((i) => i.verb === "state");
    expect(pipesVars(inv?.env)).toEqual([]);
  });

  it("from process.env too, and for a shadowed run", async () => {
    const s = await sim();
    const saved = process.env.DAGSTER_PIPES_CONTEXT;
    process.env.DAGSTER_PIPES_CONTEXT = "from-process";
    try {
      await resourceFor(s).run({ filter: "tenant=acme", shadowSuffix: "_pr_1" });
    } finally {
      if (saved === undefined) delete process.env.DAGSTER_PIPES_CONTEXT;
      else process.env.DAGSTER_PIPES_CONTEXT = saved;
    }
    const [inv] = (await s.invocations()).filter((i) => i.verb === "run");
    expect(inv?.argv).toContain("--shadow");
    expect(pipesVars(inv?.env)).toEqual([]);
  });

  it("ROCKY_SUPPRESS_DEPRECATION=1 unless the environment sets it (any value is kept)", async () => {
    const s = await sim();
    await resourceFor(s, { env: { KEEP: "1" } }).state();
    await resourceFor(s, { env: { ROCKY_SUPPRESS_DEPRECATION: "0" } }).state();
    await resourceFor(s, { env: { ROCKY_SUPPRESS_DEPRECATION: "" } }).state();
    const states = (await s.invocations()).filter((i) => i.verb === "state");
    expect(states.map((i) => i.env.ROCKY_SUPPRESS_DEPRECATION)).toEqual(["1", "0", ""]);
  });
});

describe("large outputs parse in full", () => {
  it("a run with thousands of materializations parses in full", async () => {
    const s = await sim({ commands: { run: { stdoutBytes: 3_000_000 } } });
    const result = runReport(await resourceFor(s).run({ filter: "tenant=acme" }));
    expect(result.materializations.length).toBeGreaterThan(1024);
    expect(result.materializations.every((m) => typeof m.duration_ms === "number")).toBe(true);
  });
});
