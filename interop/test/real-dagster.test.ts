// The real Dagster orchestrator (dagster==1.13.28, pinned in interop/requirements.txt) runs the
// BUILT Node example (examples/dagster-pipes/dist/main.js) through `PipesSubprocessClient` inside
// `dagster.materialize(...)` on an ephemeral instance. The assertions read Dagster's own event log
// (interop/python/dagster_harness.py dumps every record of each run). rocky is rocky-sim.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { decodePipesParam, encodePipesParam } from "@dagster-rocky/pipes";
import {
  createRockySimulator,
  type RockySimulator,
  type SimInvocation,
  writeSimProject,
} from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withRockyChecks } from "./helpers/checks.js";
import {
  checkEvaluations,
  closedException,
  failureText,
  type Json,
  materializations,
  type RunRecord,
  userLogs,
} from "./helpers/dagster-events.js";
import { describeInterop, INTEROP_DIR, REPO_ROOT, runPython, VENV_PYTHON } from "./helpers/venv.js";

const EXAMPLE_DIR = join(REPO_ROOT, "examples", "dagster-pipes");
const MAIN = join(EXAMPLE_DIR, "dist", "main.js");
if (!existsSync(MAIN)) {
  throw new Error("examples/dagster-pipes/dist/main.js is missing: run `pnpm run build` first.");
}

const TABLES = ["orders", "customers", "payments"] as const;
// rocky's asset_key: [source_type, ...schema components, table] (run.rs), as rocky-sim prints it.
const key = (table: string): string[] => ["duckdb", "shop", table];
const ASSET_KEYS = TABLES.map(key);

// Check specs as a Python user declares them with dagster-rocky's sanitize_check_name. rocky's
// names carry ':' and '.'; orders/freshness and payments/row_count are declared but rocky does not
// run them (placeholders expected).
const DECLARED = [
  { asset_key: key("orders"), name: "null_rate_amount" },
  { asset_key: key("orders"), name: "row_count" },
  { asset_key: key("orders"), name: "freshness" },
  { asset_key: key("customers"), name: "cross_source_overlap_shop_customers" },
  { asset_key: key("payments"), name: "row_count" },
  // A group check rocky did not evaluate here: dagster-rocky yields nothing, which over Pipes
  // fails the step; we report it not evaluated.
  { asset_key: key("payments"), name: "cross_source_overlap_shop_payments" },
];
const GROUP_CHECK = "duckdb/shop/payments#cross_source_overlap_shop_payments";

let work: string;
const runs = new Map<string, RunRecord>();
const invocations = new Map<string, SimInvocation[]>();
/** Simulators the test owns, for the scenarios run by interop/test/fixtures/pipes-step.mjs. */
const sims: RockySimulator[] = [];

const STEP = join(INTEROP_DIR, "test", "fixtures", "pipes-step.mjs");
const SUFFIX = "_dagster_pr_42";

/** rocky-sim's shadow run, its keys named after the shadow table as rocky 1.71 names them (run.rs process_table). */
async function shadowRunAsRockyNamesIt(): Promise<string> {
  const sim = await createRockySimulator();
  try {
    const r = spawnSync(
      sim.binaryPath,
      [
        "--config=rocky.toml",
        "--output",
        "json",
        "run",
        "--filter=source=shop",
        "--shadow",
        `--shadow-suffix=${SUFFIX}`,
      ],
      { encoding: "utf8", cwd: work },
    );
    const out = JSON.parse(r.stdout) as { materializations: { asset_key: string[] }[] };
    // rocky-sim names them as rocky does: the last key part is the shadow table.
    if (!out.materializations.every((m) => m.asset_key.at(-1)?.endsWith(SUFFIX))) {
      throw new Error(`rocky-sim's shadow run keys lack ${SUFFIX}: ${r.stdout}`);
    }
    return JSON.stringify(out);
  } finally {
    await sim.cleanup();
  }
}

