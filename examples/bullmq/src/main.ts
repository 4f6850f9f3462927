// The fleet demo, against the simulator (not rocky): a throwaway redis-server,
// two worker processes, a producer enqueuing four tenants from a PR deployment.
// Needs redis-server on PATH (apt-get install -y redis-server).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { branchDeploymentInfo, isBranchDeployment } from "@dagster-rocky/core";
import { RockyResource } from "@dagster-rocky/resource";
import { createRockySimulator, DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { Queue, QueueEvents } from "bullmq";
import { QUEUE_NAME, type TenantRunData, type TenantRunResult } from "./jobs.js";
import { enqueueTenantRuns } from "./producer.js";
import { startRedisServer } from "./redis-server.js";
import { spawnWorker } from "./spawn-worker.js";

const redis = await startRedisServer();
// No rocky.toml here: the simulator assumes one, with a warehouse holding the four tenants' sources.
const sim = await createRockySimulator({
  assumeConfig: true,
  sources: ["acme", "globex", "initech", "umbrella"],
  commands: { run: { delayMs: 300 } },
});
const connection = { host: redis.host, port: redis.port, maxRetriesPerRequest: null };
const queue = new Queue<TenantRunData, TenantRunResult>(QUEUE_NAME, { connection });
const events = new QueueEvents(QUEUE_NAME, { connection });
// The workers' project: the rocky.toml a PR's job is checked against.
const project = await mkdtemp(join(tmpdir(), "rocky-fleet-project-"));
await writeFile(join(project, "rocky.toml"), DEFAULT_PROJECT_TOML);
const env = {
  PATH: process.env.PATH ?? "",
  REDIS_PORT: String(redis.port),
  ROCKY_BINARY: sim.binaryPath,
  ROCKY_PROJECT_DIR: project,
};
const workers = [spawnWorker("worker-a", env), spawnWorker("worker-b", env)];
try {
  console.log(`rocky: SIMULATOR (rocky-sim, not rocky); redis-server on 127.0.0.1:${redis.port}`);
  await Promise.all(workers.map((w) => w.next((e) => e.event === "ready")));
  await events.waitUntilReady();
  // The producer runs in a PR deployment: every job carries its shadow suffix. Inside a real
  // Dagster+ branch deployment it is that one (the resource reads this process's environment);
  // elsewhere a simulated PR 42. The workers run in production (their environment has no
  // DAGSTER_CLOUD_* variable) and shadow each job with the suffix it carries.
  const real = isBranchDeployment(process.env);
  const producer = new RockyResource({
    shadowMode: "branch_deploy",
    ...(real
      ? {}
      : { env: { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" } }),
  });
  console.log(
    real
      ? `producer: Dagster+ branch deployment from the environment (PR ${branchDeploymentInfo(process.env).prNumber ?? "?"})`
      : "producer: PR 42 (simulated: DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=1, DAGSTER_CLOUD_PULL_REQUEST_ID=42)",
  );
  const jobs = await enqueueTenantRuns(queue, producer, ["acme", "globex", "initech", "umbrella"]);
  for (const job of jobs) {
    const result = (await job.waitUntilFinished(events, 60_000)) as TenantRunResult;
    console.log(
      `${result.tenant.padEnd(9)} on ${result.workerId}: ${result.tablesCopied} tables, state ${result.stateNamespace}, e.g. ${result.targets[0]}`,
    );
  }
} finally {
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => w.exited()));
  await events.close();
  await queue.close();
  await sim.cleanup();
  await redis.stop();
  await rm(project, { recursive: true, force: true });
}
