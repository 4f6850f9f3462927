import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandBehavior,
  createRockySimulator,
  type RockySimulator,
  type SimScenario,
} from "../src/index.js";
import { isDead, rocky, type SimResult, waitFor } from "./helpers.js";

let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterAll(async () => {
  await sim.cleanup();
});

async function withScenario(scenario: SimScenario, args: string[]): Promise<SimResult> {
  await sim.setScenario({ assumeConfig: true, ...scenario });
  return rocky(sim.binaryPath, args, { cwd: sim.dir });
}
const runWith = (behavior: CommandBehavior, args = ["run", "--filter", "tenant=acme"]) =>
  withScenario({ commands: { run: behavior } }, args);

describe("compare scenarios", () => {
  const args = ["compare", "--filter", "tenant=acme", "--shadow-suffix", "_pr1"];
  // compare reads the shadow tables a shadow run wrote into the simulated warehouse.
  beforeAll(async () => {
    await withScenario({}, ["run", "--filter", "tenant=acme"]);
    await withScenario({}, [
      "run",
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-suffix",
      "_pr1",
    ]);
    await withScenario({}, ["run", "--filter", "tenant=acme", "--shadow", "--shadow-schema", "sx"]);
  });
  it("pass (default): every table passes, exit 0", async () => {
    const r = await withScenario({}, args);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      command: "compare",
      tables_compared: 3,
      tables_passed: 3,
      tables_warned: 0,
      tables_failed: 0,
      overall_verdict: "pass",
    });
    expect(out.results[0]).toMatchObject({
      production_table: "warehouse.staging__acme.customers",
      shadow_table: "warehouse.staging__acme.customers_pr1",
      row_count_match: true,
      schema_match: true,
    });
  });

  it("--shadow-schema names the shadow tables by schema", async () => {
    const r = await withScenario({}, [
      "compare",
      "--filter",
      "tenant=acme",
      "--shadow-schema",
      "sx",
      "--thresholds",
      '{"row_count_diff_pct_fail":0.05}',
    ]);
    expect(JSON.parse(r.stdout).results[1].shadow_table).toBe("warehouse.sx.orders");
  });

  it("warn: one table warns, exit 0", async () => {
    const r = await withScenario({ commands: { compare: { compare: "warn" } } }, args);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      tables_passed: 2,
      tables_warned: 1,
      tables_failed: 0,
      overall_verdict: "warn",
    });
    const warned = out.results.find((x: { verdict: string }) => x.verdict === "warn");
    expect(warned.row_count_match).toBe(false);
    expect(warned.shadow_count).not.toBe(warned.production_count);
  });

  it("fail: one table fails with a schema difference; JSON printed, then exit 1", async () => {
    const r = await withScenario({ commands: { compare: { compare: "fail" } } }, args);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ tables_failed: 1, overall_verdict: "fail" });
    const failed = out.results.find((x: { verdict: string }) => x.verdict === "fail");
    expect(failed.schema_match).toBe(false);
    // compare.rs prints rocky-core's SchemaDiff values with `{:?}`.
    expect(failed.schema_diffs).toEqual([
      'ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }',
      'ColumnRemoved { name: "legacy_id" }',
    ]);
    expect(r.stderr).toMatch(/Error: 1 table\(s\) failed comparison\n$/);
  });
});

