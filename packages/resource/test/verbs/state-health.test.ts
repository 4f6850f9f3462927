// stateHealth(): dagster-rocky's state_health, through real processes: a scripted `rocky`
// (history and doctor outputs chosen per test) and rocky-sim.
import { execFileSync } from "node:child_process";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterEach, describe, expect, it } from "vitest";
import { RockyAbortError, RockyConfigError, RockyResource } from "../../src/index.js";
import { resourceFor, sim, tempDir } from "../helpers.js";

interface Step {
  stdout?: unknown;
  exit?: number;
  hang?: boolean;
}
interface Script {
  history?: Step;
  doctor?: Step;
}

// A stand-in rocky: answers --version, history and doctor as the test's script says, logs argv.
const FAKE = `#!/usr/bin/env node
const fs = require("node:fs");
const dir = __dirname;
const argv = process.argv.slice(2);
fs.appendFileSync(dir + "/argv.log", JSON.stringify(argv) + "\\n");
if (argv.includes("--version")) { process.stdout.write("rocky 1.71.0\\n"); process.exit(0); }
const script = JSON.parse(fs.readFileSync(dir + "/script.json", "utf8"));
const verb = ["history", "doctor"].find((v) => argv.includes(v));
const step = (verb && script[verb]) || { exit: 1 };
if (step.hang) { setTimeout(() => {}, 600000); return; }
if (step.stdout !== undefined) process.stdout.write(typeof step.stdout === "string" ? step.stdout : JSON.stringify(step.stdout));
if (step.exit) process.stderr.write("Error: scripted failure\\n");
process.exit(step.exit || 0);
`;

