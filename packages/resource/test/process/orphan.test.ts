import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RockySimulator } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import { RockyAbortError } from "../../src/index.js";
import { orphanWatchdogPid } from "../../src/process/orphan-watchdog.js";
import { isGone, liveSimProcesses, resourceFor, sim, waitGone } from "../helpers.js";

const here = dirname(dirname(fileURLToPath(import.meta.url))); // test/, which holds fixtures/
const GRACE_MS = 200;
const HANG = { hang: true, hangMaxMs: 120_000 } as const;

interface Parent {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line starting with `prefix` (its remainder). */
  line(prefix: string): Promise<string>;
}

function startParent(cfg: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Parent {
  const child = spawn(
    process.execPath,
    [join(here, "fixtures", "orphan-parent.mjs"), JSON.stringify(cfg)],
    { stdio: ["pipe", "pipe", "pipe"], env },
  );
  let out = "";
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    out += d;
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.resume();
  const line = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = out.split("\n").find((l) => l.startsWith(prefix));
        if (found !== undefined) return resolve(found.slice(prefix.length).trim());
        if (child.exitCode !== null || child.signalCode !== null)
          return reject(new Error(`parent exited before printing "${prefix}": ${out}`));
        waiters.push(check);
      };
      child.once("exit", check);
      check();
    });
  return { child, line };
}