describe("doctor scenarios", () => {
  it("healthy by default, exit 0", async () => {
    const r = await withScenario({}, ["doctor"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).overall).toBe("healthy");
  });
  it("warning: exit 0 with a warning check", async () => {
    const r = await withScenario({ commands: { doctor: { doctor: "warning" } } }, ["doctor"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.overall).toBe("warning");
    expect(out.suggestions.length).toBeGreaterThan(0);
  });
  it("critical: JSON printed, then exit 3", async () => {
    const r = await withScenario({ commands: { doctor: { doctor: "critical" } } }, ["doctor"]);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.overall).toBe("critical");
    expect(out.checks.some((c: { status: string }) => c.status === "critical")).toBe(true);
  });
  it("--check narrows the checks", async () => {
    const r = await withScenario({ commands: { doctor: { doctor: "critical" } } }, [
      "doctor",
      "--check",
      "config",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks.map((c: { name: string }) => c.name)).toEqual(["config"]);
  });
});

describe("version scenarios", () => {
  it("version changes --version and the version field", async () => {
    await sim.setScenario({ assumeConfig: true, version: "1.72.5" });
    expect((await rocky(sim.binaryPath, ["-V"])).stdout).toBe("rocky 1.72.5\n");
    expect(JSON.parse((await rocky(sim.binaryPath, ["state"])).stdout).version).toBe("1.72.5");
  });
  it("versionOutput prints raw garbage", async () => {
    const r = await withScenario({ versionOutput: "\u0000garbage v?\n" }, ["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("\u0000garbage v?\n");
  });
  it("commands.version applies to --version, default does not", async () => {
    const r = await withScenario(
      { default: { exitCode: 9 }, commands: { version: { exitCode: 4 } } },
      ["--version"],
    );
    expect(r.code).toBe(4);
    const v = await withScenario({ default: { exitCode: 9 } }, ["--version"]);
    expect(v.code).toBe(0);
  });
});

/**
 * Spawns rocky-sim and resolves once it hangs: its `waiting for warehouse` line is on stderr, so
 * the verb has set up what a signal reports (a fixed sleep raced the verb's start under load).
 */
async function hanging(args: string[]): Promise<{ pid: number; done: ReturnType<typeof rocky> }> {
  let pid = 0;
  let seen = "";
  const done = rocky(sim.binaryPath, args, {
    onSpawn: (c) => {
      pid = c.pid ?? 0;
      c.stderr?.on("data", (chunk: Buffer) => {
        seen += chunk.toString("utf8");
      });
    },
  });
  await waitFor(
    async () => (seen.includes("waiting for warehouse") ? true : undefined),
    10_000,
    "hang",
  );
  return { pid, done };
}

describe("fault scenarios", () => {
  it("exitCode overrides the exit code after normal output", async () => {
    const r = await runWith({ exitCode: 42 });
    expect(r.code).toBe(42);
    expect(JSON.parse(r.stdout).command).toBe("run");
  });

  it("default applies to every verb and commands.<verb> overrides it", async () => {
    const r = await withScenario(
      { default: { exitCode: 7 }, commands: { doctor: { exitCode: 0 } } },
      ["state"],
    );
    expect(r.code).toBe(7);
    const d = await withScenario(
      { default: { exitCode: 7 }, commands: { doctor: { exitCode: 0 } } },
      ["doctor"],
    );
    expect(d.code).toBe(0);
  });

  it("output none: empty stdout", async () => {
    const r = await runWith({ output: "none" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("output truncated: a prefix of the JSON that does not parse", async () => {
    const r = await runWith({ output: "truncated" });
    expect(r.stdout.startsWith('{\n  "version": "1.71.0"')).toBe(true);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it("output not-json", async () => {
    const r = await runWith({ output: "not-json" });
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it("output non-utf8: invalid UTF-8 bytes on stdout", async () => {
    const r = await runWith({ output: "non-utf8" });
    expect(r.stdoutBuffer.includes(Buffer.from([0xff, 0xfe, 0xfd]))).toBe(true);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(r.stdoutBuffer)).toThrow();
  });

  it("output invalid-schema: JSON that lacks required fields", async () => {
    const r = await runWith({ output: "invalid-schema" });
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe("run");
    expect(Array.isArray(out.materializations)).toBe(false);
    expect(out.tables_copied).toBeUndefined();
  });

  it("output raw: written verbatim", async () => {
    const r = await runWith({ output: { raw: "hello\nworld" }, exitCode: 5 });
    expect(r.stdout).toBe("hello\nworld");
    expect(r.code).toBe(5);
  });

  it("partialFailure: JSON with errors[] and failure_kind, then exit 2", async () => {
    const r = await runWith({ partialFailure: true });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("PartialFailure");
    expect(out.tables_failed).toBe(1);
    expect(out.tables_copied).toBe(2);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].failure_kind).toBe("query-rejected");
    expect(out.errors[0].asset_key).toEqual(["duckdb", "acme", "payments"]);
  });

  it("partialFailure with named tables and a failure kind", async () => {
    const r = await runWith({
      partialFailure: { tables: ["orders", "customers"], failureKind: "transient" },
    });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.tables_failed).toBe(2);
    expect(out.errors.map((e: { failure_kind: string }) => e.failure_kind)).toEqual([
      "transient",
      "transient",
    ]);
  });

  it("failure: every table fails, JSON printed, then exit 1", async () => {
    const r = await runWith({ failure: true });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: "Failure", tables_copied: 0, tables_failed: 3 });
    // run.rs `RunFailed`, after the JSON.
    expect(r.stderr).toMatch(/Error: 3 model\(s\) failed \(run_id: [^,]+, see the `errors` array/);
  });

  it("test failure: JSON then exit 1; compile failure: has_errors then exit 1", async () => {
    const t = await withScenario({ commands: { test: { failure: true } } }, ["test"]);
    expect(t.code).toBe(1);
    expect(JSON.parse(t.stdout).failed).toBe(1);
    const c = await withScenario({ commands: { compile: { failure: true } } }, ["compile"]);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout).has_errors).toBe(true);
  });

  it("tables overrides the table names", async () => {
    const r = await runWith({ tables: ["a1", "b2"] });
    const out = JSON.parse(r.stdout);
    expect(out.materializations.map((m: { asset_key: string[] }) => m.asset_key[2])).toEqual([
      "a1",
      "b2",
    ]);
  });

  it("startDelayMs and delayMs delay the process", async () => {
    const t0 = Date.now();
    const r = await runWith({ startDelayMs: 150, delayMs: 150 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(r.code).toBe(0);
  });

  it("stderrLines floods stderr with lines of stderrLineBytes", async () => {
    const r = await runWith({ stderrLines: 20000, stderrLineBytes: 120 });
    expect(r.code).toBe(0);
    const flood = r.stderr.split("\n").filter((l) => l.includes("stderr flood"));
    expect(flood).toHaveLength(20000);
    expect(flood.every((l) => l.length === 119)).toBe(true);
    expect(JSON.parse(r.stdout).command).toBe("run");
  });

  it("stdoutBytes pads a valid run output to about that size", async () => {
    const r = await runWith({ stdoutBytes: 5_000_000 });
    expect(r.code).toBe(0);
    expect(r.stdoutBuffer.length).toBeGreaterThanOrEqual(5_000_000);
    expect(r.stdoutBuffer.length).toBeLessThan(5_100_000);
    const out = JSON.parse(r.stdout);
    expect(out.materializations.length).toBe(out.tables_copied);
    expect(out.materializations.length).toBeGreaterThan(10_000);
    expect(out.materializations[0].metadata.target_table_full_name).toBe(
      "warehouse.staging__acme.customers",
    );
  });

  it("selfKill SIGKILL: killed by a signal with nothing on stdout, exit code unrecorded", async () => {
    await sim.clearInvocations();
    const r = await runWith({ selfKill: "SIGKILL" });
    expect(r.signal).toBe("SIGKILL");
    expect(r.code).toBeNull();
    expect(r.stdout).toBe("");
    const inv = await sim.invocations();
    expect(inv).toHaveLength(1);
    expect(inv[0]?.exitCode).toBeNull();
  });

  it("SIGTERM on a run: the RunOutput with interrupted: true, exit 130 (run.rs Interrupted)", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { run: { hang: true } } });
    const { pid, done } = await hanging(["run", "--filter", "a=b"]);
    process.kill(pid, "SIGTERM");
    const r = await done;
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      command: "run",
      interrupted: true,
      status: "Failure",
      tables_copied: 0,
    });
    expect(out.materializations).toEqual([]);
    const inv = (await sim.invocations()).find((i) => i.pid === pid);
    expect(inv?.exitCode).toBe(130);
  });

  it("SIGINT on a run in text mode: `[rocky] interrupted at …` on stderr, exit 130", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { run: { hang: true } } });
    const { pid, done } = await hanging(["--output", "table", "run", "--filter", "tenant=acme"]);
    process.kill(pid, "SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/\[rocky\] interrupted at 0\/3 tables \(run_id: run-[a-z0-9-]+\)\n/);
  });

  it("a signal on another verb: a line on stderr, exit 130 (documented divergence)", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { doctor: { hang: true } } });
    const { pid, done } = await hanging(["doctor"]);
    process.kill(pid, "SIGTERM");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/SIGTERM/);
  });

  it("ignoreSigterm: survives SIGTERM, dies only on SIGKILL", async () => {
    await sim.setScenario({
      assumeConfig: true,
      commands: { run: { hang: true, ignoreSigterm: true } },
    });
    const { pid, done } = await hanging(["run", "--filter", "a=b"]);
    process.kill(pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    expect(isDead(pid)).toBe(false);
    process.kill(pid, "SIGKILL");
    const r = await done;
    expect(r.signal).toBe("SIGKILL");
    expect(r.stderr).toMatch(/ignored/);
  });
});