// Governance checks with dagster-rocky's names, declared as dagster-rocky declares them.
const GOVERNANCE_DECLARED: Record<string, string[]> = {
  "duckdb/shop/orders": [
    "compliance_exception",
    "retention_drift",
    "contract_required_columns",
    "contract_column_constraints",
    "source_freshness",
    "row_count_anomaly",
  ],
  "duckdb/shop/customers": ["compliance_exception", "retention_drift"],
  "duckdb/shop/payments": ["contract_protected_columns", "model_freshness"],
};
const GOVERNANCE_SPEC = {
  compliance: {
    command: "compliance",
    version: "1.71.0",
    per_column: [],
    exceptions: [
      {
        model: "orders",
        column: "email",
        env: "prod",
        reason: "no masking strategy resolves for classification tag 'pii'",
      },
      {
        model: "orders",
        column: "phone",
        env: "prod",
        reason: "no masking strategy resolves for classification tag 'pii'",
      },
      {
        model: "ghost",
        column: "x",
        env: "prod",
        reason: "no masking strategy resolves for classification tag 'pii'",
      },
    ],
    summary: { total_classified: 5, total_exceptions: 3, total_masked: 2 },
  },
  retention: {
    command: "retention-status",
    version: "1.71.0",
    models: [
      { model: "orders", in_sync: false, configured_days: 30, warehouse_days: 90 },
      { model: "customers", in_sync: true, configured_days: 365 },
    ],
  },
  contracts: {
    diagnostics: [
      {
        code: "E010",
        model: "orders",
        message: "required column 'customer_id' missing from model output",
      },
    ],
    contracts: {
      orders: { hasRequired: true, hasProtected: false, hasColumnConstraints: true },
      payments: { hasRequired: false, hasProtected: true, hasColumnConstraints: false },
    },
  },
  freshness: {
    sources: [
      {
        name: "shop.orders",
        table: "duckdb.shop.orders",
        status: "warn",
        measured_from: "warehouse",
        age_seconds: 7200,
        warn_after_seconds: 3600,
      },
    ],
    models: [
      {
        name: "payments",
        table: "duckdb.shop.payments",
        status: "error",
        measured_from: "state_store",
        message: "never built",
      },
    ],
  },
  run: true,
};

/** rocky-sim's own `run` output, with check_results as rocky reports them added. */
async function runOutputWithChecks(): Promise<string> {
  const sim = await createRockySimulator();
  try {
    const r = spawnSync(
      sim.binaryPath,
      ["--config=rocky.toml", "--output", "json", "run", "--filter=source=shop"],
      { encoding: "utf8", cwd: work },
    );
    if (r.status !== 0) throw new Error(`rocky-sim run failed: ${r.stderr}`);
    const out = withRockyChecks(JSON.parse(r.stdout));
    return JSON.stringify(out);
  } finally {
    await sim.cleanup();
  }
}

const scenario = (
  name: string,
  options: {
    env?: Record<string, string>;
    orchestratorEnv?: Record<string, string>;
    checks?: boolean;
    mode?: "client" | "session";
  },
): Json => ({
  name,
  mode: options.mode ?? "client",
  asset_keys: ASSET_KEYS,
  check_specs: options.checks ? DECLARED : [],
  command: [process.execPath, MAIN],
  cwd: EXAMPLE_DIR,
  extras: options.checks ? { rocky_declared_checks: DECLARED } : {},
  env: {
    // No real rocky here: the example falls back to rocky-sim (no ROCKY_BIN, no rocky on PATH).
    ROCKY_BIN: "",
    PATH: [dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter),
    ROCKY_SIM_INVOCATIONS_FILE: join(work, `${name}.invocations.json`),
    ...options.env,
  },
  orchestrator_env: options.orchestratorEnv ?? {},
});

const PROBE_EXTRAS = {
  rocky_filter: "source=shop",
  "ünïcødé ✓": ["𝔘", "é", "\u0000", 1, 2.5, -0.5, 9007199254740991, true, null],
  nested: { deep: { list: [{}, [], ""] } },
};

