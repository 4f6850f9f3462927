/**
 * One worker process: `node dist/worker-main.js`, configured by environment
 * (REDIS_HOST, REDIS_PORT, ROCKY_BINARY, ROCKY_PROJECT_DIR (the folder holding
 * rocky.toml; default: the process's cwd), WORKER_ID, and optionally
 * CONCURRENCY, LOCK_MS, STALLED_MS, KILL_GRACE_MS, TIMEOUT_MS, DRAIN_MS). Prints one JSON
 * line per event on stdout. SIGTERM or SIGINT: graceful shutdown.
 */
import { RockyResource } from "@dagster-rocky/resource";
import { startRockyWorker } from "./worker.js";

const env = process.env;
const num = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number >= 0; got ${JSON.stringify(raw)}`);
  return value;
};
const say = (event: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ worker: workerId, ...event })}\n`);

const workerId = env.WORKER_ID ?? `worker-${process.pid}`;
// One resource for the whole process. Jobs bring their own shadow suffix and state namespace;
// a PR's job is checked against the project's rocky.toml (quality pipelines refused), so the
// worker runs in the project.
const rocky = new RockyResource({
  binaryPath: env.ROCKY_BINARY ?? "rocky",
  env,
  ...(env.ROCKY_PROJECT_DIR ? { cwd: env.ROCKY_PROJECT_DIR } : {}),
  shadowMode: "branch_deploy",
  killGraceMs: num("KILL_GRACE_MS", 5_000),
  timeoutMs: num("TIMEOUT_MS", 3_600_000),
});
const fleet = await startRockyWorker({
  connection: {
    host: env.REDIS_HOST ?? "127.0.0.1",
    port: num("REDIS_PORT", 6379),
    maxRetriesPerRequest: null,
  },
  rocky,
  workerId,
  concurrency: num("CONCURRENCY", 1),
  lockDurationMs: num("LOCK_MS", 30_000),
  stalledIntervalMs: num("STALLED_MS", 30_000),
});
const { worker } = fleet;
worker.on("active", (job) => say({ event: "active", jobId: job.id, tenant: job.data.tenant }));
worker.on("completed", (job) =>
  say({ event: "completed", jobId: job.id, tenant: job.data.tenant }),
);
worker.on("failed", (job, error) =>
  say({ event: "failed", jobId: job?.id, error: error.name, message: error.message }),
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  say({ event: "stopping", signal });
  fleet.close(num("DRAIN_MS", 30_000)).then(
    () => {
      say({ event: "closed" });
      process.exit(0);
    },
    (error: unknown) => {
      say({ event: "close_failed", message: String(error) });
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
say({ event: "ready", pid: process.pid });
