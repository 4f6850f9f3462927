// The boundary seams against the real rocky engine (opt in: ROCKY_BIN=/path/to/rocky). A DuckDB
// replication project per case in a temp dir (a `raw__orders` source of 500 rows, replicated to
// `staging__orders`), driven through RockyResource; DuckDB and rocky's state are read directly to
// see what the engine really wrote. Each case also shows, with rocky's own CLI, the engine
// behaviour that makes the guard necessary.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type RockyVerb,
  type VerbArgsOptions,
} from "@dagster-rocky/resource";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/** A run() result narrowed to the run report (no project here has a load pipeline). */
function report<T extends { kind: string }>(result: T): Extract<T, { kind: "run" }> {
  if (result.kind !== "run") throw new Error(`expected a run report, got a ${result.kind} report`);
  return result as Extract<T, { kind: "run" }>;
}

const ROCKY_BIN = process.env.ROCKY_BIN;
if (ROCKY_BIN === undefined || ROCKY_BIN === "") {
  throw new Error(
    "the engine suite needs ROCKY_BIN=/path/to/rocky (a real rocky engine; see docs/real-engine.md)",
  );
}
const BIN: string = ROCKY_BIN;
const SUFFIX = "_dagster_pr_42";
const FILTER = "source=orders";
const PROD_TABLE = "staging__orders.orders";
const PR_TABLE = `staging__orders.orders${SUFFIX}`;
const PR = (n: number) => ({
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: String(n),
});

// ------------------------------------------------------------------ helpers

/** The process environment without Dagster+ variables, and without rocky's key fallback. */
function productionEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_CLOUD_") && k !== "ROCKY_IDEMPOTENCY_KEY")
      env[k] = v;
  }
  return env;
}

/** Runs SQL on the project's DuckDB file (read-write; closed before rocky runs again). */
async function duck(dbPath: string, sql: string): Promise<string[][]> {
  const db = await DuckDBInstance.create(dbPath);
  const c = await db.connect();
  try {
    const r = await c.runAndReadAll(sql);
    return r.getRowsJson().map((row) => row.map((v) => String(v)));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
const count = async (dir: string, table: string) =>
  Number((await duck(join(dir, "playground.duckdb"), `select count(*) from ${table}`))[0]?.[0]);
const addRows = (dir: string, from: number, to: number) =>
  duck(
    join(dir, "playground.duckdb"),
    `insert into raw__orders.orders select i, timestamp '2026-01-01' + interval (i * 60) second from generate_series(${from}, ${to}) t(i)`,
  );

const REPLICATION = (state = "") => `[adapter]
type = "duckdb"
path = "playground.duckdb"

[pipeline.playground]
strategy = "incremental"
timestamp_column = "_updated_at"

[pipeline.playground.source.discovery]
adapter = "default"

[pipeline.playground.source.schema_pattern]
prefix = "raw__"
separator = "__"
components = ["source"]

[pipeline.playground.target]
catalog_template = "playground"
schema_template = "staging__{source}"

[pipeline.playground.target.governance]
auto_create_schemas = true

[pipeline.playground.checks]
row_count = false
column_match = false
${state}`;
/** The same pipeline name, turned into a quality pipeline (checks run on production tables). */
const QUALITY = `[adapter]
type = "duckdb"
path = "playground.duckdb"

[pipeline.playground]
type = "quality"

[pipeline.playground.target]
adapter = "default"

[pipeline.playground.checks]
enabled = true
`;

let root = "";
let playgroundModels = "";
/** A fresh project: the config, `raw__orders.orders` with 500 rows, and `rocky playground`'s models when asked. */
async function project(toml: string, models = false): Promise<string> {
  const dir = mkdtempSync(join(root, "p-"));
  writeFileSync(join(dir, "rocky.toml"), toml);
  if (models) cpSync(playgroundModels, join(dir, "models"), { recursive: true });
  await duck(
    join(dir, "playground.duckdb"),
    "create schema raw__orders; create table raw__orders.orders as select i as order_id, timestamp '2026-01-01' + interval (i * 60) second as _updated_at from generate_series(1, 500) t(i)",
  );
  return dir;
}
const resource = (cwd: string, options: RockyResourceOptions = {}) =>
  new RockyResource({ binaryPath: BIN, cwd, env: productionEnv(), ...options });
const prResource = (cwd: string, n = 42, options: RockyResourceOptions = {}) =>
  resource(cwd, { env: { ...productionEnv(), ...PR(n) }, ...options });
/** rocky's own CLI, without the SDK: the engine behaviour the guards exist for. */
function rocky(
  cwd: string,
  args: string[],
): { status: number | null; json: Record<string, unknown> | null; stderr: string } {
  const r = spawnSync(BIN, ["--output", "json", ...args], {
    cwd,
    env: { ...productionEnv(), RUST_BACKTRACE: "0" },
    encoding: "utf8",
    timeout: 120_000,
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: r.status, json, stderr: r.stderr };
}
/** The production state file rocky resolves by default (state.rs `resolve_state_path`). */
function productionStateFile(dir: string): string {
  const inModels = join(dir, "models", ".rocky-state.redb");
  return existsSync(inModels) ? inModels : join(dir, ".rocky-state.redb");
}
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
async function shadowError(p: Promise<unknown>): Promise<RockyShadowError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyShadowError);
  return err as RockyShadowError;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rocky-seams-"));
  execFileSync(BIN, ["playground", "pg"], { cwd: root, stdio: "ignore" });
  playgroundModels = join(root, "pg", "models");
});
afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

