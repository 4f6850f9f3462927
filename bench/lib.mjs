// Shared helpers for bench/run.mjs and bench/child.mjs: the stand-in rocky
// binary, generated outputs, /proc scanning and a bare-spawn floor.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const root = dirname(benchDir);
// Built packages by relative path: bench/ is not a workspace package.
export const resourceDist = join(root, "packages/resource/dist/index.js");
export const resourceInternal = join(root, "packages/resource/dist/resource.js");
export const testingDist = join(root, "packages/testing/dist/index.js");

/**
 * The real rocky engine for the engine row: ROCKY_BIN (a relative path read against the
 * directory the command was typed in), else `../shared/rocky-engine/rocky` beside the
 * repository, else null (no engine row). Returns the path and `rocky --version`'s version.
 */
export function findEngine(env = process.env) {
  const given = (env.ROCKY_BIN ?? "").trim();
  const bin =
    given === ""
      ? join(root, "..", "shared", "rocky-engine", "rocky")
      : given.includes("/") && !isAbsolute(given)
        ? resolve(env.INIT_CWD ?? process.cwd(), given)
        : given;
  if (bin.includes("/") && !existsSync(bin)) return null;
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 60_000 });
  const m = /^rocky (\d+\.\d+\.\d+)/.exec(r.stdout ?? "");
  return r.status === 0 && m ? { bin, version: m[1] } : null;
}

/**
 * Compiles bench/standin.c into `workDir` with the first C compiler found.
 * Returns the binary path, or null (the caller falls back to the simulator).
 */
export function buildStandin(workDir) {
  mkdirSync(workDir, { recursive: true });
  const out = join(workDir, "rocky-standin");
  for (const cc of ["cc", "gcc", "clang"]) {
    const r = spawnSync(cc, ["-O2", "-o", out, join(benchDir, "standin.c")], { stdio: "ignore" });
    if (r.status === 0) return out;
  }
  return null;
}

/** One materialization, shaped like rocky's run output (fixtures/run.json). */
function materialization(i) {
  const tenant = `tenant_${i % 200}`;
  return {
    asset_key: ["snowflake", `staging__${tenant}`, `table_${i}`],
    rows_copied: i * 7,
    duration_ms: i % 1000,
    started_at: "2026-01-01T00:00:00Z",
    metadata: {
      strategy: "incremental",
      watermark: "2026-01-01T00:00:00Z",
      target_table_full_name: `warehouse.staging__${tenant}.table_${i}`,
      sql_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      column_count: 12,
    },
    cost_usd: 0.0012,
    bytes_scanned: 1234567,
    tenant,
  };
}

