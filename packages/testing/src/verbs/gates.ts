/**
 * The gate and report verbs: `rocky ci` (ci.rs), `rocky compliance` (compliance.rs),
 * `rocky retention-status` (retention_status.rs), `rocky review --status` (review.rs),
 * `rocky hooks list|test` (hooks.rs), `rocky validate-migration` (validate_migration.rs) and
 * `rocky test-adapter` (test_adapter.rs).
 */
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { requireProject } from "../project/resolve.js";
import { AT, done, MODELS, positional, requireModel } from "./report-kit.js";

/** ci.rs: a failing gate prints the report then exits 1; warnings only report `exit_code: 4`. */
async function ci(ctx: Ctx): Promise<VerbResult> {
  const mode = ctx.behavior.ci ?? "pass";
  const fail = mode === "fail";
  const diagnostics: Json[] =
    mode === "warn"
      ? [
          {
            code: "W001",
            severity: "Warning",
            message: "unused column 'legacy_id'",
            model: "customer_orders",
          },
        ]
      : [];
  const json: JsonObject = {
    version: ctx.version,
    command: "ci",
    compile_ok: true,
    tests_ok: !fail,
    models_compiled: MODELS.length,
    tests_passed: fail ? 2 : 3,
    tests_failed: fail ? 1 : 0,
    exit_code: fail ? 1 : mode === "warn" ? 4 : 0,
    diagnostics,
    failures: fail
      ? [{ name: "revenue_summary", error: "assertion failed: 2 unexpected rows" }]
      : [],
  };
  return fail ? done(ctx, json, 1, "Error: CI failed") : done(ctx, json);
}

/** compliance.rs: `--fail-on exception` exits 1 after the report when exceptions exist. */
async function compliance(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const env = str(f, "env");
  const envs = env === null ? ["default", "prod"] : [env];
  const exc = ctx.behavior.complianceExceptions === true;
  const columns = [
    ["customer_orders", "customer_id", "pii"],
    ["customer_orders", "email", "pii"],
  ] as const;
  const exceptions = exc
    ? envs.map((e) => ({
        model: "customer_orders",
        column: "email",
        env: e,
        reason: "no masking strategy resolved",
      }))
    : [];
  let per_column = columns.map(([model, column, classification]) => ({
    model,
    column,
    classification,
    envs: envs.map((e) => ({
      env: e,
      masking_strategy: exc && column === "email" ? "none" : "hash",
      enforced: !(exc && column === "email"),
    })),
  }));
  if (bool(f, "exceptions-only"))
    per_column = per_column.filter((c) => exc && c.column === "email");
  const json: JsonObject = {
    version: ctx.version,
    command: "compliance",
    summary: {
      total_classified: columns.length,
      total_masked: columns.length - (exc ? 1 : 0),
      total_exceptions: exceptions.length,
    },
    per_column,
    exceptions,
  };
  if (exceptions.length > 0 && str(f, "fail-on") === "exception") {
    return done(ctx, json, 1, `Error: compliance check failed: ${exceptions.length} exception(s)`);
  }
  return done(ctx, json);
}

/** retention_status.rs: an unknown `--model` is refused since 1.71. */
async function retentionStatus(ctx: Ctx): Promise<VerbResult> {
  const model = str(ctx.parsed.flags, "model");
  if (model !== null) requireModel(model);
  const all = MODELS.slice(1).map(([name], i) => ({
    model: name,
    configured_days: i === 0 ? 90 : null,
    warehouse_days: null,
    in_sync: true,
  }));
  return done(ctx, {
    version: ctx.version,
    command: "retention-status",
    models: model === null ? all : all.filter((m) => m.model === model),
  });
}

/** review.rs `--status`: the marker's state; a malformed marker is an error (exit 1). */
async function review(ctx: Ctx): Promise<VerbResult> {
  if (!bool(ctx.parsed.flags, "status")) {
    throw new RuntimeFailure("rocky-sim emulates only `rocky review --status <plan-id>`");
  }
  const planId = ctx.parsed.positionals[0];
  if (planId === undefined) throw new RuntimeFailure("`rocky review --status` needs a plan id");
  const mode = ctx.behavior.review ?? "pending";
  if (mode === "invalid") {
    throw new RuntimeFailure(`review marker for plan '${planId}' is malformed`, [
      "expected a JSON object naming the plan",
    ]);
  }
  const json: JsonObject = {
    version: ctx.version,
    command: "review_status",
    plan_id: planId,
    kind: mode === "product" ? "run" : "ai_authored",
    reviewed: mode !== "pending",
  };
  if (mode !== "pending") {
    json.reviewed_at = AT;
    json.approver = {
      email: "reviewer@example.com",
      host: "sim-host",
      source: "local",
      name: "Reviewer",
    };
  }
  if (mode === "product") {
    json.product_id = "orders_product";
    json.spec_digest = `sha256:${"ab".repeat(32)}`;
  }
  return done(ctx, json);
}

