// Runs the BUILT example (dist/main.js) as a real process, launched the way Dagster's
// PipesSubprocessClient launches it by default: a temp dir, a context file, a messages file, both
// locations passed as base64(zlib(json)) in DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES. Then
// decodes every message line. rocky itself is rocky-sim (the simulator), never a real rocky.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { createRockySimulator, type SimInvocation, type SimScenario } from "@dagster-rocky/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = join(here, "..", "dist", "main.js");
// Children run the compiled example: fail loudly at collection when it was not built.
if (!existsSync(MAIN)) {
  throw new Error(
    "examples/dagster-pipes/dist/main.js is missing: build first (pnpm exec tsc -b examples/dagster-pipes).",
  );
}

// The example's simulated warehouse holds one source, raw__shop: `rocky run --filter source=shop`
// writes warehouse.staging__shop.<table> and names each materialization [source_type, ...schema
// components, written table], so a shadow run's keys carry the suffix (`orders_dagster_pr_42`,
// run.rs `process_table`), in rocky-sim as in rocky; the example reports dagster-rocky's
// production keys.
const TABLES = ["customers", "orders", "payments"] as const;
const assetKey = (table: string): string => `duckdb/shop/${table}`;
const SUFFIX = "_dagster_pr_42";

const CONTEXT = {
  asset_keys: TABLES.map(assetKey),
  code_version_by_asset_key: Object.fromEntries(TABLES.map((t) => [assetKey(t), null])),
  provenance_by_asset_key: Object.fromEntries(TABLES.map((t) => [assetKey(t), null])),
  partition_key: null,
  partition_key_range: null,
  partition_time_window: null,
  run_id: "6f1d0c2e-4b7a-4f0e-9a51-2c8d3e7b9a42",
  job_name: "rocky_shop_job",
  retry_number: 0,
  extras: { rocky_filter: "source=shop" },
};

/** What Dagster writes: base64(zlib(json)), as dagster_pipes.encode_env_var. */
const encodeParam = (value: unknown): string =>
  deflateSync(Buffer.from(JSON.stringify(value))).toString("base64");

// biome-ignore lint/suspicious/noExplicitAny: decoded JSON, narrowed by the assertions
type Json = any;
interface Message {
  __dagster_pipes_version: string;
  method: string;
  params: Json;
}

interface Launched {
  status: number | null;
  stderr: string;
  /** Raw lines of the messages file, exactly as written. */
  lines: string[];
  messages: Message[];
  /** What the simulated rocky processes received (null when main wrote no invocations file). */
  invocations: SimInvocation[] | null;
}

interface LaunchOptions {
  /** Sent as ROCKY_SIM_SCENARIO_JSON (used by main only with its own simulator). */
  scenario?: SimScenario | string;
  /** Extra env for the child (e.g. ROCKY_BIN, PATH). */
  env?: Record<string, string>;
  /** Launch without DAGSTER_PIPES_* (a local run). */
  outsideDagster?: boolean;
  /** The extras Dagster sends (default: the context's). */
  extras?: Record<string, unknown>;
}

// No `rocky` on this PATH: the example must fall back to its simulator unless a test says otherwise.
const NODE_ONLY_PATH = dirname(process.execPath);

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith("DAGSTER_") || k.startsWith("ROCKY_")) continue;
    env[k] = v;
  }
  env.PATH = NODE_ONLY_PATH;
  return env;
}

