// Bench rows for the orphan watchdog's cost and reaction time, and a
// BullMQ fleet (examples/bullmq) on the stand-in. Each function returns rows
// as argument lists for run.mjs's row().
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isGone, median, root, runningProcessesMatching, sleep } from "./lib.mjs";

const fmtMs = (x) => `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;
const importDist = (rel) => import(pathToFileURL(join(root, rel)).href);

/** Register + unregister of one group, the registry's whole per-call cost (a pipe write each to the watchdog). */
export async function watchdogCost({ calls }) {
  const { trackGroup: watchGroup, untrackGroup: unwatchGroup } = await importDist(
    "packages/resource/dist/process/groups.js",
  );
  const { orphanWatchdogPid } = await importDist(
    "packages/resource/dist/process/orphan-watchdog.js",
  );
  // Group ids above Linux's largest pid: never a real process.
  watchGroup(5_000_000, 100); // spawns the watchdog: the one-time cost is not per call
  unwatchGroup(5_000_000);
  const pid = orphanWatchdogPid();
  // As calls make them: the register and the unregister each in an event-loop turn of its own,
  // so every write reaches the pipe (and wakes the watchdog) on its own. Written back to back,
  // the stream queues them and a pair costs ~1 µs, which no call sees. The turns themselves
  // are timed without the writes and subtracted.
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const per = [];
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      await tick();
      await tick();
    }
    const turns = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      watchGroup(5_000_001 + i, 250);
      await tick();
      unwatchGroup(5_000_001 + i);
      await tick();
    }
    per.push((performance.now() - t0 - turns) / calls);
    await sleep(10); // lets the pipe drain, as calls spaced by real runs would
  }
  const us = median(per);
  return [
    [
      "Orphan watchdog: cost per call (register + unregister)",
      `${(us * 1000).toFixed(1)} µs`,
      "—",
      "—",
      "<= 0.2 ms",
      us <= 0.2,
      `median of 5 rounds × ${calls} pairs, each write in its own event-loop turn (the turns subtracted); same watchdog throughout: ${orphanWatchdogPid() === pid}`,
    ],
  ];
}

/**
 * A Node parent with `count` hung runs (SIGTERM ignored, so only the SIGKILL
 * after killGraceMs stops them) is SIGKILLed; time until every stand-in
 * process (runs and grandchildren) is gone.
 */
export async function watchdogReaction({ driver, small, workDir, count, graceMs, reps }) {
  const env = await driver.use({
    out: small.run,
    state: small.state,
    hang: true,
    ignoreTerm: true,
    pidfile: join(workDir, "orphan.pids"),
  });
  const code = `
    const { RockyResource } = await import(${JSON.stringify(pathToFileURL(join(root, "packages/resource/dist/index.js")).href)});
    const r = new RockyResource({ binaryPath: ${JSON.stringify(driver.binaryPath)}, env: ${JSON.stringify(env)}, killGraceMs: ${graceMs} });
    await r.state();
    for (let i = 0; i < ${count}; i++) r.run({ filter: "tenant=t" + i }).catch(() => {});
    setInterval(() => {}, 1000);`;
  const lags = [];
  let left = 0;
  for (let rep = 0; rep < reps; rep++) {
    const parent = spawn(process.execPath, ["--input-type=module", "-e", code], {
      stdio: "ignore",
    });
    let pids = [];
    for (let i = 0; i < 3000; i++) {
      pids = runningProcessesMatching(driver.matches);
      if (pids.length >= 2 * count) break; // every run and its grandchild
      await sleep(5);
    }
    if (pids.length < 2 * count) throw new Error(`only ${pids.length} stand-in processes started`);
    const t0 = performance.now();
    parent.kill("SIGKILL");
    while (!pids.every(isGone) && performance.now() - t0 < 10_000) await sleep(1);
    lags.push(performance.now() - t0);
    left += pids.filter((p) => !isGone(p)).length;
    await new Promise((r) =>
      parent.exitCode !== null || parent.signalCode !== null ? r() : parent.once("exit", r),
    );
  }
  const budget = graceMs + 750;
  return [
    [
      `Orphan watchdog: parent SIGKILLed with ${count} runs in flight (SIGTERM ignored, killGraceMs ${graceMs}): kill to all gone`,
      fmtMs(median(lags)),
      "—",
      "—",
      `<= ${budget} ms`,
      Math.max(...lags) <= budget && left === 0,
      `max ${fmtMs(Math.max(...lags))} over ${lags.length}; ${count} runs + ${count} grandchildren each, ${left === 0 ? "none left" : `${left} left after 10 s`}`,
    ],
  ];
}

/**
 * The floor of the fleet rows: the same fleet shape with a bare spawn as the processor
 * (bench/fleet-worker.mjs), `n` jobs; each job's run time and the wall time.
 */
async function bareFleet({
  n,
  workers,
  env,
  redis,
  connection,
  bullmq,
  driver,
  Queue,
  QueueEvents,
}) {
  const name = "rocky-bare";
  const bareQueue = new Queue(name, { connection });
  bareQueue.setMaxListeners(n + 10);
  const bareEvents = new QueueEvents(name, { connection });
  const kids = Array.from({ length: workers }, () =>
    spawn(process.execPath, [join(root, "bench/fleet-worker.mjs")], {
      env: {
        ...env,
        REDIS_PORT: String(redis.port),
        BULLMQ: bullmq,
        BINARY: driver.binaryPath,
        ARGV: JSON.stringify([
          "--config=rocky.toml",
          "--output",
          "json",
          "run",
          "--filter=tenant=t",
        ]),
        QUEUE: name,
      },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  try {
    await bareEvents.waitUntilReady();
    await Promise.all(kids.map((k) => new Promise((r) => k.stdout.once("data", r))));
    const t0 = performance.now();
    const added = await bareQueue.addBulk(
      Array.from({ length: n }, (_, i) => ({ name: "bare", data: { i } })),
    );
    const done = await Promise.all(added.map((j) => j.waitUntilFinished(bareEvents, 120_000)));
    return { runMs: done.map((d) => d.runMs), wall: performance.now() - t0 };
  } finally {
    for (const k of kids) k.kill("SIGTERM");
    await Promise.all(
      kids.map((k) =>
        k.exitCode !== null || k.signalCode !== null ? null : new Promise((r) => k.once("exit", r)),
      ),
    );
    await Promise.allSettled([bareEvents.close(), bareQueue.close()]);
  }
}

/**
 * `jobs` tenant runs through BullMQ across `workers` worker processes
 * (examples/bullmq, concurrency 1 each) on a throwaway redis-server.
 */
export async function fleet({ driver, small, jobs, workers }) {
  const { startRedisServer } = await importDist("examples/bullmq/dist/redis-server.js");
  const { spawnWorker } = await importDist("examples/bullmq/dist/spawn-worker.js");
  const { enqueueTenantRuns } = await importDist("examples/bullmq/dist/producer.js");
  const { QUEUE_NAME } = await importDist("examples/bullmq/dist/jobs.js");
  // bullmq as the example resolves it (bench/ is not a workspace package).
  const bullmq = createRequire(join(root, "examples/bullmq/package.json")).resolve("bullmq");
  const { Queue, QueueEvents } = await import(pathToFileURL(bullmq).href);
  const { RockyResource } = await importDist("packages/resource/dist/index.js");

  const env = await driver.use({ out: small.run, state: small.state });
  const redis = await startRedisServer();
  const connection = { host: redis.host, port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue(QUEUE_NAME, { connection });
  queue.setMaxListeners(jobs + 10); // one waitUntilFinished per job
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const procs = [];
  try {
    await events.waitUntilReady();
    const floorArgs = { workers, env, redis, connection, bullmq, driver, Queue, QueueEvents };
    const before = await bareFleet({ n: Math.ceil(jobs / 2), ...floorArgs });
    for (let w = 0; w < workers; w++)
      procs.push(
        spawnWorker(
          `w${w}`,
          { ...env, REDIS_PORT: String(redis.port), ROCKY_BINARY: driver.binaryPath },
          join(root, "examples/bullmq/dist/worker-main.js"),
        ),
      );
    await Promise.all(procs.map((p) => p.next((e) => e.event === "ready")));
    const tenants = Array.from({ length: jobs }, (_, i) => `t${i}`);
    const t0 = performance.now();
    const enqueued = await enqueueTenantRuns(queue, new RockyResource({ env: {} }), tenants);
    const results = await Promise.all(enqueued.map((j) => j.waitUntilFinished(events, 120_000)));
    const wall = performance.now() - t0;
    for (const p of procs) p.child.kill("SIGTERM");
    const codes = await Promise.all(procs.map((p) => p.exited()));
    const all = procs.flatMap((p) => p.events);
    const perJob = (kind) => {
      const counts = new Map();
      for (const e of all)
        if (e.event === kind) counts.set(e.jobId, (counts.get(e.jobId) ?? 0) + 1);
      return counts;
    };
    const started = perJob("active");
    const completed = perJob("completed");
    const duplicates =
      [...started.values()].filter((n) => n > 1).length +
      [...completed.values()].filter((n) => n > 1).length;
    const missing = enqueued.filter((j) => completed.get(j.id) !== 1).length;
    // A process still exiting is not a leftover: give stragglers a moment, then count.
    const maybe = runningProcessesMatching(driver.matches);
    for (let i = 0; i < 100 && !maybe.every(isGone); i++) await sleep(20);
    const leftPids = maybe.filter((p) => !isGone(p));
    const left = leftPids.length;
    const after = await bareFleet({ n: Math.ceil(jobs / 2), ...floorArgs });
    const runMs = median(results.map((r) => r.runMs));
    const floor = median([...before.runMs, ...after.runMs]);
    const bareRate =
      (before.runMs.length + after.runMs.length) / ((before.wall + after.wall) / 1000);
    const used = new Set(results.map((r) => r.workerId)).size;
    return [
      [
        `Fleet: ${jobs} jobs across ${workers} BullMQ worker processes`,
        `${(jobs / (wall / 1000)).toFixed(0)} jobs/s`,
        `${bareRate.toFixed(0)} jobs/s`,
        `${(bareRate / (jobs / (wall / 1000))).toFixed(2)}x`,
        "0 duplicates, 0 leftovers",
        duplicates === 0 && missing === 0 && left === 0 && codes.every((c) => c === 0),
        `${fmtMs(wall)} wall; ${used} workers used; duplicates ${duplicates}, missing ${missing}, processes left ${left}${left > 0 ? ` (${leftPids.join(", ")})` : ""}, worker exits ${codes.join("/")}`,
      ],
      [
        `Fleet: SDK overhead per job (${workers} in flight)`,
        fmtMs(runMs - floor),
        fmtMs(floor),
        `${(runMs / floor).toFixed(2)}x`,
        "—",
        null,
        `median run() in the workers minus the median bare spawn in the same fleet with a bare processor (half run before, half after)`,
      ],
    ];
  } finally {
    for (const p of procs) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited()));
    await Promise.allSettled([events.close(), queue.close()]);
    await redis.stop();
  }
}
