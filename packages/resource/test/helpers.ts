import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRockySimulator,
  type RockySimulator,
  type SimScenario,
} from "@dagster-rocky/testing";
import { afterEach } from "vitest";
import { RockyResource, type RockyResourceOptions } from "../src/index.js";
import { liveProcessGroups } from "../src/process-runner.js";

/**
 * A process is gone when /proc has no entry or it is a zombie: PID 1 does not
 * reap orphans on these machines, so `process.kill(pid, 0)` is not enough.
 */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
  } catch {
    return true;
  }
}

export async function waitGone(pids: readonly number[], ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pids.every(isGone)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return pids.every(isGone);
}

/** PIDs of live (non-zombie) processes whose command line mentions the simulator dir. */
export function liveSimProcesses(dir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSafe("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmd.includes(dir) && !isGone(Number(entry))) out.push(Number(entry));
    } catch {
      // raced with exit
    }
  }
  return out;
}

function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

const sims: RockySimulator[] = [];
const dirs: string[] = [];

/** A simulator cleaned up after the test, and a check that nothing it started is left running. */
export async function sim(scenario: SimScenario = {}): Promise<RockySimulator> {
  const s = await createRockySimulator(scenario);
  sims.push(s);
  return s;
}

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "rocky-res-"));
  dirs.push(d);
  return d;
}

/** A resource on the simulator with an isolated, production environment by default. */
export function resourceFor(s: RockySimulator, options: RockyResourceOptions = {}): RockyResource {
  return new RockyResource({ binaryPath: s.binaryPath, env: {}, ...options });
}

afterEach(async () => {
  const leftovers = sims.flatMap((s) => liveSimProcesses(s.dir));
  const groups = liveProcessGroups();
  for (const s of sims.splice(0)) await s.cleanup();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  if (leftovers.length > 0)
    throw new Error(`simulator processes left running: ${leftovers.join(", ")}`);
  if (groups.length > 0) throw new Error(`process groups still tracked: ${groups.join(", ")}`);
});
