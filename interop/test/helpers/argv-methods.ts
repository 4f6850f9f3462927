// The argv differential's table: one row per method that RockyResource and a Python anchor
// (dagster-rocky 1.74.0's RockyResource, rocky-sdk 0.29.0's RockyClient) both have, with every
// option both sides take as an axis of values. A method added to either side is one row here;
// argv.diff.test.ts fails while a TS method with a Python counterpart has none.

/** Where a value goes on each side: our option keys, and the Python keyword arguments. */
export interface AxisValue {
  readonly ts?: Readonly<Record<string, unknown>>;
  readonly py?: Readonly<Record<string, unknown>>;
  /** Refused by us whatever it is combined with: called alone when the row is pairwise. */
  readonly alone?: true;
}

/** One option: its values, the first being the default (usually the option left out). */
export type Axis = readonly AxisValue[];

export type PythonSide = "client" | "resource";

export interface MethodRow {
  /** Our RockyResource method. */
  readonly ts: string;
  /** The Python method (snake_case), on every side in `sides`. */
  readonly py: string;
  /** The Python classes that have the method (default both). */
  readonly sides?: readonly PythonSide[];
  /** Our option passed as the method's first argument (`lineage(target, options)`). */
  readonly positional?: string;
  /** Every option both sides take, by name. */
  readonly axes: Readonly<Record<string, Axis>>;
  /** Further cases (over the defaults): combinations rocky's clap refuses, called on purpose. */
  readonly extra?: readonly AxisValue[];
  /** Values over the defaults that make a call both sides spawn, where the defaults alone do not. */
  readonly valid?: AxisValue;
}

/** The option left out, on both sides. */
export const ABSENT: AxisValue = {};
/** The same value under our key and the Python keyword. */
export const both = (ts: string, py: string, value: unknown): AxisValue => ({
  ts: { [ts]: value },
  py: { [py]: value },
});
/** An option with the same name on both sides, left out or set to each value. */
const opt = (ts: string, py: string, ...values: unknown[]): Axis => [
  ABSENT,
  ...values.map((v) => both(ts, py, v)),
];
/** A required option (no "absent" value). */
const req = (ts: string, py: string, ...values: unknown[]): Axis =>
  values.map((v) => both(ts, py, v));

export const PLAN_ID = "a".repeat(64);
const GOVERNANCE = {
  workspace_ids: [{ id: 101 }, { id: 202, binding_type: "READ_ONLY" }],
  grants: [{ principal: "g", permissions: ["SELECT"] }],
};
const governance: Axis = [
  ABSENT,
  both("governanceOverride", "governance_override", {}),
  both("governanceOverride", "governance_override", GOVERNANCE),
  both("governanceOverride", "governance_override", {
    workspace_ids: [],
    allow_empty_workspace_ids: true,
  }),
];
/**
 * The partition selectors of run and run_model: one option, as rocky's clap allows one
 * (`conflicts_with_all`, main.rs); two together are the rows' `extra` cases.
 */
const partitionAxes = {
  selector: [
    ABSENT,
    both("partition", "partition", "2026-01-01"),
    {
      ts: { from: "2026-01-01", to: "2026-01-31" },
      py: { partition_from: "2026-01-01", partition_to: "2026-01-31" },
    },
    // Half a range: rocky-sdk drops it silently, we refuse it.
    { ts: { from: "2026-01-01" }, py: { partition_from: "2026-01-01" }, alone: true },
    { ts: { to: "2026-01-31" }, py: { partition_to: "2026-01-31" }, alone: true },
    both("latest", "latest", true),
    both("missing", "missing", true),
  ],
  lookback: opt("lookback", "lookback", 0, 3),
  parallel: opt("parallel", "parallel", 4),
} satisfies Record<string, Axis>;
/** Two or more partition selectors together, which rocky's clap refuses. */
const selectorConflicts: readonly AxisValue[] = [
  { ts: { partition: "2026-01-01", latest: true }, py: { partition: "2026-01-01", latest: true } },
  {
    ts: { from: "2026-01-01", to: "2026-01-31", missing: true },
    py: { partition_from: "2026-01-01", partition_to: "2026-01-31", missing: true },
  },
  {
    ts: {
      partition: "2026-01-01",
      from: "2026-01-01",
      to: "2026-01-31",
      latest: true,
      missing: true,
    },
    py: {
      partition: "2026-01-01",
      partition_from: "2026-01-01",
      partition_to: "2026-01-31",
      latest: true,
      missing: true,
    },
  },
];

