// Test harness: a fresh redis-server, a simulator, a producer and worker processes per test.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RockyResource } from "@dagster-rocky/resource";
import {
  createRockySimulator,
  DEFAULT_PROJECT_TOML,
  type RockySimulator,
  runningProcessesMatching,
  type SimScenario,
} from "@dagster-rocky/testing";
import { Queue, QueueEvents, QueueEventsProducer } from "bullmq";
import { QUEUE_NAME, type TenantRunData, type TenantRunResult } from "../src/jobs.js";
import { startRedisServer } from "../src/redis-server.js";
import { spawnWorker, type WorkerProcess } from "../src/spawn-worker.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The built worker (the test project runs after `pnpm run build`). */
const WORKER_SCRIPT = join(here, "..", "dist", "worker-main.js");

export interface Fleet {
  readonly sim: RockySimulator;
  readonly queue: Queue<TenantRunData, TenantRunResult>;
  readonly events: QueueEvents;
  readonly cancels: QueueEventsProducer;
  /** A worker process; a dead worker's job moves on within seconds (lock 4 s: room for a loaded machine). */
  worker(id: string, env?: Record<string, string>): Promise<WorkerProcess>;
  /** A producer resource in the given deployment environment. */
  producer(env?: Record<string, string>): RockyResource;
}

export async function withFleet(
  scenario: SimScenario,
  body: (fleet: Fleet) => Promise<void>,
): Promise<void> {
  // Missing redis-server is a failure (RedisServerError, code redis_missing), never a skip.
  const redis = await startRedisServer();
  const sim = await createRockySimulator({ assumeConfig: true, ...scenario }); // no rocky.toml in the cwd
  // The workers' project: a PR's job is checked against its rocky.toml.
  const project = await mkdtemp(join(tmpdir(), "rocky-fleet-project-"));
  await writeFile(join(project, "rocky.toml"), DEFAULT_PROJECT_TOML);
  const connection = { host: redis.host, port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue<TenantRunData, TenantRunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const cancels = new QueueEventsProducer(QUEUE_NAME, { connection });
  const workers: WorkerProcess[] = [];
  let left: number[] = [];
  try {
    await events.waitUntilReady();
    await body({
      sim,
      queue,
      events,
      cancels,
      async worker(id, env = {}) {
        const w = spawnWorker(
          id,
          {
            PATH: process.env.PATH ?? "",
            REDIS_PORT: String(redis.port),
            ROCKY_BINARY: sim.binaryPath,
            ROCKY_PROJECT_DIR: project,
            LOCK_MS: "4000",
            STALLED_MS: "1000",
            KILL_GRACE_MS: "200",
            ...env,
          },
          WORKER_SCRIPT,
        );
        workers.push(w);
        await w.next((e) => e.event === "ready");
        return w;
      },
      producer(env = {}) {
        return new RockyResource({ binaryPath: sim.binaryPath, shadowMode: "branch_deploy", env });
      },
    });
  } finally {
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited()));
    await Promise.allSettled([cancels.close(), events.close(), queue.close()]);
    await redis.stop();
    left = runningProcessesMatching(sim.dir);
    await sim.cleanup();
    await rm(project, { recursive: true, force: true });
  }
  // Reached only when the body passed: then nothing it started may still run.
  if (left.length > 0) throw new Error(`rocky processes left running: ${left.join(", ")}`);
}

/** Run invocations recorded by the simulator so far. */
export async function runs(sim: RockySimulator) {
  return (await sim.invocations()).filter((i) => i.verb === "run");
}

/** Polls `check` every 20 ms until it returns a value that is not undefined. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
