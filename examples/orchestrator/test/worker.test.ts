import {
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyConfigError,
  RockyPartialFailure,
  RockyResource,
  RockyShadowError,
  RockyTimeoutError,
} from "@dagster-rocky/resource";
import { createRockySimulator, isProcessGone, type RockySimulator } from "@dagster-rocky/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  InMemoryQueue,
  type Job,
  RockyWorker,
  shouldRetry,
  type WorkerEvent,
} from "../src/worker.js";

async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let sim: RockySimulator;
beforeEach(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterEach(async () => {
  await sim.cleanup();
});

const COMMAND_FAILS = {
  assumeConfig: true,
  commands: { run: { exitCode: 3, output: "none" as const } },
};

function setup(
  opts: { maxAttempts?: number; onEvent?: (e: WorkerEvent) => void | Promise<void> } = {},
) {
  const rocky = new RockyResource({ binaryPath: sim.binaryPath, env: {}, killGraceMs: 200 });
  const queue = new InMemoryQueue();
  const events: string[] = [];
  const worker = new RockyWorker(rocky, queue, {
    baseDelayMs: 5,
    maxAttempts: opts.maxAttempts ?? 3,
    onEvent: async (e) => {
      events.push(
        e.type === "attempt_failed"
          ? `failed:${e.error.name}:${e.retryInMs === null ? "stop" : "retry"}`
          : e.type,
      );
      await opts.onEvent?.(e);
    },
  });
  return { rocky, queue, worker, events };
}

const runInvocations = async () => (await sim.invocations()).filter((i) => i.verb === "run");

describe("retry on RockyCommandError", () => {
  it("retries a command failure and succeeds on the next attempt", async () => {
    await sim.setScenario(COMMAND_FAILS);
    const { queue, worker, events } = setup({
      onEvent: async (e) => {
        if (e.type === "attempt_failed") await sim.setScenario({ assumeConfig: true }); // the warehouse recovers
      },
    });
    const job = queue.add({ filter: "tenant=acme" });
    await worker.drain();
    expect(job.state).toBe("completed");
    expect(job.attempts).toBe(2);
    expect(job.errors[0]).toBeInstanceOf(RockyCommandError);
    expect(job.result?.status).toBe("Success");
    expect(events).toEqual(["started", "failed:RockyCommandError:retry", "started", "completed"]);
    expect(await runInvocations()).toHaveLength(2);
  });

  it("gives up after maxAttempts", async () => {
    await sim.setScenario(COMMAND_FAILS);
    const { queue, worker } = setup({ maxAttempts: 3 });
    const job = queue.add({ filter: "tenant=acme" });
    await worker.drain();
    expect(job.state).toBe("failed");
    expect(job.attempts).toBe(3);
    expect(job.errors.every((e) => e instanceof RockyCommandError)).toBe(true);
    expect(await runInvocations()).toHaveLength(3);
  });
});

describe("no retry", () => {
  it("on RockyTimeoutError: one attempt, and the hung process is killed", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { run: { hang: true } } });
    const { queue, worker, events } = setup();
    const job = queue.add({ filter: "tenant=acme", timeoutMs: 300 });
    await worker.drain();
    expect(job.state).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.errors[0]).toBeInstanceOf(RockyTimeoutError);
    expect(events).toContain("failed:RockyTimeoutError:stop");
    const runs = await runInvocations();
    expect(runs).toHaveLength(1);
    expect(isProcessGone(runs[0]?.pid ?? 0)).toBe(true);
  });

  it("on RockyConfigError: one attempt, nothing spawned", async () => {
    const { queue, worker } = setup();
    const job = queue.add({ filter: "tenant" }); // not key=value
    await worker.drain();
    expect(job.state).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.errors[0]).toBeInstanceOf(RockyConfigError);
    expect(await runInvocations()).toEqual([]);
  });

  it("classifies every error type", () => {
    const cmd = { command: "run", exitCode: 1, durationMs: 1, stderrTail: "" };
    expect(shouldRetry(new RockyCommandError({ ...cmd, signal: null }))).toBe(true);
    expect(shouldRetry(new RockyPartialFailure({ ...cmd, result: {} }))).toBe(true);
    expect(
      shouldRetry(
        new RockyTimeoutError({
          command: "run",
          timeoutMs: 1,
          durationMs: 1,
          pid: 1,
          stderrTail: "",
        }),
      ),
    ).toBe(false);
    expect(shouldRetry(new RockyAbortError({ command: "run", reason: null, spawned: true }))).toBe(
      false,
    );
    expect(shouldRetry(new RockyConfigError([{ path: "filter", message: "bad" }]))).toBe(false);
    expect(shouldRetry(new RockyShadowError("suffix_required", "no suffix"))).toBe(false);
    expect(shouldRetry(new RockyBinaryNotFoundError("rocky"))).toBe(false);
    expect(shouldRetry(new Error("anything else"))).toBe(false);
  });
});

describe("cancellation", () => {
  it("aborting the job's signal kills the running rocky process: RockyAbortError, no retry", async () => {
    await sim.setScenario({ assumeConfig: true, commands: { run: { hang: true } } });
    const { queue, worker, events } = setup();
    const job = queue.add({ filter: "tenant=acme" });
    const done = worker.drain();
    const [running] = await until(async () => {
      const runs = await runInvocations();
      return runs.length > 0 ? runs : undefined;
    }, "the run to start");
    expect(isProcessGone(running?.pid ?? 0)).toBe(false);
    queue.cancel(job.id, "deploy superseded");
    await done;
    expect(job.state).toBe("cancelled");
    expect(job.attempts).toBe(1);
    expect(job.errors[0]).toBeInstanceOf(RockyAbortError);
    expect((job.errors[0] as RockyAbortError).spawned).toBe(true);
    expect(events.slice(-2)).toEqual(["failed:RockyAbortError:stop", "cancelled"]);
    expect(isProcessGone(running?.pid ?? 0)).toBe(true);
    expect(await runInvocations()).toHaveLength(1);
  });

  it("a job cancelled before it starts spawns nothing", async () => {
    const { queue, worker } = setup();
    const job: Job = queue.add({ filter: "tenant=acme" });
    queue.cancel(job.id);
    await worker.drain();
    expect(job.state).toBe("cancelled");
    expect(job.errors[0]).toMatchObject({ name: "RockyAbortError", spawned: false });
    expect(await runInvocations()).toEqual([]);
  });
});

describe("progress", () => {
  it("forwards every stderr line to the job's progress log and heartbeat", async () => {
    const { queue, worker } = setup();
    const job = queue.add({ filter: "tenant=acme" });
    await worker.drain();
    expect(job.state).toBe("completed");
    expect(job.progress.length).toBeGreaterThan(0);
    expect(job.heartbeats).toBe(job.progress.length);
    expect(job.progress.join("\n")).toContain("tenant=acme");
  });
});
