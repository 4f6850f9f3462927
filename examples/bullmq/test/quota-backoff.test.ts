import { RockyPartialFailureError, RockyResource } from "@dagster-rocky/resource";
import { createRockySimulator } from "@dagster-rocky/testing";
import type { MinimalJob } from "bullmq";
import { describe, expect, it } from "vitest";
import { isRetryable, rockyBackoff, toJobError } from "../src/retry.js";

const jobWith = (delay: number) => ({ opts: { backoff: { type: "rocky", delay } } }) as MinimalJob;

describe("a quota breach is retried after rocky's cooldown; other failures back off exponentially", () => {
  it("a real quota-exceeded partial failure: retryable, delayed 300 000 ms (no cooldown reported)", async () => {
    const sim = await createRockySimulator({
      assumeConfig: true,
      commands: { run: { partialFailure: { failureKind: "quota-exceeded" } } },
    });
    try {
      const rocky = new RockyResource({ binaryPath: sim.binaryPath, env: {} });
      const err = await rocky
        .run({ filter: "tenant=acme", allowPartial: false })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyPartialFailureError);
      expect(isRetryable(err)).toBe(true);
      expect(toJobError(err)).toBe(err);
      expect(rockyBackoff(1, "rocky", err as Error, jobWith(50))).toBe(300_000);
    } finally {
      await sim.cleanup();
    }
  });

  it("the largest cooldown_seconds rocky reports, in ms", () => {
    const err = new RockyPartialFailureError({
      command: "run",
      exitCode: 2,
      durationMs: 1,
      stderrTail: "",
      result: {
        errors: [
          { failure_kind: "quota-exceeded", cooldown_seconds: 45 },
          { failure_kind: "quota-exceeded", cooldown_seconds: 120 },
        ],
      },
    });
    expect(rockyBackoff(3, "rocky", err, jobWith(50))).toBe(120_000);
  });

  it("anything else: job.backoff.delay doubled per attempt made", () => {
    const err = new Error("boom");
    expect([1, 2, 3].map((n) => rockyBackoff(n, "rocky", err, jobWith(50)))).toEqual([
      50, 100, 200,
    ]);
    expect(rockyBackoff(1, "rocky", err, undefined)).toBe(1000);
  });
});
