import { isProcessGone, waitForProcessesGone } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import { cancelRun, enqueueTenantRuns } from "../src/producer.js";
import { runs, until, withFleet } from "./fleet.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const completedIds = (events: { event: string; jobId?: string }[]) =>
  events.filter((e) => e.event === "completed").map((e) => e.jobId);

describe("N tenants across two workers all complete, each exactly once, each in its own state", () => {
  it("6 tenants, 2 worker processes", async () => {
    await withFleet({ commands: { run: { delayMs: 200 } } }, async (f) => {
      const a = await f.worker("a");
      const b = await f.worker("b");
      const progress: string[] = [];
      f.events.on("progress", ({ data }) => {
        const line = (data as { line?: unknown }).line;
        if (typeof line === "string") progress.push(line);
      });
      const tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
      const jobs = await enqueueTenantRuns(f.queue, f.producer(), tenants);
      const results = await Promise.all(jobs.map((j) => j.waitUntilFinished(f.events, 60_000)));
      expect(results.map((r) => r.tenant)).toEqual(tenants);
      // The workers' own reports arrive on their stdout, after the queue's events.
      const done = await until(() => {
        const ids = [...completedIds(a.events), ...completedIds(b.events)];
        return ids.length >= tenants.length ? ids : undefined;
      });
      expect(done.sort()).toEqual(jobs.map((j) => j.id).sort());
      expect(completedIds(a.events).length).toBeGreaterThan(0);
      expect(completedIds(b.events).length).toBeGreaterThan(0);
      const invoked = await runs(f.sim);
      expect(invoked).toHaveLength(tenants.length);
      const namespaces = invoked.map((i) => i.argv.find((x) => x.startsWith("--state-namespace=")));
      expect(namespaces.sort()).toEqual(tenants.map((t) => `--state-namespace=tenant_${t}`).sort());
      // Production producer: production tables.
      expect(invoked.every((i) => !i.argv.includes("--shadow"))).toBe(true);
      // rocky's stderr reached the producer as job progress.
      await until(() => (progress.length > 0 ? true : undefined));
    });
  });
});

describe("a job launched in a PR deployment carries the PR's shadow suffix", () => {
  it("producer in PR 42, worker in production: the run writes _dagster_pr_42 tables", async () => {
    await withFleet({}, async (f) => {
      await f.worker("a");
      const [job] = await enqueueTenantRuns(f.queue, f.producer(PR42), ["acme"]);
      expect(job?.data.shadowSuffix).toBe("_dagster_pr_42");
      const result = await job?.waitUntilFinished(f.events, 60_000);
      expect(result?.targets.length).toBeGreaterThan(0);
      expect(result?.targets.every((t) => t.endsWith("_dagster_pr_42"))).toBe(true);
      const [run] = await runs(f.sim);
      expect(run?.argv).toContain("--shadow-suffix=_dagster_pr_42");
    });
  });
});

describe("every call of a PR's job runs under the PR's rules on a production worker", () => {
  it("plan then apply: both shadowed with _dagster_pr_42, on the PR's own state, the apply guarded", async () => {
    await withFleet({}, async (f) => {
      await f.worker("a");
      const [job] = await enqueueTenantRuns(f.queue, f.producer(PR42), ["acme"], {
        planFirst: true,
      });
      const result = await job?.waitUntilFinished(f.events, 60_000);
      expect(result?.targets.length).toBeGreaterThan(0);
      expect(result?.targets.every((t) => t.endsWith("_dagster_pr_42"))).toBe(true);
      const invoked = (await f.sim.invocations()).filter((i) => i.verb !== null);
      expect(invoked.map((i) => i.verb)).toEqual(["plan", "apply"]);
      expect(invoked[0]?.argv).toContain("--shadow-suffix=_dagster_pr_42");
      // Neither the plan nor the apply reached production's state (tenant_acme's) or keys.
      for (const i of invoked)
        expect(i.argv).toContain(
          "--state-path=.rocky-state/tenant_acme__shadow_dagster_pr_42.redb",
        );
    });
  });
});

describe("a SIGKILLed worker leaves no rocky behind; its job completes on another worker once", () => {
  it("worker a dies mid-run, worker b finishes the job", async () => {
    await withFleet({ commands: { run: { delayMs: 1_500 } } }, async (f) => {
      const a = await f.worker("a");
      const [job] = await enqueueTenantRuns(f.queue, f.producer(), ["acme"]);
      const [first] = await until(async () => {
        const r = await runs(f.sim);
        return r.length > 0 ? r : undefined;
      });
      await a.next((e) => e.event === "active");
      const b = await f.worker("b");
      a.child.kill("SIGKILL");
      expect(await a.exited()).toBe("SIGKILL");
      expect(await waitForProcessesGone([first?.pid as number], 10_000)).toBe(true);
      // Its rocky was gone before the lock expired: never two runs of the tenant at once.
      expect(await runs(f.sim)).toHaveLength(1);
      const result = await job?.waitUntilFinished(f.events, 30_000);
      expect(result?.workerId).toBe("b");
      await b.next((e) => e.event === "completed");
      expect(completedIds(b.events)).toEqual([job?.id]);
      expect(completedIds(a.events)).toEqual([]);
      expect(await runs(f.sim)).toHaveLength(2);
      expect(await f.queue.getJobCounts("completed", "failed", "waiting", "active")).toEqual({
        completed: 1,
        failed: 0,
        waiting: 0,
        active: 0,
      });
    });
  });
});

