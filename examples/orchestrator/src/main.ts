// A worker draining an in-memory queue against the simulator (not rocky):
// tenant=acme succeeds, tenant=globex fails once and is retried with backoff,
// tenant=initech hangs and is cancelled, which kills its rocky process group.
import { RockyResource } from "@dagster-rocky/resource";
import { createRockySimulator } from "@dagster-rocky/testing";
import { InMemoryQueue, RockyWorker } from "./worker.js";

const sim = await createRockySimulator({ assumeConfig: true }); // no rocky.toml here
try {
  console.log("rocky: SIMULATOR (rocky-sim from @dagster-rocky/testing, not rocky)");
  // One resource for the whole worker process.
  const rocky = new RockyResource({ binaryPath: sim.binaryPath, env: {}, killGraceMs: 500 });
  const queue = new InMemoryQueue();
  queue.add({ filter: "tenant=acme" });
  const globex = queue.add({ filter: "tenant=globex" });
  const initech = queue.add({ filter: "tenant=initech" });

  const worker = new RockyWorker(rocky, queue, {
    baseDelayMs: 200,
    onEvent: async (e) => {
      if (e.type === "started") {
        // Scenario per job, set just before its attempt: globex's first attempt exits 3, initech hangs.
        if (e.job === globex && e.attempt === 1)
          await sim.setScenario({
            assumeConfig: true,
            commands: { run: { exitCode: 3, output: "none" } },
          });
        else if (e.job === initech)
          await sim.setScenario({ assumeConfig: true, commands: { run: { hang: true } } });
        else await sim.setScenario({ assumeConfig: true });
        if (e.job === initech) setTimeout(() => queue.cancel(initech.id, "deploy superseded"), 500);
      }
      const what =
        e.type === "attempt_failed"
          ? `attempt ${e.attempt} failed: ${e.error.name}${e.retryInMs === null ? " (no retry)" : `, retry in ${e.retryInMs} ms`}`
          : e.type === "started"
            ? `attempt ${e.attempt} started`
            : e.type;
      console.log(`${e.job.id} ${e.job.data.filter.padEnd(15)} ${what}`);
    },
  });
  await worker.drain();
  for (const id of ["job-1", "job-2", "job-3"]) {
    const job = queue.get(id);
    if (job)
      console.log(
        `${job.id}: ${job.state} after ${job.attempts} attempt(s), ${job.heartbeats} heartbeat(s)`,
      );
  }
} finally {
  await sim.cleanup();
}