export const METHOD_ROWS: readonly MethodRow[] = [
  {
    ts: "run",
    py: "run",
    axes: {
      filter: req("filter", "filter", "source=shop", "tenant=a b"),
      pipeline: opt("pipeline", "pipeline", "silver"),
      governanceOverride: governance,
      runModels: opt("runModels", "run_models", true),
      ...partitionAxes,
      shadowSuffix: opt("shadowSuffix", "shadow_suffix", "_dagster_pr_42"),
      idempotencyKey: opt("idempotencyKey", "idempotency_key", "run-2026-01-01"),
      defer: [
        ABSENT,
        both("defer", "defer", true),
        {
          ts: { defer: true, deferTo: "analytics_prod" },
          py: { defer: true, defer_to: "analytics_prod" },
        },
        // --defer-to without --defer: rocky's clap refuses it (`requires = "defer"`), so do we.
        { ts: { deferTo: "analytics_prod" }, py: { defer_to: "analytics_prod" }, alone: true },
      ],
    },
    extra: selectorConflicts,
  },
  {
    ts: "plan",
    py: "plan",
    axes: {
      filter: opt("filter", "filter", "source=shop"),
      pipeline: opt("pipeline", "pipeline", "silver"),
      env: opt("env", "env", "prod"),
    },
  },
  {
    ts: "apply",
    py: "apply",
    positional: "planId",
    axes: {
      planId: req("planId", "plan_id", PLAN_ID),
      expectSpecDigest: opt("expectSpecDigest", "expect_spec_digest", "sha256:0a1b"),
    },
  },
  {
    ts: "discover",
    py: "discover",
    axes: {
      pipeline: opt("pipeline", "pipeline", "bronze"),
      emitFivetranStateTo: opt("emitFivetranStateTo", "emit_fivetran_state_to", "out/state.json"),
    },
  },
  { ts: "state", py: "state", axes: {} },
  { ts: "doctor", py: "doctor", axes: { check: opt("check", "check", "state_rw") } },
  { ts: "compile", py: "compile", axes: { model: opt("model", "model_filter", "orders") } },
  { ts: "test", py: "test", axes: { model: opt("model", "model_filter", "orders") } },
  {
    ts: "resumeRun",
    py: "resume_run",
    positional: "runId",
    axes: {
      runId: opt("runId", "run_id", "run-20260101"),
      filter: opt("filter", "filter", "source=shop"),
      governanceOverride: governance,
    },
  },
  {
    ts: "runModel",
    py: "run_model",
    positional: "name",
    axes: {
      name: req("name", "model_name", "orders"),
      pipeline: opt("pipeline", "pipeline", "silver"),
      filter: opt("filter", "filter", "source=shop"),
      ...partitionAxes,
    },
    extra: selectorConflicts,
  },
  {
    ts: "branchApprove",
    py: "branch_approve",
    positional: "name",
    axes: {
      name: req("name", "name", "feature_x"),
      message: opt("message", "message", "ship it"),
      out: opt("out", "out", "approvals/x.json"),
    },
  },
  {
    ts: "branchPromote",
    py: "branch_promote",
    positional: "name",
    axes: {
      name: req("name", "name", "feature_x"),
      filter: opt("filter", "filter", "source=shop"),
      skipApproval: opt("skipApproval", "skip_approval", true),
    },
  },
  {
    ts: "planPromote",
    py: "plan_promote",
    positional: "name",
    axes: {
      name: req("name", "name", "feature_x"),
      base: opt("base", "base", "main", "develop"),
      allowBreaking: opt("allowBreaking", "allow_breaking", true),
      filter: opt("filter", "filter", "source=shop"),
    },
  },
  ...(["Verify", "Compile", "Approve", "Status"] as const).map(
    (w): MethodRow => ({
      ts: `product${w}`,
      py: `product_${w.toLowerCase()}`,
      positional: "product",
      axes: { product: req("product", "product", "orders_mart") },
    }),
  ),
  {
    ts: "lineage",
    py: "lineage",
    positional: "target",
    axes: {
      target: req("target", "target", "customer_orders"),
      column: opt("column", "column", "amount"),
    },
  },
  { ts: "catalog", py: "catalog", axes: { out: opt("out", "out", "out dir") } },
  {
    ts: "dag",
    py: "dag",
    axes: {
      columnLineage: opt("columnLineage", "column_lineage", true),
      // rocky-sdk's RockyClient.dag() sends --models by default; dagster-rocky's (and ours)
      // sends none, which RockyClient.dag(models_dir=None) asks for explicitly.
      modelsDir: [
        ABSENT,
        { ts: {}, py: { models_dir: null } },
        both("modelsDir", "models_dir", "src/models"),
      ],
    },
  },
  {
    ts: "history",
    py: "history",
    axes: {
      model: opt("model", "model", "orders"),
      since: opt("since", "since", "2026-01-01"),
    },
  },
  {
    ts: "metrics",
    py: "metrics",
    positional: "model",
    axes: {
      model: req("model", "model", "orders"),
      trend: opt("trend", "trend", true),
      column: opt("column", "column", "amount"),
      alerts: opt("alerts", "alerts", true),
    },
  },
  { ts: "optimize", py: "optimize", axes: { model: opt("model", "model", "orders") } },
  {
    ts: "cost",
    py: "cost",
    positional: "target",
    axes: { target: opt("target", "run_id", "latest", "run-20260101") },
  },
  { ts: "ci", py: "ci", axes: {} },
  { ts: "compliance", py: "compliance", axes: { env: opt("env", "env", "prod") } },
  // rocky retention-status has no --env: rocky-sdk raises ValueError, our options refuse it.
  { ts: "retentionStatus", py: "retention_status", axes: { env: opt("env", "env", "prod") } },
  {
    ts: "reviewStatus",
    py: "review_status",
    positional: "planId",
    axes: { planId: req("planId", "plan_id", PLAN_ID) },
  },
  { ts: "hooksList", py: "hooks_list", axes: {} },
  {
    ts: "hooksTest",
    py: "hooks_test",
    positional: "event",
    axes: { event: req("event", "event", "on_pipeline_start") },
  },
  {
    ts: "validateMigration",
    py: "validate_migration",
    axes: {
      dbtProject: req("dbtProject", "dbt_project", "dbt_proj"),
      rockyProject: opt("rockyProject", "rocky_project", "rocky_proj"),
      sampleSize: opt("sampleSize", "sample_size", 100),
    },
  },
  {
    ts: "testAdapter",
    py: "test_adapter",
    axes: {
      adapter: opt("adapter", "adapter", "duckdb"),
      command: opt("command", "command", "./bin/rocky-adapter"),
    },
    valid: both("adapter", "adapter", "duckdb"),
  },
  {
    ts: "ai",
    py: "ai",
    positional: "intent",
    axes: {
      intent: req("intent", "intent", "orders per day"),
      format: opt("format", "format", "rocky", "sql"),
    },
  },
  {
    ts: "aiSync",
    py: "ai_sync",
    axes: {
      apply: opt("apply", "apply", true),
      model: opt("model", "model", "orders"),
      withIntent: opt("withIntent", "with_intent", true),
    },
  },
  ...(
    [
      ["aiExplain", "ai_explain"],
      ["aiTest", "ai_test"],
    ] as const
  ).map(
    ([ts, py]): MethodRow => ({
      ts,
      py,
      positional: "model",
      axes: {
        model: opt("model", "model", "orders"),
        all: opt("all", "all", true),
        save: opt("save", "save", true),
      },
      valid: both("model", "model", "orders"),
    }),
  ),
  {
    ts: "aiContract",
    py: "ai_contract",
    positional: "model",
    axes: { model: req("model", "model", "orders"), save: opt("save", "save", true) },
  },
  {
    ts: "stateHealth",
    py: "state_health",
    sides: ["resource"],
    axes: { probeWrite: opt("probeWrite", "probe_write", true) },
  },
];

/**
 * The methods of the verbs engines newer than 1.71 added, runCli and validateGovernanceOverride:
 * their argv differential is argv-newer.diff.test.ts (every option and every combination, against
 * both Python classes), whose first test fails unless it covers each of them. No row here.
 */
export const COVERED_IN_ARGV_NEWER: ReadonlySet<string> = new Set([
  "freshness",
  "costByProduct",
  "productList",
  "productJournal",
  "packageList",
  "packageAdd",
  "packageUpdate",
  "packageRemove",
  "reconcileWatermark",
  "scheduleSpool",
  "profile",
  "runCli",
  "validateGovernanceOverride",
]);

/**
 * Python methods with no method of the same name here, and what does their job (docs/parity.md,
 * "Methods"): no argv to compare.
 */
export const DONE_ANOTHER_WAY: Readonly<Record<string, string>> = {
  runStreaming: "run({ onLog }): rocky's stderr lines as they arrive",
  runPipes: "@dagster-rocky/pipes: the Node step is the Pipes process",
  setupForExecution: "RockyResource.create({ strictDoctor }): the doctor gate at startup",
};

/** snake_case → camelCase. */
export const camel = (name: string): string =>
  name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
