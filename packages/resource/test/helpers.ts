import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import {
  createRockySimulator,
  DEFAULT_PROJECT_TOML,
  type RockySimulator,
  runningProcessesMatching,
  type SimProjectShape,
  type SimScenario,
  writeSimProject,
} from "@dagster-rocky/testing";
import { pino } from "pino";
import { afterEach, expect } from "vitest";
import { RockyResource, type RockyResourceOptions, type RunResult } from "../src/index.js";
import { liveProcessGroups } from "../src/process/groups.js";
import type { RunReportResult } from "../src/schemas/index.js";

// Liveness checks live in @dagster-rocky/testing (zombies count as gone: PID 1 does not reap here).
export {
  isProcessGone as isGone,
  runningProcessesMatching as liveSimProcesses,
  waitForProcessesGone as waitGone,
} from "@dagster-rocky/testing";

/** A run()/resumeRun() result narrowed to a run report; throws when rocky printed a load report. */
export function runReport(result: RunResult): RunReportResult {
  if (result.kind !== "run") throw new Error(`expected a run report, got kind "${result.kind}"`);
  return result;
}

const sims: RockySimulator[] = [];
const dirs: string[] = [];

/** A simulator cleaned up after the test, and a check that nothing it started is left running. */
export async function sim(scenario: SimScenario = {}): Promise<RockySimulator> {
  // The SDK tests run rocky in cwds without a rocky.toml: the simulator assumes a one-pipeline project.
  const s = await createRockySimulator({ assumeConfig: true, ...scenario });
  sims.push(s);
  return s;
}

/**
 * A temp dir cleaned up after the test, holding rocky-sim's fake project of `shape`
 * (`writeSimProject`): `rocky.toml` (a shadowed run or plan reads its pipeline type from there),
 * the models of a transformation project and the warehouse rocky-sim simulates, so a simulator
 * without `assumeConfig` finds tables to copy.
 */
export async function tempDir(shape: SimProjectShape = "replication"): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "rocky-res-"));
  dirs.push(d);
  await writeSimProject(d, { shape });
  return d;
}

/** Writes rocky-sim's assumed one-pipeline project as `<dir>/rocky.toml`. */
export function writeProject(dir: string, toml: string = DEFAULT_PROJECT_TOML): Promise<void> {
  return writeFile(join(dir, "rocky.toml"), toml);
}

/**
 * A resource on the simulator with an isolated, production environment by default, working
 * in a fresh temp dir holding the simulator's project (so that `plan` never writes
 * `.rocky/plans` into the repository, and the shadow guard can read the pipelines).
 */
export function resourceFor(s: RockySimulator, options: RockyResourceOptions = {}): RockyResource {
  let cwd = options.cwd;
  if (cwd === undefined) {
    cwd = mkdtempSync(join(tmpdir(), "rocky-res-"));
    writeFileSync(join(cwd, "rocky.toml"), DEFAULT_PROJECT_TOML);
  }
  if (options.cwd === undefined) dirs.push(cwd);
  return new RockyResource({ binaryPath: s.binaryPath, env: {}, cwd, ...options });
}

// Tests write only under temp dirs: a `.rocky` appearing in the package is a test's fault.
const repoRocky = join(process.cwd(), ".rocky");
const repoRockyBefore = existsSync(repoRocky);

afterEach(async () => {
  const leftovers = sims.flatMap((s) => runningProcessesMatching(s.dir));
  const groups = liveProcessGroups();
  for (const s of sims.splice(0)) await s.cleanup();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  if (!repoRockyBefore && existsSync(repoRocky)) {
    await rm(repoRocky, { recursive: true, force: true });
    throw new Error(`a test wrote ${repoRocky}: give rocky a temp cwd (resourceFor does)`);
  }
  if (leftovers.length > 0)
    throw new Error(`simulator processes left running: ${leftovers.join(", ")}`);
  if (groups.length > 0) throw new Error(`process groups still tracked: ${groups.join(", ")}`);
});

/** An argv without its global flags (`--config`, a state flag, `--output json`): the verb and its flags. */
export function verbPart(argv: readonly string[]): string[] {
  return argv.slice(argv.indexOf("--output") + 2);
}

/**
 * What `p` rejects with, checked to be an instance of `type` when one is given; fails the test
 * when `p` resolves.
 */
export async function rejection<E extends Error = Error>(
  p: Promise<unknown>,
  type?: new (...args: never[]) => E,
): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (type !== undefined) expect(e).toBeInstanceOf(type);
    return e as E;
  }
  throw new Error(type === undefined ? "expected a rejection" : `expected ${type.name}`);
}

/**
 * A pino logger at `level` writing into memory: every line as text (`raw`) and parsed (`lines`),
 * for tests that read what was logged (and that secrets were not).
 */
export function captureLogger<L = Record<string, unknown>>(level = "trace") {
  const lines: L[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of chunk.toString().split("\n").filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as L);
      }
      cb();
    },
  });
  return { logger: pino({ level }, stream), lines, raw };
}