describe("a cancel from the producer side reaches the worker running the job", () => {
  it("the run is aborted, its group killed, the job failed unrecoverable (no retry)", async () => {
    await withFleet(
      { commands: { run: { hang: true, grandchild: true, hangMaxMs: 60_000 } } },
      async (f) => {
        const workers = [await f.worker("a"), await f.worker("b")];
        const [job] = await enqueueTenantRuns(f.queue, f.producer(), ["acme"], { attempts: 3 });
        const id = job?.id as string;
        const run = await until(async () => {
          const r = (await runs(f.sim))[0];
          return r && r.grandchildPids.length > 0 ? r : undefined;
        });
        const running = await Promise.race(
          workers.map((w) => w.next((e) => e.event === "active").then(() => w)),
        );
        await cancelRun(f.queue, f.cancels, id, "deploy superseded");
        const failed = await running.next((e) => e.event === "failed" && e.jobId === id);
        expect(failed.error).toBe("UnrecoverableError");
        expect(failed.message).toContain("RockyAbortError");
        expect(await waitForProcessesGone([run.pid, ...run.grandchildPids], 10_000)).toBe(true);
        const after = await f.queue.getJob(id);
        expect(await after?.getState()).toBe("failed");
        expect(after?.attemptsMade).toBe(1);
        expect(await runs(f.sim)).toHaveLength(1);
      },
    );
  });
});

describe("graceful shutdown: SIGTERM drains the running job, or hands it back after the drain time", () => {
  it("drains: the running job completes on the stopping worker, the waiting one goes to another", async () => {
    await withFleet({ commands: { run: { delayMs: 1_000 } } }, async (f) => {
      const a = await f.worker("a");
      const jobs = await enqueueTenantRuns(f.queue, f.producer(), ["acme", "globex"]);
      const active = await a.next((e) => e.event === "active");
      a.child.kill("SIGTERM");
      expect(await a.exited()).toBe(0);
      expect(completedIds(a.events)).toEqual([active.jobId]);
      expect(a.events.some((e) => e.event === "closed")).toBe(true);
      const b = await f.worker("b");
      const other = jobs.find((j) => j.id !== active.jobId);
      expect((await other?.waitUntilFinished(f.events, 30_000))?.workerId).toBe("b");
      await b.next((e) => e.event === "completed");
      expect(completedIds(b.events)).toEqual([other?.id]);
    });
  });

  it("hands back: past DRAIN_MS the run is stopped and the job is run by another worker", async () => {
    await withFleet({ commands: { run: { delayMs: 2_000 } } }, async (f) => {
      const a = await f.worker("a", { DRAIN_MS: "200" });
      const [job] = await enqueueTenantRuns(f.queue, f.producer(), ["acme"]);
      await a.next((e) => e.event === "active");
      const first = await until(async () => (await runs(f.sim))[0]);
      a.child.kill("SIGTERM");
      expect(await a.exited()).toBe(0);
      expect(isProcessGone(first.pid)).toBe(true);
      expect(a.events.filter((e) => e.event === "completed" || e.event === "failed")).toEqual([]);
      const b = await f.worker("b");
      expect((await job?.waitUntilFinished(f.events, 30_000))?.workerId).toBe("b");
      await b.next((e) => e.event === "completed");
      expect(completedIds(b.events)).toEqual([job?.id]);
    });
  });
});

describe("retries follow the retry rule", () => {
  it("a command failure is retried up to attempts", async () => {
    await withFleet({ commands: { run: { exitCode: 3, output: "none" } } }, async (f) => {
      const a = await f.worker("a");
      const [job] = await enqueueTenantRuns(f.queue, f.producer(), ["acme"], {
        attempts: 2,
        backoffMs: 50,
      });
      const id = job?.id as string;
      await a.next((e) => e.event === "failed" && e.jobId === id && e.error !== undefined);
      await until(async () => ((await f.queue.getJob(id))?.attemptsMade === 2 ? true : undefined));
      await until(async () =>
        (await f.queue.getJob(id)?.then((j) => j?.getState())) === "failed" ? true : undefined,
      );
      expect(await runs(f.sim)).toHaveLength(2);
      expect(a.events.filter((e) => e.event === "failed").map((e) => e.error)).toEqual([
        "RockyCommandError",
        "RockyCommandError",
      ]);
    });
  });

  it("a timeout is never retried", async () => {
    await withFleet({ commands: { run: { hang: true, hangMaxMs: 60_000 } } }, async (f) => {
      const a = await f.worker("a", { TIMEOUT_MS: "300" });
      const [job] = await enqueueTenantRuns(f.queue, f.producer(), ["acme"], {
        attempts: 3,
        backoffMs: 50,
      });
      const failed = await a.next((e) => e.event === "failed");
      expect(failed.error).toBe("UnrecoverableError");
      expect(failed.message).toContain("RockyTimeoutError");
      const after = await f.queue.getJob(job?.id as string);
      expect(await after?.getState()).toBe("failed");
      expect(after?.attemptsMade).toBe(1);
      expect(await runs(f.sim)).toHaveLength(1);
    });
  });
});