/** A run output of `count` materializations, pretty-printed like rocky prints it. */
export function runOutputJson(count) {
  const materializations = Array.from({ length: count }, (_, i) => materialization(i));
  const doc = {
    version: "1.71.0",
    command: "run",
    status: "Success",
    pipeline_type: "replication",
    filter: "source=orders",
    duration_ms: 1234,
    tables_copied: count,
    tables_failed: 0,
    materializations,
    check_results: [],
    execution: { concurrency: 8, tables_processed: count, tables_failed: 0 },
    metrics: {
      tables_processed: count,
      tables_failed: 0,
      error_rate_pct: 0,
      statements_executed: count * 2,
      retries_attempted: 0,
      retries_succeeded: 0,
      anomalies_detected: 0,
      table_duration_p50_ms: 10,
      table_duration_p95_ms: 50,
      table_duration_max_ms: 90,
      query_duration_p50_ms: 5,
      query_duration_p95_ms: 20,
      query_duration_max_ms: 40,
    },
    permissions: { grants_added: 0, grants_revoked: 0, catalogs_created: 0, schemas_created: 1 },
    drift: { tables_checked: count, tables_drifted: 0, actions_taken: [] },
    interrupted: false,
    cost_summary: null,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Materializations needed for a run output of about `bytes`. */
export function countForBytes(bytes) {
  const per = runOutputJson(101).length - runOutputJson(1).length;
  return Math.max(1, Math.round((bytes - runOutputJson(1).length) / (per / 100)));
}

export const STATE_JSON = `${JSON.stringify(
  {
    version: "1.71.0",
    command: "state",
    watermarks: [
      {
        table: "warehouse.staging__orders.orders",
        last_value: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      },
    ],
    schema_version_supported: 22,
    schema_version_on_disk: 22,
  },
  null,
  2,
)}\n`;

export function writeOutputs(workDir, runCount) {
  mkdirSync(workDir, { recursive: true });
  const run = join(workDir, "run.json");
  const state = join(workDir, "state.json");
  writeFileSync(run, runOutputJson(runCount));
  writeFileSync(state, STATE_JSON);
  return { run, state };
}

/**
 * The stand-in as a "driver": the environment a call needs for a mode, and
 * how to find the pids of a hung call. Native stand-in: everything by env.
 * Simulator fallback: modes become scenarios (one at a time).
 */
export async function makeDriver({ workDir, forceSim }) {
  const native = forceSim ? null : buildStandin(workDir);
  if (native !== null) {
    return {
      kind: "native C stand-in",
      binaryPath: native,
      async use(mode) {
        const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", STANDIN_STATE: mode.state };
        if (mode.out !== undefined) env.STANDIN_OUT = mode.out;
        if (mode.stderrBytes) env.STANDIN_STDERR_BYTES = String(mode.stderrBytes);
        if (mode.hang) {
          env.STANDIN_HANG = "1";
          env.STANDIN_PIDFILE = mode.pidfile;
          if (mode.ignoreTerm) env.STANDIN_IGNORE_TERM = "1";
        }
        return env;
      },
      async hungPids(mode) {
        for (let i = 0; i < 500; i++) {
          try {
            const pids = readFileSync(mode.pidfile, "utf8").trim().split(/\s+/).map(Number);
            if (pids.length === 2 && pids.every((p) => p > 0)) return pids;
          } catch {
            // not written yet
          }
          await sleep(2);
        }
        throw new Error("stand-in never wrote its pid file");
      },
      matches: native,
      async cleanup() {},
    };
  }
  const { createRockySimulator } = await import(testingDist);
  const sim = await createRockySimulator({});
  return {
    kind: "simulator (no C compiler)",
    binaryPath: sim.binaryPath,
    async use(mode) {
      await sim.clearInvocations();
      const behavior = {};
      if (mode.out !== undefined) behavior.output = { raw: readFileSync(mode.out, "utf8") };
      if (mode.stderrBytes) {
        behavior.stderrLines = Math.ceil(mode.stderrBytes / 100);
        behavior.stderrLineBytes = 100;
      }
      const run = mode.hang
        ? { hang: true, grandchild: true, hangMaxMs: 60_000, ignoreSigterm: !!mode.ignoreTerm }
        : {};
      await sim.setScenario({
        default: behavior,
        commands: { run, state: { output: { raw: readFileSync(mode.state, "utf8") } } },
      });
      return { PATH: process.env.PATH ?? "/usr/bin:/bin" };
    },
    async hungPids() {
      for (let i = 0; i < 2500; i++) {
        const inv = (await sim.invocations()).filter((x) => x.verb !== null);
        const last = inv.at(-1);
        if (last && last.grandchildPids.length > 0) return [last.pid, ...last.grandchildPids];
        await sleep(2);
      }
      throw new Error("simulator never recorded the hung call");
    },
    matches: sim.dir,
    cleanup: () => sim.cleanup(),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Process liveness comes from the testing package, the one place that knows zombies count as gone.
export {
  isProcessGone as isGone,
  runningProcessesMatching,
} from "../packages/testing/dist/index.js";

/**
 * Live (non-zombie) children of this process, except the SDK's orphan
 * watchdog (one per process, meant to live as long as it does).
 */
export function liveChildren() {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[1]) === process.pid && rest[0] !== "Z" && rest[0] !== "X") {
        if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("orphan-watchdog.cjs"))
          continue;
        out.push(Number(entry));
      }
    } catch {
      // raced with exit
    }
  }
  return out;
}

/**
 * The floor: node:child_process.spawn, stdout Buffers concatenated and
 * decoded once, then JSON.parse. stderr is read and dropped.
 */
export function bareSpawn(binaryPath, args, env, { parse = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", () => {});
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bare spawn exited ${code}`));
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(parse ? JSON.parse(text) : text);
      } catch (e) {
        reject(e);
      }
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Peak RSS of this process in bytes (VmHWM, else resourceUsage). */
export function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so a later peak is this phase's. */
export function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

// rocky-sdk (Python) on the same stand-in, when interop/.venv is prepared (pnpm test does it).
export const PY = join(root, "interop", ".venv", "bin", "python");
export const PY_READY =
  existsSync(PY) && existsSync(join(root, "interop", ".venv", ".requirements-sha256"));
const PY_BENCH = join(root, "interop", "python", "bench_rocky_sdk.py");
/** One run of interop/python/bench_rocky_sdk.py: its last stdout line, parsed. */
export const pyBench = (mode, config, env) => {
  const r = spawnSync(PY, [PY_BENCH, mode, JSON.stringify(config)], {
    encoding: "utf8",
    env: { ...env, PYTHONDONTWRITEBYTECODE: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`rocky-sdk bench ${mode} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
};