const PARTIAL = JSON.stringify({ commands: { run: { partialFailure: true } } });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-dagster-"));
  // A rocky project, as rocky (and rocky-sim) needs one in its working directory.
  // rocky-sim's replication project over the source "shop" (`raw__shop` in its simulated warehouse).
  await writeSimProject(work, { component: "source", sources: ["shop"] });
  const withChecks = await runOutputWithChecks();
  const rockyShadowRun = await shadowRunAsRockyNamesIt();
  // The governance step's rocky: rocky-sim's run with an anomaly on orders, named as rocky names it.
  const withAnomaly = JSON.parse(withChecks);
  withAnomaly.check_results = [];
  withAnomaly.anomalies = [
    {
      table: "warehouse.staging__shop.orders",
      current_count: 5,
      baseline_avg: 376,
      deviation_pct: 98.7,
      reason: "row count dropped 98.7% (expected ~376, got 5)",
    },
  ];
  const governanceSim = await createRockySimulator({
    commands: { run: { output: { raw: JSON.stringify(withAnomaly) } } },
  });
  const partitionSim = await createRockySimulator();
  sims.push(governanceSim, partitionSim);
  const stepSpec = (name: string, spec: Record<string, unknown>): string => {
    const file = join(work, `${name}.spec.json`);
    writeFileSync(file, JSON.stringify(spec));
    return file;
  };
  const scenarios = [
    scenario("checks", {
      checks: true,
      env: {
        ROCKY_SIM_SCENARIO_JSON: JSON.stringify({
          commands: { run: { output: { raw: withChecks } } },
        }),
      },
    }),
    scenario("branch", {
      orchestratorEnv: {
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
        DAGSTER_CLOUD_DEPLOYMENT_NAME: "pr-42-shop",
        DAGSTER_CLOUD_GIT_SHA: "0123456789abcdef0123456789abcdef01234567",
      },
    }),
    scenario("branch-rocky-keys", {
      orchestratorEnv: {
        DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
        DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
      },
      env: {
        ROCKY_SIM_SCENARIO_JSON: JSON.stringify({
          commands: { run: { output: { raw: rockyShadowRun } } },
        }),
      },
    }),
    {
      ...scenario("governance", {}),
      command: [process.execPath, STEP],
      cwd: INTEROP_DIR,
      check_specs: Object.entries(GOVERNANCE_DECLARED).flatMap(([k, names]) =>
        names.map((name) => ({ asset_key: k.split("/"), name })),
      ),
      // dagster-rocky's form of the extra: {"<asset key>": ["<check>", ...]}.
      extras: { rocky_declared_checks: GOVERNANCE_DECLARED },
      env: {
        PIPES_STEP_SPEC: stepSpec("governance", {
          ...GOVERNANCE_SPEC,
          rockyBin: governanceSim.binaryPath,
          cwd: work,
        }),
      },
    },
    {
      ...scenario("partition-month", {}),
      command: [process.execPath, STEP],
      cwd: INTEROP_DIR,
      partitions: { grain: "month", start: "2026-01-01" },
      partition_key: "2026-04-01",
      env: {
        PIPES_STEP_SPEC: stepSpec("partition-month", {
          run: true,
          grain: "month",
          rockyBin: partitionSim.binaryPath,
          cwd: work,
        }),
      },
    },
    scenario("partial-client", { env: { ROCKY_SIM_SCENARIO_JSON: PARTIAL } }),
    scenario("partial-session", { mode: "session", env: { ROCKY_SIM_SCENARIO_JSON: PARTIAL } }),
    scenario("crash-node", { env: { ROCKY_SIM_SCENARIO_JSON: "{not json" } }),
    scenario("crash-rocky-output", {
      env: {
        ROCKY_SIM_SCENARIO_JSON: JSON.stringify({ commands: { run: { output: "not-json" } } }),
      },
    }),
    {
      ...scenario("bootstrap-probe", {}),
      command: [process.execPath, join(INTEROP_DIR, "test", "fixtures", "bootstrap-probe.mjs")],
      cwd: INTEROP_DIR,
      extras: PROBE_EXTRAS,
      env: { INTEROP_VENV_PYTHON: VENV_PYTHON, PROBE_OUT: join(work, "probe.json") },
    },
  ];
  // A variable the test process may have must not leak a branch deployment into other scenarios.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("DAGSTER_CLOUD_") && !k.startsWith("DAGSTER_PIPES_")) env[k] = v;
  }
  env.DAGSTER_HOME = work;
  const scenariosFile = join(work, "scenarios.json");
  const outFile = join(work, "out.json");
  writeFileSync(scenariosFile, JSON.stringify(scenarios));
  await runPython("dagster_harness.py", [scenariosFile, outFile], { env });
  for (const run of JSON.parse(readFileSync(outFile, "utf8")) as RunRecord[]) {
    runs.set(run.name, run);
    const file = join(work, `${run.name}.invocations.json`);
    if (existsSync(file)) invocations.set(run.name, JSON.parse(readFileSync(file, "utf8")));
  }
  invocations.set("governance", await governanceSim.invocations());
  invocations.set("partition-month", await partitionSim.invocations());
});

afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const run = (name: string): RunRecord => {
  const r = runs.get(name);
  if (!r) throw new Error(`no Dagster run recorded for scenario ${name}`);
  return r;
};
describeInterop(
  "real Dagster: one materialization per table, production keys, typed metadata",
  () => {
    it("the run succeeds with exactly one materialization per declared asset", () => {
      const r = run("checks");
      expect(r.success).toBe(true);
      expect(userLogs(r).some((l) => l.startsWith("rocky binary: rocky-sim"))).toBe(true);
      const keys = materializations(r).map((e) => e.asset_key?.join("/"));
      expect(keys.sort()).toEqual(ASSET_KEYS.map((k) => k.join("/")).sort());
    });

    it("metadata arrives as the types Dagster reads: int, float, timestamp, text (and bool when shadowed)", () => {
      for (const m of materializations(run("checks"))) {
        const md = m.metadata ?? {};
        // rocky 1.71 reports no row count for a DuckDB replication copy (run.rs: rows_copied
        // None), and a null metadata value is not sent.
        expect(md.rows_copied).toBeUndefined();
        expect(md.duration_ms?.type).toBe("IntMetadataValue");
        expect(md.cost_usd?.type).toBe("FloatMetadataValue");
        expect(md.started_at?.type).toBe("TimestampMetadataValue");
        expect(md.strategy).toEqual({ type: "TextMetadataValue", value: "full_refresh" });
        expect(md.target_table_full_name?.value).toBe(
          `warehouse.staging__shop.${m.asset_key?.at(-1)}`,
        );
      }
      for (const m of materializations(run("branch"))) {
        expect(m.metadata?.shadow).toEqual({ type: "BoolMetadataValue", value: true });
      }
    });

    it("an integral float (cost_usd 0) is accepted by Dagster as a float, not dropped", () => {
      const costs = materializations(run("checks")).map((m) => m.metadata?.cost_usd?.value);
      expect(costs.every((c) => typeof c === "number")).toBe(true);
    });
  },
);