// ------------------------------------------------- nothing shared with production

describe("a PR run's state and idempotency key never reach production's (local state)", () => {
  it("PR 42 runs with key 'nightly'; production's run with the same key is not skipped, its table is fresh", async () => {
    const dir = await project(REPLICATION());
    const pr = report(await prResource(dir).run({ filter: FILTER, idempotencyKey: "nightly" }));
    expect(pr.status).toBe("Success");
    for (const m of pr.materializations)
      expect(String(m.metadata.target_table_full_name)).toMatch(new RegExp(`${SUFFIX}$`));
    await addRows(dir, 501, 510);
    const prod = report(await resource(dir).run({ filter: FILTER, idempotencyKey: "nightly" }));
    expect(prod.status).toBe("Success");
    expect(await count(dir, PROD_TABLE)).toBe(510);
    expect(await count(dir, PR_TABLE)).toBe(500);
    // Production's own key works: the same key again is skipped, so the first was a real claim.
    const again = report(await resource(dir).run({ filter: FILTER, idempotencyKey: "nightly" }));
    expect(again.status).toBe("SkippedIdempotent");
  });

  it("why: rocky itself, given a PR run's key as is on production's state, skips production's run (500 of 510 rows)", async () => {
    const dir = await project(REPLICATION());
    const shadowed = rocky(dir, [
      "run",
      `--filter=${FILTER}`,
      "--shadow",
      `--shadow-suffix=${SUFFIX}`,
      "--idempotency-key=nightly",
    ]);
    expect(shadowed.json?.status).toBe("Success");
    await addRows(dir, 501, 510);
    const prod = rocky(dir, ["run", `--filter=${FILTER}`, "--idempotency-key=nightly"]);
    expect(prod.json?.status).toBe("SkippedIdempotent");
    // Production's table was never written at all: the PR's run wrote only the shadow table.
    expect(
      await duck(
        join(dir, "playground.duckdb"),
        "select count(*) from information_schema.tables where table_schema = 'staging__orders' and table_name = 'orders'",
      ),
    ).toEqual([["0"]]);
  });

  it("production's watermarks, history and state file are unchanged by a PR run", async () => {
    const dir = await project(REPLICATION());
    const prod = resource(dir);
    await prod.run({ filter: FILTER });
    const file = productionStateFile(dir);
    const before = {
      state: await prod.state(),
      history: await prod.history(),
      sha: sha(file),
      rows: await count(dir, PROD_TABLE),
    };
    await addRows(dir, 501, 520);
    const pr = report(await prResource(dir).run({ filter: FILTER }));
    expect(pr.status).toBe("Success");
    // Before production reads its own state again (a read may rewrite the file's pages).
    expect(sha(file)).toBe(before.sha);
    expect(await prod.state()).toEqual(before.state);
    expect(await prod.history()).toEqual(before.history);
    expect(await count(dir, PROD_TABLE)).toBe(before.rows);
    // The PR's watermark went to its own file, under .rocky-state/.
    const prState = await resource(dir, { statePath: `.rocky-state/shadow${SUFFIX}.redb` }).state();
    expect(prState.watermarks.map((w) => w.table)).toEqual([`playground.${PR_TABLE}`]);
    expect(before.state.watermarks.map((w) => w.table)).toEqual([`playground.${PROD_TABLE}`]);
  });

  it("a PR's plan applied by a production worker without a suffix: shadow table written, production's state file unchanged", async () => {
    const dir = await project(REPLICATION(), true); // models present: rocky writes a `run` plan
    const prod = resource(dir);
    await prod.run({ filter: FILTER });
    const file = productionStateFile(dir);
    const before = { sha: sha(file), rows: await count(dir, PROD_TABLE) };
    const { plan_id: id } = await prResource(dir).plan({ filter: FILTER });
    await addRows(dir, 501, 520);
    const applied = await resource(dir).apply(id as string);
    expect(applied.shadowSuffix).toBe(SUFFIX);
    expect(await count(dir, PR_TABLE)).toBe(520);
    expect(sha(file)).toBe(before.sha);
    expect(await count(dir, PROD_TABLE)).toBe(before.rows);
    const prState = await resource(dir, { statePath: `.rocky-state/shadow${SUFFIX}.redb` }).state();
    expect(prState.watermarks.map((w) => w.table)).toEqual([`playground.${PR_TABLE}`]);
  });

  it("why: rocky itself applies that plan on production's state file (production's state changes)", async () => {
    const dir = await project(REPLICATION(), true);
    await resource(dir).run({ filter: FILTER });
    const file = productionStateFile(dir);
    const before = sha(file);
    const { plan_id: id } = await prResource(dir).plan({ filter: FILTER });
    const itself = rocky(dir, ["apply", id as string]);
    expect(itself.status).toBe(0);
    expect(sha(file)).not.toBe(before);
  });

  it("a failed PR run leaves production's stateHealth().lastRunStatus and history alone", async () => {
    const dir = await project(REPLICATION());
    const prod = resource(dir);
    await prod.run({ filter: FILTER });
    const before = { health: await prod.stateHealth(), history: await prod.history() };
    expect(before.health.lastRunStatus).toBe("success");
    // PR 9's shadow target is a view: rocky cannot replace it, and the run fails.
    await duck(
      join(dir, "playground.duckdb"),
      "create view staging__orders.orders_dagster_pr_9 as select 1 as x",
    );
    const failed = await prResource(dir, 9)
      .run({ filter: FILTER })
      .catch((e: unknown) => e);
    expect(JSON.stringify(failed)).toMatch(/[Ff]ailure|RockyCommandError/);
    const after = await prod.stateHealth();
    expect(after.lastRunStatus).toBe("success");
    expect(after.lastRunAt).toBe(before.health.lastRunAt);
    expect(await prod.history()).toEqual(before.history);
    // The failure is recorded, in PR 9's own state.
    const pr9 = await resource(dir, {
      statePath: ".rocky-state/shadow_dagster_pr_9.redb",
    }).stateHealth();
    expect(pr9.lastRunStatus).toBe("failure");
  });

  it("why: rocky itself records a failed shadow run in production's history when the state is shared", async () => {
    const dir = await project(REPLICATION());
    rocky(dir, ["run", `--filter=${FILTER}`]);
    await duck(
      join(dir, "playground.duckdb"),
      "create view staging__orders.orders_dagster_pr_9 as select 1 as x",
    );
    rocky(dir, ["run", `--filter=${FILTER}`, "--shadow", "--shadow-suffix=_dagster_pr_9"]);
    expect((await resource(dir).stateHealth()).lastRunStatus).toBe("failure");
  });
});