function launch(options: LaunchOptions = {}): Promise<Launched> {
  const dir = mkdtempSync(join(tmpdir(), "example-dagster-pipes-"));
  const contextFile = join(dir, "context");
  const messagesFile = join(dir, "messages");
  const invocationsFile = join(dir, "invocations.json");
  writeFileSync(
    contextFile,
    JSON.stringify({ ...CONTEXT, extras: options.extras ?? CONTEXT.extras }),
  );
  // The job runs in a project dir, as in a deployment: a rocky from ROCKY_BIN or PATH reads this
  // rocky.toml (the SDK too, for the pipeline type, before spawning a shadowed run).
  writeFileSync(join(dir, "rocky.toml"), readFileSync(join(here, "..", "rocky.toml")));
  const env = baseEnv();
  if (!options.outsideDagster) {
    env.DAGSTER_PIPES_CONTEXT = encodeParam({ path: contextFile });
    env.DAGSTER_PIPES_MESSAGES = encodeParam({ path: messagesFile });
  }
  env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT = "1";
  env.DAGSTER_CLOUD_PULL_REQUEST_ID = "42";
  env.ROCKY_SIM_INVOCATIONS_FILE = invocationsFile;
  if (options.scenario !== undefined) {
    env.ROCKY_SIM_SCENARIO_JSON =
      typeof options.scenario === "string" ? options.scenario : JSON.stringify(options.scenario);
  }
  Object.assign(env, options.env);

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => {
      try {
        const lines = existsSync(messagesFile)
          ? readFileSync(messagesFile, "utf8")
              .split("\n")
              .filter((l) => l !== "")
          : [];
        const invocations = existsSync(invocationsFile)
          ? (JSON.parse(readFileSync(invocationsFile, "utf8")) as SimInvocation[])
          : null;
        resolve({
          status,
          stderr,
          lines,
          messages: lines.map((l) => JSON.parse(l) as Message),
          invocations,
        });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

const ofMethod = (r: Launched, method: string): Message[] =>
  r.messages.filter((m) => m.method === method);
const logMessages = (r: Launched, level?: string): string[] =>
  ofMethod(r, "log")
    .filter((m) => level === undefined || m.params.level === level)
    .map((m) => m.params.message as string);

/** Protocol shape every session must have, whatever happened inside. */
function expectSession(r: Launched): void {
  expect(r.lines.length).toBeGreaterThanOrEqual(2);
  for (const line of r.lines)
    expect(line.startsWith('{"__dagster_pipes_version":"0.1",')).toBe(true);
  for (const m of r.messages) {
    expect(Object.keys(m)).toEqual(["__dagster_pipes_version", "method", "params"]);
    expect(m.__dagster_pipes_version).toBe("0.1");
  }
  expect(r.messages[0]).toEqual({
    __dagster_pipes_version: "0.1",
    method: "opened",
    params: { extras: {} },
  });
  expect(r.messages.at(-1)?.method).toBe("closed");
  expect(ofMethod(r, "opened")).toHaveLength(1);
  expect(ofMethod(r, "closed")).toHaveLength(1);
}

/** rocky ran shadowed and never saw the Pipes bootstrap variables. */
function expectRockyShadowedWithoutPipesEnv(invocations: SimInvocation[] | null): void {
  expect(invocations).not.toBeNull();
  const calls = invocations ?? [];
  const runs = calls.filter((c) => c.verb === "run");
  expect(runs).toHaveLength(1);
  const argv = runs[0]?.argv ?? [];
  expect(argv).toContain("--shadow");
  expect(argv).toContain(`--shadow-suffix=${SUFFIX}`);
  expect(argv).toContain("--filter=source=shop");
  for (const call of calls) {
    expect(Object.keys(call.env).filter((k) => k.startsWith("DAGSTER_PIPES_"))).toEqual([]);
    // The Dagster+ variables do reach rocky: they are the environment Dagster passed.
    expect(call.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT).toBe("1");
    expect(call.env.DAGSTER_CLOUD_PULL_REQUEST_ID).toBe("42");
  }
}

function expectMaterializationsOf(r: Launched, tables: readonly string[]): void {
  const mats = ofMethod(r, "report_asset_materialization");
  expect(mats.map((m) => m.params.asset_key)).toEqual(tables.map(assetKey));
  for (const [i, m] of mats.entries()) {
    const fullName = m.params.metadata.target_table_full_name;
    expect(fullName).toEqual({
      type: "text",
      raw_value: `warehouse.staging__shop.${tables[i]}${SUFFIX}`,
    });
    expect(fullName.raw_value.endsWith(SUFFIX)).toBe(true);
    expect(m.params.metadata.shadow).toEqual({ type: "bool", raw_value: true });
    // rocky-duckdb reports no row count for a copy: rows_copied is null, so no metadata entry.
    expect(m.params.metadata.rows_copied).toBeUndefined();
    expect(m.params.data_version).toBeNull();
  }
}

describe("the default simulator run inside a Dagster+ branch deployment (PR 42)", () => {
  let r: Launched;
  beforeAll(async () => {
    r = await launch();
  });

  it("exits 0 with opened first, closed last without exception, the version marker on every line", () => {
    expect(r.status, r.stderr).toBe(0);
    expectSession(r);
    expect(r.messages.at(-1)?.params).toEqual({});
  });

  it("reports one materialization per simulator table, each on its _dagster_pr_42 shadow table", () => {
    expectMaterializationsOf(r, TABLES);
    expect(ofMethod(r, "report_asset_check")).toEqual([]);
  });

  it("logs which rocky it used, the shadow decision and the outcome, in order", () => {
    expect(r.messages.map((m) => m.method)).toEqual([
      "opened",
      "log",
      "log",
      "log",
      ...TABLES.map(() => "report_asset_materialization"),
      "log",
      "closed",
    ]);
    expect(logMessages(r, "INFO")).toEqual([
      "rocky binary: rocky-sim, the simulator from @dagster-rocky/testing (no rocky on PATH and no ROCKY_BIN): no warehouse is touched",
      `shadow: on (Dagster+ branch deployment, PR 42): tables get the suffix ${SUFFIX}`,
      "rocky run --filter source=shop",
      "rocky run Success: 3 table(s) copied, 0 failed; reported 3 materialization(s) and 0 check(s)",
    ]);
  });

  it("runs rocky shadowed, with the DAGSTER_CLOUD_* variables but without DAGSTER_PIPES_*", () => {
    expectRockyShadowedWithoutPipesEnv(r.invocations);
  });
});

describe("rocky's shadow keys: a shadowed table is reported on its production asset", () => {
  it("keys named after the shadow table (as rocky 1.71 prints them) become dagster-rocky's production keys", async () => {
    const sim = await createRockySimulator({ assumeConfig: true, sources: ["shop"] });
    let raw: string;
    try {
      const { spawnSync } = await import("node:child_process");
      const out = spawnSync(
        sim.binaryPath,
        [
          `--config=${join(here, "..", "rocky.toml")}`,
          "--output",
          "json",
          "run",
          "--filter=source=shop",
          "--shadow",
          `--shadow-suffix=${SUFFIX}`,
        ],
        { encoding: "utf8", cwd: sim.dir },
      );
      const run = JSON.parse(out.stdout);
      expect(run.materializations.map((m: { asset_key: string[] }) => m.asset_key.at(-1))).toEqual(
        TABLES.map((t) => `${t}${SUFFIX}`),
      );
      raw = JSON.stringify(run);
    } finally {
      await sim.cleanup();
    }
    const r = await launch({ scenario: { commands: { run: { output: { raw } } } } });
    expect(r.status, r.stderr).toBe(0);
    expectMaterializationsOf(r, TABLES);
  });
});

describe("declared checks in dagster-rocky's form (extras.rocky_declared_checks)", () => {
  it("every declared check gets a result: rocky did not measure them, so dagster-rocky's placeholder", async () => {
    const r = await launch({
      extras: {
        rocky_filter: "source=shop",
        rocky_declared_checks: { [assetKey("orders")]: ["row_count", "compliance_exception"] },
      },
    });
    expect(r.status, r.stderr).toBe(0);
    const checks = ofMethod(r, "report_asset_check").map((m) => [
      m.params.asset_key,
      m.params.check_name,
      m.params.passed,
      m.params.severity,
      m.params.metadata.status.raw_value,
    ]);
    expect(checks).toEqual([
      [
        assetKey("orders"),
        "row_count",
        false,
        "WARN",
        "not produced by rocky (check type: row_count)",
      ],
      [
        assetKey("orders"),
        "compliance_exception",
        true,
        "WARN",
        "no compliance_exception reported by rocky",
      ],
    ]);
  });

  it("a malformed value fails the step, naming the extra", async () => {
    const r = await launch({
      extras: { rocky_declared_checks: [{ asset_key: "a", name: "null_rate:x" }] },
    });
    expect(r.status).toBe(1);
    expect(r.messages.at(-1)?.params.exception.message).toMatch(
      /extras\.rocky_declared_checks is malformed: \[0\]\.name/,
    );
  });
});

describe("a partial failure (rocky exit 2) is reported, then fails the step", () => {
  let r: Launched;
  beforeAll(async () => {
    r = await launch({ scenario: { commands: { run: { partialFailure: true } } } });
  });

  it("reports the tables that succeeded and logs the failed one as ERROR", () => {
    expectMaterializationsOf(r, ["customers", "orders"]);
    expect(logMessages(r, "ERROR")).toEqual([
      expect.stringMatching(/^rocky: table duckdb\/shop\/payments failed \(query-rejected\): /),
    ]);
  });

  it("ends with closed carrying the RockyPartialFailure, and exits 1", () => {
    expectSession(r);
    const exception = r.messages.at(-1)?.params.exception;
    expect(exception.name).toBe("RockyPartialFailureError");
    expect(exception.message).toContain("exited with code 2");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("dagster-pipes example failed: rocky run exited with code 2");
    expectRockyShadowedWithoutPipesEnv(r.invocations);
  });
});

describe("a failed run (every table fails, rocky exit 1)", () => {
  it("reports no materialization, logs every table as ERROR, ends with closed carrying the exception", async () => {
    const r = await launch({ scenario: { commands: { run: { failure: true } } } });
    expectSession(r);
    expect(ofMethod(r, "report_asset_materialization")).toEqual([]);
    expect(logMessages(r, "ERROR")).toHaveLength(TABLES.length);
    const exception = r.messages.at(-1)?.params.exception;
    expect(exception.name).toBe("RockyPartialFailureError");
    expect(exception.message).toContain("exited with code 1");
    expect(r.status).toBe(1);
    expectRockyShadowedWithoutPipesEnv(r.invocations);
  });
});

describe("an invalid ROCKY_SIM_SCENARIO_JSON", () => {
  it("fails inside the session, naming the variable, before any rocky is spawned", async () => {
    const r = await launch({ scenario: "{not json" });
    expectSession(r);
    expect(r.messages.map((m) => m.method)).toEqual(["opened", "closed"]);
    expect(r.messages.at(-1)?.params.exception.message).toContain(
      "ROCKY_SIM_SCENARIO_JSON is not valid JSON",
    );
    expect(r.invocations).toBeNull();
    expect(r.status).toBe(1);
  });
});

describe("a rocky given by ROCKY_BIN or found on PATH is used instead of the simulator", () => {
  // Stands in for a real rocky (none can be installed here): a simulator the test owns.
  let external: Awaited<ReturnType<typeof createRockySimulator>>;
  beforeAll(async () => {
    external = await createRockySimulator({ assumeConfig: true, sources: ["shop"] });
  });
  afterAll(() => external.cleanup());

  for (const via of ["ROCKY_BIN", "PATH"] as const) {
    it(`${via}: says so, runs that binary shadowed, and ignores ROCKY_SIM_SCENARIO_JSON`, async () => {
      await external.clearInvocations();
      const env =
        via === "ROCKY_BIN"
          ? { ROCKY_BIN: external.binaryPath }
          : { PATH: `${external.dir}${delimiter}${NODE_ONLY_PATH}` };
      // A failing scenario that only the example's own simulator would honour.
      const r = await launch({ scenario: { commands: { run: { failure: true } } }, env });
      expect(r.status, r.stderr).toBe(0);
      expectSession(r);
      expect(logMessages(r, "INFO")[0]).toBe(
        via === "ROCKY_BIN"
          ? `rocky binary: rocky from ROCKY_BIN (${external.binaryPath})`
          : `rocky binary: rocky found on PATH (${external.binaryPath})`,
      );
      expectMaterializationsOf(r, TABLES);
      expect(r.invocations).toBeNull(); // the example's own simulator never started
      expectRockyShadowedWithoutPipesEnv(await external.invocations());
    });
  }
});

describe("outside Dagster (no DAGSTER_PIPES_*)", () => {
  it("uses the no-op context: no messages file, one warning, progress on stderr, exit 0", async () => {
    const r = await launch({ outsideDagster: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines).toEqual([]);
    expect(r.stderr.match(/DagsterPipesWarning/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      `shadow: on (Dagster+ branch deployment, PR 42): tables get the suffix ${SUFFIX}`,
    );
    expect(r.stderr).toContain(
      "rocky run Success: 3 table(s) copied, 0 failed; reported 3 materialization(s) and 0 check(s) (dropped: not launched by Dagster)",
    );
    expectRockyShadowedWithoutPipesEnv(r.invocations);
  });
});