/** rocky-core hooks/mod.rs: the events `hooks test` accepts. */
const KNOWN_EVENTS = [
  "on_pipeline_start",
  "on_discover_complete",
  "on_compile_complete",
  "on_pipeline_complete",
  "on_pipeline_error",
  "on_before_materialize",
  "on_after_materialize",
  "on_materialize_error",
  "on_before_model_run",
  "on_after_model_run",
  "on_model_error",
  "on_before_checks",
  "on_check_result",
  "on_after_checks",
  "on_drift_detected",
  "on_anomaly_detected",
  "on_state_synced",
  "on_budget_breach",
];

/** hooks.rs: `list` and `test <event>` print JSON without a `command` field. */
async function hooks(ctx: Ctx): Promise<VerbResult> {
  const mode = ctx.behavior.hooks ?? "default";
  // hooks.rs: both sub-verbs load the config first.
  await requireProject(ctx);
  if (ctx.parsed.subcommand === "list") {
    const list =
      mode === "none"
        ? []
        : [
            {
              event: "on_pipeline_start",
              command: "./hooks/notify.sh",
              timeout_ms: 5000,
              on_failure: "warn",
              env_keys: [],
            },
            {
              event: "on_materialize_error",
              command: "./hooks/page.sh",
              timeout_ms: 5000,
              on_failure: "abort",
              env_keys: ["PAGER_KEY"],
            },
          ];
    return done(ctx, { hooks: list, total: list.length });
  }
  const event = positional(ctx);
  if (!KNOWN_EVENTS.includes(event)) throw new RuntimeFailure(`unknown hook event: ${event}`);
  if (mode === "none") {
    return done(ctx, { event, status: "no_hooks", message: `No hooks configured for ${event}` });
  }
  if (mode === "abort") {
    return done(ctx, {
      event,
      status: "abort",
      result: 'Abort { reason: "hook exited 1 with on_failure = abort" }',
    });
  }
  return done(ctx, { event, status: "continue", result: "Continue" });
}

async function validateMigration(ctx: Ctx): Promise<VerbResult> {
  const dbt = str(ctx.parsed.flags, "dbt-project");
  if (dbt === null) {
    throw new RuntimeFailure("the following required arguments were not provided: --dbt-project");
  }
  const validations = MODELS.map(([name], i) => ({
    model: name,
    present_in_dbt: true,
    present_in_rocky: true,
    compile_ok: true,
    test_count: 1,
    contracts_generated: 1,
    warnings: i === 2 ? ["ref() to an ephemeral model was inlined"] : [],
  }));
  return done(ctx, {
    version: ctx.version,
    command: "validate-migration",
    project_name: "sim_dbt",
    dbt_version: "1.8.0",
    models_imported: validations.length,
    models_failed: 0,
    total_tests: 3,
    total_contracts: 3,
    total_warnings: 1,
    validations,
  });
}

/** test_adapter.rs: the report is printed, then a failed conformance test exits 1. */
async function testAdapter(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const adapter = str(f, "adapter") ?? str(f, "command");
  if (adapter === null) throw new RuntimeFailure("pass --adapter or --command");
  const raw = str(f, "adapter-config");
  if (raw !== null) {
    try {
      JSON.parse(raw);
    } catch {
      throw new RuntimeFailure("invalid --adapter-config: not JSON");
    }
  }
  const failing = ctx.behavior.failure === true;
  const names = ["connect", "create_table", "insert", "select", "drop_table"];
  const results = names.map((name, i) => ({
    name,
    category: "core",
    status: failing && i === names.length - 1 ? "failed" : "passed",
    duration_ms: 5,
    ...(failing && i === names.length - 1 ? { message: "table still exists after DROP" } : {}),
  }));
  const json: JsonObject = {
    adapter,
    sdk_version: "1.0.0",
    tests_run: names.length,
    tests_passed: names.length - (failing ? 1 : 0),
    tests_failed: failing ? 1 : 0,
    tests_skipped: 0,
    results,
  };
  return failing ? done(ctx, json, 1, "Error: 1 conformance test(s) failed") : done(ctx, json);
}

export {
  ci as handleCi,
  compliance as handleCompliance,
  hooks as handleHooks,
  retentionStatus as handleRetentionStatus,
  review as handleReview,
  testAdapter as handleTestAdapter,
  validateMigration as handleValidateMigration,
};
