// isRetryable / retryAfterMs: which failures are worth another attempt, and after how long.
import { describe, expect, it } from "vitest";
import {
  isRetryable,
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyConfigError,
  RockyDoctorError,
  RockyOutputParseError,
  RockyPartialFailureError,
  RockyResource,
  RockyShadowError,
  RockyTimeoutError,
  RockyVersionError,
  retryAfterMs,
} from "../src/index.js";
import { sim } from "./helpers.js";

const failure = (result: unknown) =>
  new RockyPartialFailureError({
    command: "run",
    exitCode: 2,
    durationMs: 1,
    stderrTail: "",
    result,
  });
const tableError = (failure_kind: string, cooldown_seconds?: number | null) => ({
  asset_key: ["fivetran", "acme", "orders"],
  error: "boom",
  failure_kind,
  ...(cooldown_seconds === undefined ? {} : { cooldown_seconds }),
});

describe("a command failure is retryable, without a delay of its own", () => {
  it("RockyCommandError from a real run (rocky exited 3 with no report)", async () => {
    const s = await sim({ commands: { run: { exitCode: 3, output: "none" } } });
    const err = await new RockyResource({ binaryPath: s.binaryPath, env: {} })
      .run({ filter: "a=b" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(isRetryable(err)).toBe(true);
    expect(retryAfterMs(err)).toBeUndefined();
  });

  it("a partial failure that is not a quota breach", () => {
    const err = failure({ errors: [tableError("transient")] });
    expect(isRetryable(err)).toBe(true);
    expect(retryAfterMs(err)).toBeUndefined();
  });
});

describe("a quota breach is retryable after the cooldown rocky reports (dagster-rocky's rule)", () => {
  it("through a real run: a quota-exceeded partial failure with allowPartial: false", async () => {
    const s = await sim({
      commands: { run: { partialFailure: { failureKind: "quota-exceeded" } } },
    });
    const r = new RockyResource({ binaryPath: s.binaryPath, env: {} });
    const err = await r
      .run({ filter: "tenant=acme", allowPartial: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyPartialFailureError);
    expect(isRetryable(err)).toBe(true);
    // The simulator reports no cooldown_seconds: the 300 s default applies.
    expect(retryAfterMs(err)).toBe(300_000);
    // With the default allowPartial the same breach is a report; it classifies the same way.
    const report = await r.run({ filter: "tenant=acme" });
    expect(isRetryable(report)).toBe(true);
    expect(retryAfterMs(report)).toBe(300_000);
  });

  it("the largest populated cooldown_seconds wins, in ms", () => {
    const err = failure({
      errors: [
        tableError("quota-exceeded", 60),
        tableError("quota-exceeded", null),
        tableError("quota-exceeded", 900),
        tableError("transient", 5_000),
      ],
    });
    expect(retryAfterMs(err)).toBe(900_000);
  });

  it("no populated cooldown: 300 000 ms (rocky's circuit-breaker default)", () => {
    expect(retryAfterMs(failure({ errors: [tableError("quota-exceeded", null)] }))).toBe(300_000);
    expect(retryAfterMs(failure({ errors: [tableError("quota-exceeded")] }))).toBe(300_000);
  });

  it("a report without a breach has no delay and is not a retry signal", () => {
    const report = { errors: [tableError("auth-failed", 30)] };
    expect(retryAfterMs(report)).toBeUndefined();
    expect(isRetryable(report)).toBe(false);
    expect(isRetryable({ errors: [] })).toBe(false);
  });
});

describe("timeouts, aborts, shadow, config, version, binary, parse and doctor errors are never retried", () => {
  const never: [string, unknown][] = [
    [
      "timeout",
      new RockyTimeoutError({
        command: "run",
        timeoutMs: 10,
        durationMs: 11,
        pid: 1,
        stderrTail: "",
      }),
    ],
    ["abort", new RockyAbortError({ command: "run", reason: "stop", spawned: true })],
    ["shadow", new RockyShadowError("suffix_required", "no suffix", { command: "run" })],
    ["config", new RockyConfigError([{ path: "filter", message: "bad" }])],
    ["version", new RockyVersionError("1.0.0", "1.60.0", "rocky")],
    ["binary", new RockyBinaryNotFoundError("/nope")],
    [
      "parse",
      new RockyOutputParseError({ command: "run", kind: "json", detail: "x", stdout: "x" }),
    ],
    ["doctor", new RockyDoctorError([{ name: "auth", status: "critical", message: "down" }])],
    ["a plain Error", new Error("boom")],
    ["a string", "boom"],
    ["null", null],
  ];
  it.each(never)("%s", (_label, err) => {
    expect(isRetryable(err)).toBe(false);
    expect(retryAfterMs(err)).toBeUndefined();
  });

  it("classification is by the stable code, not the class name: a subclass keeps its parent's code", () => {
    class TenantRunError extends RockyCommandError {
      override readonly name = "TenantRunError";
    }
    const err = new TenantRunError({
      command: "run",
      exitCode: 1,
      signal: null,
      durationMs: 1,
      stderrTail: "",
    });
    expect(err.code).toBe("COMMAND_FAILED");
    expect(isRetryable(err)).toBe(true);
    // A timeout renamed to look like a command failure is still a timeout.
    const timeout = new RockyTimeoutError({
      command: "run",
      timeoutMs: 1,
      durationMs: 1,
      pid: null,
      stderrTail: "",
    });
    Object.defineProperty(timeout, "name", { value: "RockyCommandError" });
    expect(isRetryable(timeout)).toBe(false);
  });

  it("a look-alike object named RockyCommandError is not a rocky error", () => {
    expect(isRetryable({ name: "RockyCommandError", code: "COMMAND_FAILED" })).toBe(false);
  });

  it("a hostile Proxy is classified without throwing", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(isRetryable(hostile)).toBe(false);
    expect(retryAfterMs(hostile)).toBeUndefined();
  });
});