// --------------------------------------- a shared Valkey: keys share one prefix

/** A throwaway redis-server (Valkey's protocol) on a free loopback port. */
async function redisServer(): Promise<{ url: string; stop: () => void; keys: () => string[] }> {
  const port = await new Promise<number>((done, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() =>
        typeof a === "object" && a !== null ? done(a.port) : fail(new Error("no port")),
      );
    });
  });
  const dir = mkdtempSync(join(root, "redis-"));
  // Missing redis-server is a failure, never a skip (as examples/bullmq).
  const child: ChildProcess = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
    ],
    { stdio: "ignore" },
  );
  const cli = (args: string[]) =>
    spawnSync("redis-cli", ["-p", String(port), ...args], { encoding: "utf8" });
  for (let i = 0; i < 100 && cli(["ping"]).stdout.trim() !== "PONG"; i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(cli(["ping"]).stdout.trim(), "redis-server must be installed and start").toBe("PONG");
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      child.kill("SIGKILL");
    },
    keys: () => cli(["keys", "*"]).stdout.split("\n").filter(Boolean).sort(),
  };
}

describe("a Valkey state backend: idempotency entries share one prefix across state files", () => {
  let redis: Awaited<ReturnType<typeof redisServer>> | undefined;
  afterEach(() => {
    redis?.stop();
    redis = undefined;
  });

  it("the PR's key is namespaced, so production's run with the same key still runs; state objects are apart", async () => {
    redis = await redisServer();
    const dir = await project(
      REPLICATION(`\n[state]\nbackend = "valkey"\nvalkey_url = "${redis.url}"\n`),
    );
    expect(
      report(await prResource(dir).run({ filter: FILTER, idempotencyKey: "nightly" })).status,
    ).toBe("Success");
    await addRows(dir, 501, 510);
    expect(
      report(await resource(dir).run({ filter: FILTER, idempotencyKey: "nightly" })).status,
    ).toBe("Success");
    expect(await count(dir, PROD_TABLE)).toBe(510);
    const keys = redis.keys();
    expect(keys).toContain(`rocky:state:idempotency:shadow${SUFFIX}:nightly`);
    expect(keys).toContain("rocky:state:idempotency:nightly");
    // The PR's state object has its own key (state_sync.rs `remote_state_key`).
    expect(keys.some((k) => k.endsWith(`:shadow${SUFFIX}.redb`))).toBe(true);
  });

  it("why: a separate state file alone is not enough, the raw key collides in Valkey and production is skipped", async () => {
    redis = await redisServer();
    const dir = await project(
      REPLICATION(`\n[state]\nbackend = "valkey"\nvalkey_url = "${redis.url}"\n`),
    );
    mkdirSync(join(dir, ".rocky-state"));
    const pr = rocky(dir, [
      "--state-path=.rocky-state/apart.redb",
      "run",
      `--filter=${FILTER}`,
      "--shadow",
      `--shadow-suffix=${SUFFIX}`,
      "--idempotency-key=nightly",
    ]);
    expect(pr.json?.status).toBe("Success");
    const prod = rocky(dir, ["run", `--filter=${FILTER}`, "--idempotency-key=nightly"]);
    expect(prod.json?.status).toBe("SkippedIdempotent");
  });
});