/** Pids of every run (and grandchild) once `count` runs have started on the two simulators. */
async function runPids(sims: RockySimulator[], count: number): Promise<number[]> {
  for (;;) {
    const runs = (await Promise.all(sims.map((s) => s.invocations())))
      .flat()
      .filter((i) => i.verb === "run");
    if (runs.length >= count) return runs.flatMap((r) => [r.pid, ...r.grandchildPids]);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(child: ChildProcessWithoutNullStreams): Promise<string | number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((r) => child.once("exit", (code, sig) => r(sig ?? code)));
}

async function twoSims(): Promise<[RockySimulator, RockySimulator]> {
  // One honours SIGTERM (and has a grandchild in its group), one ignores it: only SIGKILL stops it.
  return [
    await sim({ commands: { run: { ...HANG, grandchild: true } } }),
    await sim({ commands: { run: { ...HANG, ignoreSigterm: true } } }),
  ];
}

describe("a SIGKILLed parent leaves no rocky behind", () => {
  for (const count of [1, 10, 50]) {
    it(`${count} run(s) in flight, half of them ignoring SIGTERM`, {
      timeout: 60_000,
    }, async () => {
      const sims = await twoSims();
      const parent = startParent({
        honour: sims[0].binaryPath,
        ignore: sims[1].binaryPath,
        count,
        graceMs: GRACE_MS,
      });
      try {
        const watchdog = Number(await parent.line("watchdog "));
        const pids = await runPids(sims, count);
        expect(pids.length).toBeGreaterThanOrEqual(count);
        expect(pids.every((p) => !isGone(p))).toBe(true);
        parent.child.kill("SIGKILL");
        expect(await exited(parent.child)).toBe("SIGKILL");
        expect(await waitGone([...pids, watchdog], GRACE_MS + 5_000)).toBe(true);
        expect(sims.flatMap((s) => liveSimProcesses(s.dir))).toEqual([]);
      } finally {
        parent.child.kill("SIGKILL");
      }
    });
  }

  it("after thousands of registrations the same watchdog still does its job", async () => {
    const sims = await twoSims();
    const parent = startParent({
      honour: sims[0].binaryPath,
      ignore: sims[1].binaryPath,
      count: 4,
      graceMs: GRACE_MS,
      churn: 5_000,
    });
    try {
      const churned = Number(await parent.line("churned "));
      const watchdog = Number(await parent.line("watchdog "));
      expect(watchdog).toBe(churned);
      const pids = await runPids(sims, 4);
      parent.child.kill("SIGKILL");
      await exited(parent.child);
      expect(await waitGone([...pids, watchdog], GRACE_MS + 5_000)).toBe(true);
    } finally {
      parent.child.kill("SIGKILL");
    }
  });
});

describe("a child spawned just before the SIGKILL, never registered, is still found", () => {
  it("by the tag every child holds as fd 3", async () => {
    const sims = await twoSims();
    const parent = startParent({
      honour: sims[0].binaryPath,
      ignore: sims[1].binaryPath,
      unregistered: 3,
      graceMs: GRACE_MS,
    });
    try {
      const watchdog = Number(await parent.line("watchdog "));
      const pids = await runPids([sims[1]], 3);
      expect(pids.every((p) => !isGone(p))).toBe(true);
      parent.child.kill("SIGKILL");
      await exited(parent.child);
      expect(await waitGone([...pids, watchdog], GRACE_MS + 5_000)).toBe(true);
    } finally {
      parent.child.kill("SIGKILL");
    }
  });
});

describe("the watchdog never outlives or holds up its parent", () => {
  it("a parent that finished its work exits by itself, and the watchdog with it", async () => {
    const s = await sim();
    const parent = startParent({ honour: s.binaryPath, oneShot: true });
    try {
      const watchdog = Number(await parent.line("watchdog "));
      await parent.line("done");
      expect(await exited(parent.child)).toBe(0);
      expect(await waitGone([watchdog])).toBe(true);
    } finally {
      parent.child.kill("SIGKILL");
    }
  });

  it("runs with nothing inherited: its environment is empty whatever the parent's", async () => {
    const s = await sim();
    await resourceFor(s, { env: { ONLY: "1" } }).version();
    const pid = orphanWatchdogPid();
    expect(pid).not.toBeNull();
    expect(readFileSync(`/proc/${pid}/environ`, "utf8")).toBe("");
  });
});

describe("a dead watchdog changes nothing for the parent's own handling", () => {
  it("runs in flight still end by abort, new runs still work, a new watchdog takes over", async () => {
    const s = await sim({ commands: { run: { ...HANG, grandchild: true } } });
    const rocky = resourceFor(s, { killGraceMs: GRACE_MS });
    const controller = new AbortController();
    const inFlight = [1, 2, 3].map((i) =>
      rocky.run({ filter: `tenant=t${i}`, signal: controller.signal }),
    );
    const pids = await runPids([s], 3);
    const first = orphanWatchdogPid();
    expect(first).not.toBeNull();
    process.kill(first as number, "SIGKILL");
    expect(await waitGone([first as number])).toBe(true);
    controller.abort(new Error("operator"));
    const settled = await Promise.allSettled(inFlight);
    for (const r of settled)
      expect(r.status === "rejected" && r.reason instanceof RockyAbortError).toBe(true);
    expect(await waitGone(pids)).toBe(true);

    await s.setScenario({ assumeConfig: true }); // no rocky.toml in the cwd
    let next: number | null = null;
    // Respawned at most once a second: keep calling until a fresh watchdog runs.
    while (next === null || next === first) {
      expect((await rocky.run({ filter: "tenant=after" })).command).toBe("run");
      next = orphanWatchdogPid();
      if (next === null || next === first) await new Promise((r) => setTimeout(r, 100));
    }
    expect(isGone(next)).toBe(false);
  });

  it("with the watchdog SIGKILLed, a SIGTERMed parent still takes its runs down", async () => {
    const sims = await twoSims();
    const parent = startParent({
      honour: sims[0].binaryPath,
      ignore: sims[1].binaryPath,
      count: 4,
      graceMs: GRACE_MS,
    });
    try {
      const watchdog = Number(await parent.line("watchdog "));
      const pids = await runPids(sims, 4);
      process.kill(watchdog, "SIGKILL");
      expect(await waitGone([watchdog])).toBe(true);
      parent.child.kill("SIGTERM");
      expect(await exited(parent.child)).toBe("SIGTERM");
      expect(await waitGone(pids)).toBe(true);
    } finally {
      parent.child.kill("SIGKILL");
    }
  });
});

/** Pids of orphan watchdogs started for `parent` (their argv names it). */
function watchdogsOf(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const at = argv.findIndex((a) => a.endsWith("orphan-watchdog.cjs"));
      if (at >= 0 && argv[at + 1] === String(parent)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

describe("the watchdog gets its parent's pid from the parent", () => {
  it("a parent SIGKILLed before the watchdog read anything: the hanging --version probe is still killed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rocky-orphan-"));
    const probePid = join(dir, "probe.pid");
    const bin = join(dir, "rocky");
    // The probe kills its own parent at once: far sooner than a Node watchdog can start.
    await writeFile(
      bin,
      `#!/bin/sh\necho $$ > '${probePid}'\nkill -KILL $PPID\nexec /bin/sleep 300\n`,
    );
    await chmod(bin, 0o755);
    // And the test hook holds the watchdog back well past that: it reads nothing before its
    // parent is dead and it has been re-parented (process.ppid no longer names the parent).
    const parent = startParent(
      { honour: bin, probeOnly: true, graceMs: GRACE_MS },
      { ...process.env, ROCKY_SDK_TEST_WATCHDOG_START_DELAY_MS: "500" },
    );
    let probe: number | null = null;
    try {
      expect(await exited(parent.child)).toBe("SIGKILL");
      while (!existsSync(probePid) || readFileSync(probePid, "utf8").trim() === "") {
        await new Promise((r) => setTimeout(r, 10));
      }
      probe = Number(readFileSync(probePid, "utf8").trim());
      const watchdogs = watchdogsOf(parent.child.pid as number);
      expect(watchdogs).toHaveLength(1); // still held back by the hook, so seen here
      expect(await waitGone([probe, ...watchdogs], 500 + GRACE_MS + 5_000)).toBe(true);
    } finally {
      parent.child.kill("SIGKILL");
      if (probe !== null) killQuietly(probe);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the watchdog forgets a group once it ended", () => {
  it("a group registered then unregistered is never signalled when the parent dies; a live run is", async () => {
    // Stands for a recycled id: a group that is not rocky's any more, and must survive.
    const other = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    const otherPid = other.pid as number;
    const sims = await twoSims();
    const parent = startParent({
      honour: sims[0].binaryPath,
      ignore: sims[1].binaryPath,
      count: 2,
      graceMs: GRACE_MS,
      ended: otherPid,
    });
    try {
      await parent.line("forgotten");
      const watchdog = Number(await parent.line("watchdog "));
      const pids = await runPids(sims, 2);
      parent.child.kill("SIGKILL");
      await exited(parent.child);
      expect(await waitGone([...pids, watchdog], GRACE_MS + 5_000)).toBe(true);
      expect(isGone(otherPid)).toBe(false);
    } finally {
      parent.child.kill("SIGKILL");
      killQuietly(otherPid);
      expect(await waitGone([otherPid])).toBe(true);
    }
  });
});