describeInterop(
  "real Dagster: asset checks with sanitised names and a result for every declared check",
  () => {
    const byName = () =>
      new Map(
        checkEvaluations(run("checks")).map((e) => [
          `${e.asset_key?.join("/")}#${e.check_name}`,
          e,
        ]),
      );

    it("every declared check gets exactly one evaluation, and the step does not break", () => {
      const r = run("checks");
      expect(r.success, failureText(r)).toBe(true);
      const got = checkEvaluations(r).map((e) => `${e.asset_key?.join("/")}#${e.check_name}`);
      expect(got.sort()).toEqual(DECLARED.map((d) => `${d.asset_key.join("/")}#${d.name}`).sort());
    });

    it("a group check not evaluated for this asset fails at WARN as not evaluated, and the step succeeds", () => {
      const e = byName().get(GROUP_CHECK);
      expect([e?.passed, e?.severity]).toEqual([false, "WARN"]);
      expect(e?.metadata?.status?.value).toMatch(/^group check: not evaluated in this run/);
    });

    it("rocky's `null_rate:amount` matches the spec declared as `null_rate_amount`, with severity and verdict as rocky reported", () => {
      const e = byName().get("duckdb/shop/orders#null_rate_amount");
      expect(e?.passed).toBe(false);
      expect(e?.severity).toBe("WARN");
      expect(e?.metadata?.null_rate).toEqual({ type: "FloatMetadataValue", value: 0.25 });
      const overlap = byName().get("duckdb/shop/customers#cross_source_overlap_shop_customers");
      expect([overlap?.passed, overlap?.severity]).toEqual([false, "ERROR"]);
      const rows = byName().get("duckdb/shop/orders#row_count");
      expect([rows?.passed, rows?.severity]).toEqual([true, "ERROR"]);
    });

    it("a rocky check not declared on the Dagster asset is logged, not sent (Dagster would reject it)", () => {
      const r = run("checks");
      expect(checkEvaluations(r).some((e) => e.check_name === "column_match")).toBe(false);
      expect(userLogs(r)).toContain(
        "rocky: check column_match on duckdb/shop/orders is not declared on the Dagster asset; not reported",
      );
    });

    it("a declared check rocky did not run gets dagster-rocky 1.74.0's placeholder (a measurement not taken: failed, WARN)", () => {
      for (const id of ["duckdb/shop/orders#freshness", "duckdb/shop/payments#row_count"]) {
        const e = byName().get(id);
        expect(e?.passed).toBe(false);
        expect(e?.severity).toBe("WARN");
        expect(e?.metadata?.status?.value).toMatch(/^not produced by rocky \(check type: /);
      }
    });
  },
);

describeInterop("real Dagster: partial failure and crashes", () => {
  it("a partial failure fails the step with Dagster's Pipes error (exit code 1)", () => {
    for (const name of ["partial-client", "partial-session"]) {
      const r = run(name);
      expect(r.success).toBe(false);
      expect(failureText(r)).toMatch(
        /DagsterPipesExecutionError: External execution process failed with code 1/,
      );
      expect(
        userLogs(r).some((l) =>
          /rocky: table duckdb\/shop\/payments failed \(query-rejected\)/.test(l),
        ),
      ).toBe(true);
      expect(closedException(r)?.cls_name).toBe("RockyPartialFailureError");
    }
  });

  it("with the results yielded before the error, the tables that succeeded are materialized in Dagster", () => {
    const keys = materializations(run("partial-session")).map((e) => e.asset_key?.join("/"));
    expect(keys.sort()).toEqual(["duckdb/shop/customers", "duckdb/shop/orders"]);
  });

  it("with plain PipesSubprocessClient.run(...).get_results(), Dagster drops what was reported (its own behaviour, docs/parity.md)", () => {
    expect(materializations(run("partial-client"))).toHaveLength(0);
  });

  it("a crash in the Node process surfaces its message and error class in Dagster", () => {
    const node = closedException(run("crash-node"));
    expect(node?.message).toMatch(/ROCKY_SIM_SCENARIO_JSON is not valid JSON/);
    const rocky = closedException(run("crash-rocky-output"));
    expect(rocky?.cls_name).toMatch(/^Rocky\w+Error$/);
    for (const name of ["crash-node", "crash-rocky-output"]) {
      expect(run(name).success).toBe(false);
      expect(failureText(run(name))).toMatch(/DagsterPipesExecutionError/);
    }
  });
});

describeInterop("real Dagster: a Dagster+ branch deployment", () => {
  it("the DAGSTER_CLOUD_* variables of the orchestrator reach the Node process and rocky", () => {
    expect(userLogs(run("branch"))).toContain(
      "shadow: on (Dagster+ branch deployment, PR 42): tables get the suffix _dagster_pr_42",
    );
    const rocky = (invocations.get("branch") ?? []).filter((i) => i.verb === "run");
    expect(rocky).toHaveLength(1);
    expect(rocky[0]?.env.DAGSTER_CLOUD_PULL_REQUEST_ID).toBe("42");
    expect(rocky[0]?.env.DAGSTER_CLOUD_DEPLOYMENT_NAME).toBe("pr-42-shop");
  });

  it("rocky gets the PR's shadow suffix, and Dagster records the production asset keys", () => {
    const argv = (invocations.get("branch") ?? []).find((i) => i.verb === "run")?.argv ?? [];
    expect(argv).toContain("--shadow");
    expect(argv).toContain("--shadow-suffix=_dagster_pr_42");
    const r = run("branch");
    expect(r.success).toBe(true);
    for (const m of materializations(r)) {
      expect(m.asset_key?.at(-1)).not.toMatch(/_dagster_pr_42$/);
      expect(m.metadata?.target_table_full_name?.value).toMatch(/_dagster_pr_42$/);
    }
  });

  it("no DAGSTER_PIPES_* variable reaches rocky, in any scenario", () => {
    let seen = 0;
    for (const list of invocations.values()) {
      for (const i of list) {
        seen += 1;
        expect(Object.keys(i.env).filter((k) => k.startsWith("DAGSTER_PIPES_"))).toEqual([]);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("outside a branch deployment rocky gets no shadow flag", () => {
    const argv = (invocations.get("checks") ?? []).find((i) => i.verb === "run")?.argv ?? [];
    expect(argv.length).toBeGreaterThan(0);
    expect(argv.some((a) => a.startsWith("--shadow"))).toBe(false);
  });
});

describeInterop("real Dagster: rocky's shadow keys land on the production assets", () => {
  it("a PR 42 run whose keys name the shadow tables (as rocky 1.71 prints them) materializes the declared production assets", () => {
    const r = run("branch-rocky-keys");
    expect(r.success, failureText(r)).toBe(true);
    const keys = materializations(r).map((e) => e.asset_key?.join("/"));
    expect(keys.sort()).toEqual(ASSET_KEYS.map((k) => k.join("/")).sort());
    for (const m of materializations(r)) {
      expect(m.metadata?.target_table_full_name?.value).toMatch(/_dagster_pr_42$/);
      expect(m.metadata?.shadow).toEqual({ type: "BoolMetadataValue", value: true });
    }
  });
});

describeInterop(
  "real Dagster: freshness, compliance, retention, contract and anomaly results as asset checks with dagster-rocky's names",
  () => {
    const evaluation = (id: string) =>
      checkEvaluations(run("governance")).find(
        (e) => `${e.asset_key?.join("/")}#${e.check_name}` === id,
      );
    const verdict = (id: string) => {
      const e = evaluation(id);
      return [e?.passed, e?.severity];
    };

    it("the step succeeds and every declared check gets exactly one evaluation", () => {
      const r = run("governance");
      expect(r.success, failureText(r)).toBe(true);
      const got = checkEvaluations(r).map((e) => `${e.asset_key?.join("/")}#${e.check_name}`);
      const declared = Object.entries(GOVERNANCE_DECLARED).flatMap(([k, names]) =>
        names.map((n) => `${k}#${n}`),
      );
      expect(got.sort()).toEqual(declared.sort());
      expect(materializations(r)).toHaveLength(3);
    });

    it("compliance_exception: orders' two exceptions folded into one failed WARN check; a declared clean asset passes", () => {
      expect(verdict("duckdb/shop/orders#compliance_exception")).toEqual([false, "WARN"]);
      expect(
        evaluation("duckdb/shop/orders#compliance_exception")?.metadata?.[
          "rocky/compliance_exception_count"
        ],
      ).toEqual({
        type: "IntMetadataValue",
        value: 2,
      });
      expect(verdict("duckdb/shop/customers#compliance_exception")).toEqual([true, "WARN"]);
      expect(
        userLogs(run("governance")).some((l) =>
          /compliance_exception on _compliance \(FAILED\) is not an asset of this step/.test(l),
        ),
      ).toBe(true);
    });

    it("retention_drift: a model out of sync fails at WARN, one in sync passes", () => {
      expect(verdict("duckdb/shop/orders#retention_drift")).toEqual([false, "WARN"]);
      expect(
        evaluation("duckdb/shop/orders#retention_drift")?.metadata?.[
          "rocky/retention_warehouse_days"
        ]?.value,
      ).toBe(90);
      expect(evaluation("duckdb/shop/customers#retention_drift")?.passed).toBe(true);
    });

    it("contract_*: a missing required column fails at ERROR with the violation; unviolated kinds pass", () => {
      expect(verdict("duckdb/shop/orders#contract_required_columns")).toEqual([false, "ERROR"]);
      expect(
        evaluation("duckdb/shop/orders#contract_required_columns")?.metadata?.["rocky/violation_0"]
          ?.value,
      ).toBe("[E010] required column 'customer_id' missing from model output");
      expect(evaluation("duckdb/shop/orders#contract_column_constraints")?.passed).toBe(true);
      expect(evaluation("duckdb/shop/payments#contract_protected_columns")?.passed).toBe(true);
    });

    it("source_freshness / model_freshness: warn fails at WARN, error at ERROR", () => {
      expect(verdict("duckdb/shop/orders#source_freshness")).toEqual([false, "WARN"]);
      expect(verdict("duckdb/shop/payments#model_freshness")).toEqual([false, "ERROR"]);
      expect(evaluation("duckdb/shop/orders#source_freshness")?.metadata?.age_seconds?.value).toBe(
        7200,
      );
    });

    it("row_count_anomaly: rocky's anomaly on orders is a failed WARN check with its measurements", () => {
      expect(verdict("duckdb/shop/orders#row_count_anomaly")).toEqual([false, "WARN"]);
      expect(
        evaluation("duckdb/shop/orders#row_count_anomaly")?.metadata?.["rocky/baseline_avg"],
      ).toEqual({
        type: "FloatMetadataValue",
        value: 376,
      });
    });
  },
);

describeInterop("real Dagster: a monthly partition converted for rocky", () => {
  it("Dagster's 2026-04-01 runs rocky with --partition=2026-04, and the materializations land on 2026-04-01", () => {
    const r = run("partition-month");
    expect(r.success, failureText(r)).toBe(true);
    expect(userLogs(r)).toContain('rocky partition selector: {"partition":"2026-04"}');
    const argv =
      (invocations.get("partition-month") ?? []).find((i) => i.verb === "run")?.argv ?? [];
    expect(argv).toContain("--partition=2026-04");
    const mats = materializations(r);
    expect(mats).toHaveLength(3);
    for (const m of mats) expect(m.partition).toBe("2026-04-01");
  });
});

describeInterop(
  "bootstrap parameters: @dagster-rocky/pipes and Python dagster_pipes decode the same",
  () => {
    it("the parameters the real Dagster passed decode to the same context and messages params and data", () => {
      expect(run("bootstrap-probe").success).toBe(true);
      const probe = JSON.parse(readFileSync(join(work, "probe.json"), "utf8"));
      expect(probe.ours.context_params).toEqual(probe.python.context_params);
      expect(probe.ours.messages_params).toEqual(probe.python.messages_params);
      const py = probe.python.context_data;
      // Python's loader returns the file as written; ours normalises it (same fields, same values).
      for (const field of Object.keys(py)) {
        expect([field, probe.ours.context_data[field]]).toEqual([field, py[field]]);
      }
      expect(py.extras).toEqual(PROBE_EXTRAS);
      expect([...py.asset_keys].sort()).toEqual(ASSET_KEYS.map((k) => k.join("/")).sort());
    });

    it("values encoded by either side decode to the same value on the other", async () => {
      const values: unknown[] = [
        { path: "/tmp/dagster-pipes/context.json" },
        { stdio: "stderr" },
        { data: { run_id: "r", extras: PROBE_EXTRAS, asset_keys: ["a/b", "c\\/d"] } },
        "plain string",
        [1, "two", { three: 3 }],
        { emoji: "🚀", rtl: "שלום", combining: "e\u0301", long: "x".repeat(100_000) },
      ];
      const { stdout } = await runPython("pipes_params.py", [], {
        input: JSON.stringify({ decode: values.map((v) => encodePipesParam(v)), encode: values }),
      });
      const { decoded, encoded } = JSON.parse(stdout) as {
        decoded: { value: unknown }[];
        encoded: string[];
      };
      expect(decoded.map((d) => d.value)).toEqual(values);
      expect(encoded.map((e) => decodePipesParam(e))).toEqual(values);
    });
  },
);