// ------------------------------- a call with a suffix: every guard, on a fleet worker

describe("a fleet worker (production env) running a PR's calls gets the PR's guards", () => {
  it("run with a call suffix on a quality pipeline: refused, nothing written; rocky itself would run it on production", async () => {
    const dir = await project(QUALITY);
    const err = await shadowError(resource(dir).run({ filter: FILTER, shadowSuffix: SUFFIX }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    const itself = rocky(dir, [
      "run",
      `--filter=${FILTER}`,
      "--shadow",
      `--shadow-suffix=${SUFFIX}`,
    ]);
    expect(itself.json?.pipeline_type).toBe("quality");
  });

  it("a run plan made while the pipeline was replication: apply refused once it is quality (rocky would run it as quality)", async () => {
    const dir = await project(REPLICATION(), true); // models present: rocky writes a `run` plan
    const { plan_id: id } = await prResource(dir).plan({ filter: FILTER });
    writeFileSync(join(dir, "rocky.toml"), QUALITY);
    for (const r of [prResource(dir), resource(dir)]) {
      const err = await shadowError(r.apply(id as string, { shadowSuffix: SUFFIX }));
      expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    }
    const itself = rocky(dir, [
      `--state-path=.rocky-state/shadow${SUFFIX}.redb`,
      "apply",
      id as string,
    ]);
    expect(itself.json?.pipeline_type).toBe("quality");
  });

  it("apply(planId, { shadowSuffix }) on a production worker: the PR's plan applies to shadow tables only", async () => {
    const dir = await project(REPLICATION(), true);
    const { plan_id: id } = await resource(dir).plan({ filter: FILTER, shadowSuffix: SUFFIX });
    await resource(dir).apply(id as string, { shadowSuffix: SUFFIX });
    expect(await count(dir, PR_TABLE)).toBe(500);
    const tables = await duck(
      join(dir, "playground.duckdb"),
      "select table_name from information_schema.tables where table_schema = 'staging__orders' order by 1",
    );
    expect(tables).toEqual([[`orders${SUFFIX}`]]);
    // Another PR's suffix is refused for that plan.
    const err = await shadowError(
      resource(dir).apply(id as string, { shadowSuffix: "_dagster_pr_7" }),
    );
    expect(err.code).toBe("PLAN_NOT_SHADOWED");
  });
});

// ------------------------------------------- one immutable spawn plan, fail-closed detection

describe("the spawn plan and detection, on the real engine", () => {
  const start = process.cwd();
  const saved: Record<string, string | undefined> = {};
  afterEach(() => {
    process.chdir(start);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      delete saved[k];
    }
  });

  it("a buildArgs array stripped of --shadow in a microtask: rocky still writes only the shadow table", async () => {
    class Late extends RockyResource {
      protected override buildArgs<V extends RockyVerb>(
        verb: V,
        options: VerbArgsOptions[V],
      ): string[] {
        const args = super.buildArgs(verb, options);
        queueMicrotask(() =>
          args.splice(0, args.length, ...args.filter((t) => !t.startsWith("--shadow"))),
        );
        return args;
      }
    }
    const dir = await project(REPLICATION());
    await new Late({ binaryPath: BIN, cwd: dir, env: { ...productionEnv(), ...PR(42) } }).run({
      filter: FILTER,
    });
    const tables = await duck(
      join(dir, "playground.duckdb"),
      "select table_name from information_schema.tables where table_schema = 'staging__orders' order by 1",
    );
    expect(tables).toEqual([[`orders${SUFFIX}`]]);
  });

  it("process.chdir after the call starts: rocky runs in the project the guard read", async () => {
    const dir = await project(REPLICATION());
    const elsewhere = mkdtempSync(join(root, "empty-"));
    process.chdir(dir);
    class Moving extends RockyResource {
      protected override buildArgs<V extends RockyVerb>(
        verb: V,
        options: VerbArgsOptions[V],
      ): string[] {
        setTimeout(() => process.chdir(elsewhere), 0);
        return super.buildArgs(verb, options);
      }
    }
    const out = report(
      await new Moving({ binaryPath: BIN, env: { ...productionEnv(), ...PR(42) } }).run({
        filter: FILTER,
      }),
    );
    expect(out.status).toBe("Success");
    expect(await count(dir, PR_TABLE)).toBe(500);
  });

  it("a PR deployment in process.env with a curated env option: the engine writes the shadow table only", async () => {
    const dir = await project(REPLICATION());
    for (const [k, v] of Object.entries(PR(42))) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    await new RockyResource({
      binaryPath: BIN,
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
    }).run({ filter: FILTER });
    const tables = await duck(
      join(dir, "playground.duckdb"),
      "select table_name from information_schema.tables where table_schema = 'staging__orders' order by 1",
    );
    expect(tables).toEqual([[`orders${SUFFIX}`]]);
  });
});