async function fakeRocky(script: Script, toml?: string, env: Record<string, string> = {}) {
  const dir = await tempDir();
  const bin = join(dir, "rocky");
  await writeFile(bin, FAKE);
  await chmod(bin, 0o755);
  await writeFile(join(dir, "script.json"), JSON.stringify(script));
  if (toml !== undefined) await writeFile(join(dir, "rocky.toml"), toml);
  const resource = new RockyResource({
    binaryPath: bin,
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  const argvs = async (): Promise<string[][]> =>
    (await readFile(join(dir, "argv.log"), "utf8").catch(() => ""))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { resource, argvs, dir };
}

const run = (status: string, started_at: string) => ({
  run_id: `run-${started_at}`,
  started_at,
  status,
  trigger: "manual",
  duration_ms: 1,
  models: [],
  models_executed: 0,
});
const history = (...runs: ReturnType<typeof run>[]) => ({
  stdout: { version: "1.71.0", command: "history", count: runs.length, runs },
});
const doctor = (check: object | null, exit = 0) => ({
  stdout: {
    command: "doctor",
    overall: "healthy",
    checks: check === null ? [] : [{ name: "state_rw", duration_ms: 12, message: "", ...check }],
    suggestions: [],
  },
  exit,
});

describe("backend: [state] backend of the config file, lower-cased; local otherwise", () => {
  it.each([
    ['[state]\nbackend = "S3"\n', "s3"],
    ["[state]\nbackend = 'valkey' # cache\n", "valkey"],
    ['[adapter]\nbackend = "gcs"\n[state]\nbackend = "tiered"\n', "tiered"],
    ['[state]\nbackend = "gcs"\n', "gcs"],
    ['[state]\nbackend = "dynamo"\n', "local"],
    ['[adapter]\nbackend = "s3"\n', "local"],
    ["this is [not toml", "local"],
  ])("%j → %s", async (toml, backend) => {
    const { resource } = await fakeRocky({ history: history() }, toml);
    expect((await resource.stateHealth()).backend).toBe(backend);
  });

  it("a missing config file is local", async () => {
    const { resource } = await fakeRocky({ history: history() });
    expect((await resource.stateHealth()).backend).toBe("local");
  });
});

describe("backend: read through rocky's config loader, substitution from the child's env included", () => {
  const KEY = "ROCKY_STATE_HEALTH_TEST_BACKEND";
  afterEach(() => {
    delete process.env[KEY];
  });
  /** rocky.toml's `${expr}` placeholder. */
  const v = (expr: string) => `\${${expr}}`;
  it.each([
    [`[state]\nbackend = "${v("B")}"\n`, { B: "valkey" }, "valkey"],
    [`[state]\nbackend = "${v("B:-s3")}"\n`, {}, "s3"],
    [`[state]\nbackend = "${v("B:-s3")}"\n`, { B: "gcs" }, "gcs"],
    [`# backend was ${v("OLD")}\n[state]\nbackend = "tiered"\n`, {}, "tiered"],
    ['state.backend = "gcs"\n', {}, "gcs"],
    ['state = { backend = "S3" }\n', {}, "s3"],
    ['[state]\nbackend = """valkey"""\n', {}, "valkey"],
    ['[x]\nnote = """\n[state]\nbackend = "s3"\n"""\n', {}, "local"],
    [`[state]\nbackend = "s3"\n[x]\ny = "${v("NOT_SET")}"\n`, {}, "local"],
    [`[state]\nbackend = "${v("B")}"\n`, { B: 's3"\nbackend = "gcs' }, "local"],
  ])("%j with env %j → %s", async (toml, env, backend) => {
    const { resource } = await fakeRocky({ history: history() }, toml, env);
    expect((await resource.stateHealth()).backend).toBe(backend);
  });
  it("a variable only in process.env is unset for rocky: the config does not load, local", async () => {
    process.env[KEY] = "s3";
    const { resource } = await fakeRocky(
      { history: history() },
      `[state]\nbackend = "${v(KEY)}"\n`,
    );
    expect((await resource.stateHealth()).backend).toBe("local");
  });
});

describe("last run: the newest run that ran, status normalised; history failures degrade to nulls", () => {
  it.each([
    ["Success", "success"],
    ["PartialFailure", "partial_failure"],
    ["partial_failure", "partial_failure"],
    ["Failure", "failure"],
    ["Exploded", "failure"],
  ])("%s → %s", async (wire, status) => {
    const { resource, argvs } = await fakeRocky({
      history: history(run(wire, "2026-01-02T00:00:00Z"), run("Success", "2026-01-01T00:00:00Z")),
    });
    const health = await resource.stateHealth();
    expect(health.lastRunStatus).toBe(status);
    expect(health.lastRunAt).toBe("2026-01-02T00:00:00Z");
    const calls = (await argvs()).filter((a) => a.includes("history"));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.slice(calls[0].indexOf("history"))).toEqual(["history"]);
  });

  it("skipped runs (SkippedIdempotent, SkippedInFlight) are passed over", async () => {
    const { resource } = await fakeRocky({
      history: history(
        run("SkippedIdempotent", "2026-01-03T00:00:00Z"),
        run("skippedinflight", "2026-01-02T00:00:00Z"),
        run("PartialFailure", "2026-01-01T00:00:00Z"),
      ),
    });
    expect(await resource.stateHealth()).toMatchObject({
      lastRunStatus: "partial_failure",
      lastRunAt: "2026-01-01T00:00:00Z",
    });
  });

  it.each([
    ["no runs", history()],
    ["only skipped runs", history(run("SkippedIdempotent", "2026-01-01T00:00:00Z"))],
    ["history exits 1", { exit: 1 }],
    ["history prints garbage", { stdout: "not json" }],
    ["history breaks the schema", { stdout: { runs: "nope" } }],
  ])("%s → both null, no throw", async (_label, step) => {
    const { resource } = await fakeRocky({ history: step as Step });
    expect(await resource.stateHealth()).toEqual({
      backend: "local",
      lastRunStatus: null,
      lastRunAt: null,
      probeOutcome: null,
      probeDurationMs: null,
      probeError: null,
    });
  });

  it("a missing binary degrades to nulls too", async () => {
    const r = new RockyResource({ binaryPath: "/nonexistent/rocky", env: {} });
    await expect(r.stateHealth({ probeWrite: true })).resolves.toMatchObject({
      lastRunStatus: null,
      probeOutcome: "error",
      probeDurationMs: null,
    });
  });

  it("a hung history is bounded by timeoutMs and degrades to nulls", async () => {
    const { resource } = await fakeRocky({ history: { hang: true } });
    expect(await resource.stateHealth({ timeoutMs: 500 })).toMatchObject({ lastRunStatus: null });
  });
});

describe("probeWrite: rocky doctor --check=state_rw", () => {
  it("is not run without probeWrite (probe fields null)", async () => {
    const { resource, argvs } = await fakeRocky({ history: history() });
    expect(await resource.stateHealth()).toMatchObject({ probeOutcome: null, probeError: null });
    expect((await argvs()).some((a) => a.includes("doctor"))).toBe(false);
  });

  it.each([
    ["healthy", { status: "healthy", message: "ok" }, 0, "ok", 12, null],
    [
      "critical timeout",
      { status: "critical", message: "probe timed out after 5s" },
      3,
      "timeout",
      12,
      "probe timed out after 5s",
    ],
    [
      "critical Timeout word",
      { status: "critical", message: "S3 Timeout" },
      3,
      "timeout",
      12,
      "S3 Timeout",
    ],
    [
      "critical error",
      { status: "critical", message: "access denied" },
      3,
      "error",
      12,
      "access denied",
    ],
    ["warning", { status: "warning", message: "slow" }, 0, "error", 12, "slow"],
    [
      "critical without message",
      { status: "critical", message: "" },
      3,
      "error",
      12,
      "state_rw check returned status=critical",
    ],
  ])("%s → %s", async (_label, check, exit, outcome, duration, error) => {
    const { resource, argvs } = await fakeRocky({
      history: history(),
      doctor: doctor(check, exit),
    });
    expect(await resource.stateHealth({ probeWrite: true })).toMatchObject({
      probeOutcome: outcome,
      probeDurationMs: duration,
      probeError: error,
    });
    const call = (await argvs()).find((a) => a.includes("doctor")) ?? [];
    expect(call.slice(call.indexOf("doctor"))).toEqual(["doctor", "--check=state_rw"]);
  });

  it("no state_rw check in the report → error", async () => {
    const { resource } = await fakeRocky({ history: history(), doctor: doctor(null) });
    expect(await resource.stateHealth({ probeWrite: true })).toMatchObject({
      probeOutcome: "error",
      probeDurationMs: null,
      probeError: "rocky doctor did not emit a state_rw check",
    });
  });

  it("a doctor that fails (exit 1, no report) → error with its message, duration null", async () => {
    const { resource } = await fakeRocky({ history: history(), doctor: { exit: 1 } });
    const health = await resource.stateHealth({ probeWrite: true });
    expect(health.probeOutcome).toBe("error");
    expect(health.probeDurationMs).toBeNull();
    expect(health.probeError).toMatch(/exited with code 1/);
  });

  it("a doctor that hangs past timeoutMs → timeout", async () => {
    const { resource } = await fakeRocky({ history: history(), doctor: { hang: true } });
    const health = await resource.stateHealth({ probeWrite: true, timeoutMs: 500 });
    expect(health.probeOutcome).toBe("timeout");
    expect(health.probeError).toMatch(/timed out/);
  });

  it("with rocky-sim: an s3 project's probe passes; an empty history leaves the run fields null", async () => {
    const s = await sim({
      assumeConfig: '[state]\nbackend = "s3"\n[adapter]\ntype = "duckdb"\n',
      commands: { history: { emptyHistory: true } },
    });
    const dir = await tempDir();
    await writeFile(join(dir, "rocky.toml"), '[state]\nbackend = "s3"\n');
    const health = await resourceFor(s, { cwd: dir }).stateHealth({ probeWrite: true });
    expect(health.backend).toBe("s3");
    expect(health.lastRunStatus).toBeNull();
    const doctorCall = (await s.invocations()).find((i) => i.verb === "doctor");
    expect(doctorCall?.argv.slice(doctorCall.argv.indexOf("doctor"))).toEqual([
      "doctor",
      "--check=state_rw",
    ]);
    expect(health.lastRunAt).toBeNull();
  });

  it("with rocky-sim: the latest recorded run's status and time come from rocky history", async () => {
    const s = await sim();
    const dir = await tempDir();
    await writeFile(join(dir, "rocky.toml"), `${DEFAULT_PROJECT_TOML}\n[state]\nbackend = "s3"\n`);
    // rocky history lists the runs recorded in the state store: one run first.
    execFileSync(s.binaryPath, ["run", "--filter=tenant=acme"], { cwd: dir, stdio: "ignore" });
    const health = await resourceFor(s, { cwd: dir }).stateHealth();
    expect(health.lastRunStatus).toBe("success");
    expect(health.lastRunAt).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(health.lastRunAt as string))).toBe(false);
    expect(health.probeOutcome).toBeNull();
  });
});

describe("what still throws: bad options and an abort", () => {
  it("an unknown option is a RockyConfigError, nothing spawned", async () => {
    const { resource, argvs } = await fakeRocky({ history: history() });
    await expect(resource.stateHealth({ probe: true } as never)).rejects.toBeInstanceOf(
      RockyConfigError,
    );
    await expect(resource.stateHealth({ probeWrite: "yes" } as never)).rejects.toBeInstanceOf(
      RockyConfigError,
    );
    expect(await argvs()).toEqual([]);
  });

  it("an abort during history rejects with RockyAbortError", async () => {
    const { resource } = await fakeRocky({ history: { hang: true } });
    const controller = new AbortController();
    const p = resource.stateHealth({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("tick cancelled")), 300);
    await expect(p).rejects.toBeInstanceOf(RockyAbortError);
  });
});
