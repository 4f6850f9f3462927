import {
  RockyAbortError,
  RockyCommandError,
  RockyConfigError,
  RockyOutputParseError,
  RockyResource,
  RockyShadowError,
  RockyTimeoutError,
} from "@dagster-rocky/resource";
import { createRockySimulator, type SimScenario } from "@dagster-rocky/testing";
import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { isRetryable, toJobError } from "../src/retry.js";

/** The error a real run() throws against the simulator in `scenario`. */
async function errorOf(
  scenario: SimScenario,
  call: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
): Promise<unknown> {
  const sim = await createRockySimulator({ assumeConfig: true, ...scenario }); // no rocky.toml in the cwd
  try {
    const rocky = new RockyResource({
      binaryPath: sim.binaryPath,
      env: {},
      killGraceMs: 100,
      ...options,
    });
    return await rocky.run({ filter: "tenant=acme", ...call }).then(
      () => new Error("run() did not fail"),
      (e: unknown) => e,
    );
  } finally {
    await sim.cleanup();
  }
}

describe("a command failure (rocky ran and exited non-zero) is retryable", () => {
  it("RockyCommandError: thrown as is, so BullMQ retries it", async () => {
    const err = await errorOf({ commands: { run: { exitCode: 3, output: "none" } } });
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(isRetryable(err)).toBe(true);
    expect(toJobError(err)).toBe(err);
  });
});

describe("timeout, abort, shadow, config and validation failures are never retried", () => {
  it("each becomes an UnrecoverableError naming the original", async () => {
    const aborted = new AbortController();
    aborted.abort(new Error("cancelled"));
    const cases: Array<[unknown, new (...a: never[]) => Error]> = [
      [
        await errorOf({ commands: { run: { hang: true, hangMaxMs: 30_000 } } }, { timeoutMs: 200 }),
        RockyTimeoutError,
      ],
      [await errorOf({}, { signal: aborted.signal }), RockyAbortError],
      [await errorOf({}, { shadowSuffix: "not-an-identifier" }), RockyConfigError],
      [await errorOf({ commands: { run: { output: "not-json" } } }), RockyOutputParseError],
      // The SDK throws it before spawning when a required suffix is missing or invalid.
      [new RockyShadowError("suffix_required", "no suffix", { command: "run" }), RockyShadowError],
    ];
    for (const [err, kind] of cases) {
      expect(err).toBeInstanceOf(kind);
      expect(isRetryable(err)).toBe(false);
      const wrapped = toJobError(err);
      expect(wrapped).toBeInstanceOf(UnrecoverableError);
      expect(wrapped.message).toContain((err as Error).name);
      expect(wrapped.cause).toBe(err);
    }
  });

  it("anything unknown is not retried either", () => {
    expect(isRetryable(new Error("boom"))).toBe(false);
    expect(isRetryable("boom")).toBe(false);
    expect(toJobError("boom")).toBeInstanceOf(UnrecoverableError);
  });
});
