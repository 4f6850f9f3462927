import { describe, expect, it } from "vitest";
import {
  DOCTOR_CHECKS,
  RockyBinaryNotFoundError,
  RockyConfigError,
  RockyDoctorError,
  RockyResource,
  RockyVersionError,
} from "../src/index.js";
import { captureLogger, sim } from "./helpers.js";

class Custom extends RockyResource {
  marker(): string {
    return "custom";
  }
}

const verbsOf = async (s: Awaited<ReturnType<typeof sim>>) =>
  (await s.invocations()).map((i) => i.verb ?? i.argv[0]);

const doctorReport = (checks: { name: string; status: string; message: string }[]) =>
  JSON.stringify({
    command: "doctor",
    overall: "healthy",
    suggestions: [],
    checks: checks.map((c) => ({ ...c, duration_ms: 1 })),
  });

describe("create() builds the resource and runs the version gate once", () => {
  it("returns an instance of the subclass it is called on, after one rocky --version", async () => {
    const s = await sim();
    const r = await Custom.create({ binaryPath: s.binaryPath, env: {} });
    expect(r).toBeInstanceOf(Custom);
    expect(r.marker()).toBe("custom");
    expect(await verbsOf(s)).toEqual(["--version"]);
    await r.state();
    expect(await verbsOf(s)).toEqual(["--version", "state"]); // the gate is not probed again
  });

  it("a too-old rocky or a missing binary rejects: no resource", async () => {
    const old = await sim({ version: "0.0.1" });
    await expect(RockyResource.create({ binaryPath: old.binaryPath })).rejects.toBeInstanceOf(
      RockyVersionError,
    );
    await expect(RockyResource.create({ binaryPath: "/nonexistent/rocky" })).rejects.toBeInstanceOf(
      RockyBinaryNotFoundError,
    );
  });

  it("invalid resource options are the constructor's RockyConfigError, nothing spawned", async () => {
    const s = await sim();
    const err = await RockyResource.create({ binaryPath: s.binaryPath, timeoutMs: -1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyConfigError);
    expect(await verbsOf(s)).toEqual([]);
  });

  it("the plain constructor is unchanged: it spawns nothing", async () => {
    const s = await sim();
    const r = new Custom({ binaryPath: s.binaryPath });
    expect(r).toBeInstanceOf(Custom);
    expect(await verbsOf(s)).toEqual([]);
  });
});

describe("strictDoctor runs rocky doctor once; a strict critical check refuses the resource", () => {
  it("healthy: the resource is returned after --version and one doctor", async () => {
    const s = await sim();
    const r = await RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: true });
    expect(r).toBeInstanceOf(RockyResource);
    expect(await verbsOf(s)).toEqual(["--version", "doctor"]);
  });

  it("strictDoctor: true and a critical check: RockyDoctorError listing every failure", async () => {
    const s = await sim({ commands: { doctor: { doctor: "critical" } } });
    const err = await RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyDoctorError);
    const e = err as RockyDoctorError;
    expect(e.code).toBe("DOCTOR_CRITICAL");
    expect(e.failures.length).toBeGreaterThan(0);
    expect(e.failures.every((f) => f.status === "critical")).toBe(true);
    expect(e.failures.map((f) => f.name)).toContainEqual(expect.stringMatching(/^auth\//));
    for (const f of e.failures) expect(e.message).toContain(f.name);
    expect((await verbsOf(s)).filter((v) => v === "doctor")).toHaveLength(1);
  });

  it("a list of checks: only those are strict (auth covers auth/<adapter>); others are logged", async () => {
    const s = await sim({ commands: { doctor: { doctor: "critical" } } });
    await expect(
      RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: ["auth"] }),
    ).rejects.toBeInstanceOf(RockyDoctorError);
    const { logger, lines } = captureLogger("debug");
    const r = await RockyResource.create({
      binaryPath: s.binaryPath,
      strictDoctor: ["config", "state_rw"],
      logger,
    });
    expect(r).toBeInstanceOf(RockyResource);
    expect(lines.some((l) => l.level === 40 && /non-strict/.test(String(l.msg)))).toBe(true);
  });

  it("warnings never refuse; they are logged", async () => {
    const s = await sim({ commands: { doctor: { doctor: "warning" } } });
    const { logger, lines } = captureLogger("debug");
    const r = await RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: true, logger });
    expect(r).toBeInstanceOf(RockyResource);
    expect(lines.some((l) => l.level === 40 && l.msg === "rocky doctor warning")).toBe(true);
  });

  it("a status the SDK does not know counts as critical", async () => {
    const raw = doctorReport([
      { name: "config", status: "healthy", message: "ok" },
      { name: "state", status: "degraded", message: "slow backend" },
    ]);
    const s = await sim({ commands: { doctor: { output: { raw } } } });
    const err = (await RockyResource.create({
      binaryPath: s.binaryPath,
      strictDoctor: ["state"],
    }).catch((e: unknown) => e)) as RockyDoctorError;
    expect(err).toBeInstanceOf(RockyDoctorError);
    expect(err.failures).toEqual([{ name: "state", status: "degraded", message: "slow backend" }]);
  });

  it("a doctor that cannot run: RockyDoctorError DOCTOR_UNAVAILABLE wrapping the typed error", async () => {
    const s = await sim({ commands: { doctor: { output: "not-json" } } });
    const err = (await RockyResource.create({
      binaryPath: s.binaryPath,
      strictDoctor: true,
    }).catch((e: unknown) => e)) as RockyDoctorError;
    expect(err).toBeInstanceOf(RockyDoctorError);
    expect(err.code).toBe("DOCTOR_UNAVAILABLE");
    expect(err.message).toContain("could not execute during RockyResource.create");
    expect((err.cause as Error).name).toBe("RockyOutputParseError");
  });

  it("no strictDoctor (or false): doctor is not run", async () => {
    const s = await sim({ commands: { doctor: { doctor: "critical" } } });
    await RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: false });
    expect(await verbsOf(s)).toEqual(["--version"]);
  });
});

describe("strictDoctor is validated against rocky's check names before anything is spawned", () => {
  it.each([[["nope"]], [["auth", "Auth"]], [[]], [[1]], ["yes"], [{ auth: true }]])(
    "strictDoctor %j: RockyConfigError naming strictDoctor",
    async (value) => {
      const s = await sim();
      const err = await RockyResource.create({
        binaryPath: s.binaryPath,
        strictDoctor: value as never,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues[0]?.path).toBe("strictDoctor");
      expect(await verbsOf(s)).toEqual([]);
    },
  );

  it("every name of the engine's doctor is accepted", async () => {
    const s = await sim();
    expect(DOCTOR_CHECKS).toEqual([
      "config",
      "state",
      "state_schema",
      "adapters",
      "pipelines",
      "state_sync",
      "state_rw",
      "state_concurrency",
      "auth",
      "scheduler",
    ]);
    const r = await RockyResource.create({ binaryPath: s.binaryPath, strictDoctor: DOCTOR_CHECKS });
    expect(r).toBeInstanceOf(RockyResource);
  });
});
