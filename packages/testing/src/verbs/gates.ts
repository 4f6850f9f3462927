/**
 * The gate and report verbs: `rocky ci` (ci.rs), `rocky compliance` (compliance.rs),
 * `rocky retention-status` (retention_status.rs), `rocky review --status` (review.rs),
 * `rocky hooks list|test` (hooks.rs), `rocky validate-migration` (validate_migration.rs) and
 * `rocky test-adapter` (test_adapter.rs).
 */

import { basename, extname, join } from "node:path";
import { bool, type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { readPlan } from "../plans.js";
import { ConfigLoadError, loadProject } from "../project/config.js";
import { requireProject } from "../project/resolve.js";
import { modelsFor, testResults } from "./models.js";
import { AT, done, positional } from "./report-kit.js";

/** test_adapter.rs: the conformance tests, by category; skipped ones carry their reason. */
const CONFORMANCE: readonly (readonly [string, string, string | null])[] = [
  ["connect", "connection", null],
  ["create_table", "ddl", null],
  ["drop_table", "ddl", null],
  ["create_catalog", "ddl", "not supported"],
  ["create_schema", "ddl", null],
  ["insert_into", "dml", null],
  ["merge_into", "dml", null],
  ["describe_table", "query", null],
  ["table_exists_true", "query", null],
  ["table_exists_false", "query", null],
  ["execute_query", "query", null],
  ["type_string", "types", null],
  ["type_integer", "types", null],
  ["type_float", "types", null],
  ["type_boolean", "types", null],
  ["type_date", "types", null],
  ["type_timestamp", "types", null],
  ["type_null", "types", null],
  ["format_table_ref", "dialect", "dialect not available in this run mode"],
  ["watermark_where", "dialect", null],
  ["row_hash", "dialect", null],
  ["set_tags", "governance", "not supported"],
  ["get_grants", "governance", "not supported"],
  ["batch_row_counts", "batchchecks", "not supported"],
  ["batch_freshness", "batchchecks", "not supported"],
  ["discover", "discovery", "not supported"],
];

interface HookEntry {
  event: string;
  command: string;
  timeout_ms: number;
  on_failure: string;
  env_keys: string[];
}

/** The scenario's sample hooks (`hooks: "default"` / `"abort"`). */
const SAMPLE_HOOKS: readonly HookEntry[] = [
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

/** rocky-core hooks/mod.rs `HooksConfig`: `[[hook.<event>]]` with command, timeout_ms, on_failure, env. */
async function configuredHooks(ctx: Ctx): Promise<HookEntry[]> {
  const { parse } = await import("smol-toml");
  let doc: Record<string, unknown>;
  try {
    doc = parse(ctx.fs.read(ctx.configPath)) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: HookEntry[] = [];
  const table = doc.hook;
  if (table === null || typeof table !== "object" || Array.isArray(table)) return out;
  for (const [event, entries] of Object.entries(table as Record<string, unknown>)) {
    for (const e of Array.isArray(entries) ? entries : [entries]) {
      if (e === null || typeof e !== "object") continue;
      const h = e as Record<string, unknown>;
      if (typeof h.command !== "string") continue;
      out.push({
        event,
        command: h.command,
        timeout_ms: typeof h.timeout_ms === "number" ? h.timeout_ms : 30000,
        on_failure: typeof h.on_failure === "string" ? h.on_failure : "warn",
        env_keys: h.env !== null && typeof h.env === "object" ? Object.keys(h.env as object) : [],
      });
    }
  }
  return out;
}

/**
 * ci.rs: compile, then the local tests (as `rocky test` runs them); a failing gate prints the
 * report then exits 1; warnings only report `exit_code: 4`. The scenario's `ci` forces a verdict.
 */
async function ci(ctx: Ctx): Promise<VerbResult> {
  const models = await modelsFor(ctx);
  const tested = testResults(ctx, models, models);
  const mode = ctx.behavior.ci ?? (tested.failures.length > 0 ? "fail" : "pass");
  const fail = mode === "fail";
  const failures =
    fail && tested.failures.length === 0
      ? [
          {
            name: models[models.length - 1]?.name ?? "model",
            error: "assertion failed: 2 unexpected rows",
          },
        ]
      : tested.failures;
  const diagnostics: Json[] =
    mode === "warn"
      ? [
          {
            code: "W001",
            severity: "Warning",
            message: "unused column 'legacy_id'",
            model: models[0]?.name ?? "model",
          },
        ]
      : [];
  const json: JsonObject = {
    version: ctx.version,
    command: "ci",
    compile_ok: true,
    tests_ok: !fail,
    models_compiled: models.length,
    tests_passed: models.length - failures.length,
    tests_failed: failures.length,
    exit_code: fail ? 1 : mode === "warn" ? 4 : 0,
    diagnostics,
    failures,
  };
  return fail ? done(ctx, json, 1, "Error: CI failed") : done(ctx, json);
}

/**
 * compliance.rs: the classified columns of the models' `[classification]` blocks against
 * `[mask]`. rocky-sim's models classify nothing, so the rollup is empty unless the scenario's
 * `complianceExceptions` reports one unmasked column per environment (`--fail-on exception`
 * then exits 1 after the report).
 */
async function compliance(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const env = str(f, "env");
  const envs = env === null ? ["default", "prod"] : [env];
  const exc = ctx.behavior.complianceExceptions === true;
  const exceptions = exc
    ? envs.map((e) => ({
        model: "customer_orders",
        column: "email",
        env: e,
        reason: "no masking strategy resolved",
      }))
    : [];
  const perColumn = exc
    ? [
        {
          model: "customer_orders",
          column: "email",
          classification: "pii",
          envs: envs.map((e) => ({ env: e, masking_strategy: "none", enforced: false })),
        },
      ]
    : [];
  const json: JsonObject = {
    version: ctx.version,
    command: "compliance",
    summary: {
      total_classified: perColumn.length,
      total_masked: 0,
      total_exceptions: exceptions.length,
    },
    per_column: perColumn,
    exceptions,
  };
  if (exceptions.length > 0 && str(f, "fail-on") === "exception") {
    return done(ctx, json, 1, `Error: compliance check failed: ${exceptions.length} exception(s)`);
  }
  return done(ctx, json);
}

/** retention_status.rs: every model (an unknown `--model` is refused since 1.71). */
async function retentionStatus(ctx: Ctx): Promise<VerbResult> {
  let project: Awaited<ReturnType<typeof loadProject>>;
  try {
    project = await loadProject(ctx.configPath, ctx.fs);
  } catch (err) {
    if (!(err instanceof ConfigLoadError)) throw err;
    throw new RuntimeFailure("failed to compile project for retention-status", [
      `failed to load Rocky config from ${ctx.configPath}`,
      err.message,
    ]);
  }
  void project;
  const models = await modelsFor(ctx);
  const model = str(ctx.parsed.flags, "model");
  if (model !== null && !models.some((m) => m.name === model)) {
    throw new RuntimeFailure(`model '${model}' not found (no transformation model with that name)`);
  }
  return done(ctx, {
    version: ctx.version,
    command: "retention-status",
    models: models
      .filter((m) => model === null || m.name === model)
      .map((m) => ({ model: m.name, in_sync: true })),
  });
}

/**
 * review.rs `--status`: reads the plan (`.rocky/plans/<id>.json`), then its review marker; the
 * scenario's `review` gives the marker's state. A malformed marker is an error (exit 1).
 */
async function review(ctx: Ctx): Promise<VerbResult> {
  if (!bool(ctx.parsed.flags, "status")) {
    throw new RuntimeFailure("rocky-sim emulates only `rocky review --status <plan-id>`");
  }
  const planId = ctx.parsed.positionals[0];
  if (planId === undefined) throw new RuntimeFailure("`rocky review --status` needs a plan id");
  try {
    await readPlan(process.cwd(), planId);
  } catch (err) {
    throw new RuntimeFailure(`failed to read plan '${planId}' for status`, [
      (err as Error).message,
    ]);
  }
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

/**
 * hooks.rs: `list` and `test <event>` print JSON without a `command` field. The hooks are the
 * config's `[[hook.<event>]]` entries; the scenario's `hooks` replaces them ("default": two hooks,
 * "abort": a test aborts, "none": no hooks).
 */
async function hooks(ctx: Ctx): Promise<VerbResult> {
  await requireProject(ctx);
  const configured = await configuredHooks(ctx);
  const mode = ctx.behavior.hooks;
  const list = mode === "none" ? [] : mode === undefined ? configured : SAMPLE_HOOKS;
  if (ctx.parsed.subcommand === "list") {
    return done(ctx, {
      hooks: list.map((h) => ({ ...h, env_keys: [...h.env_keys] })),
      total: list.length,
    });
  }
  const event = positional(ctx);
  if (!KNOWN_EVENTS.includes(event)) throw new RuntimeFailure(`unknown hook event: ${event}`);
  if (!list.some((h) => h.event === event)) {
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

/** validate_migration.rs: the dbt project's `models/` folder must exist. */
async function validateMigration(ctx: Ctx): Promise<VerbResult> {
  const dbt = str(ctx.parsed.flags, "dbt-project") as string;
  const dbtModels = join(dbt, "models");
  if (!ctx.fs.isDir(dbtModels)) {
    throw new RuntimeFailure(`no models directory found (checked: ${dbtModels})`);
  }
  const names = ctx.fs
    .walk(dbtModels)
    .filter((f) => extname(f) === ".sql")
    .map((f) => basename(f, ".sql"));
  const validations = names.map((model) => ({
    model,
    present_in_dbt: true,
    present_in_rocky: true,
    compile_ok: true,
    test_count: 0,
    contracts_generated: 0,
    warnings: [],
  }));
  return done(ctx, {
    version: ctx.version,
    command: "validate-migration",
    project_name: basename(dbt),
    dbt_version: null,
    models_imported: validations.length,
    models_failed: 0,
    total_tests: 0,
    total_contracts: 0,
    total_warnings: 0,
    validations,
  });
}

/** test_adapter.rs: the conformance suite; the scenario's `failure` fails the last test run. */
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
  const ran = CONFORMANCE.filter(([, , skip]) => skip === null);
  const lastRun = ran[ran.length - 1]?.[0];
  const results = CONFORMANCE.map(([name, category, skip]) => {
    if (skip !== null) return { name, category, status: "skipped", message: skip, duration_ms: 0 };
    if (failing && name === lastRun) {
      return {
        name,
        category,
        status: "failed",
        message: "simulated conformance failure",
        duration_ms: 0,
      };
    }
    return { name, category, status: "passed", duration_ms: 0 };
  });
  const json: JsonObject = {
    adapter,
    sdk_version: ctx.version,
    tests_run: ran.length,
    tests_passed: ran.length - (failing ? 1 : 0),
    tests_failed: failing ? 1 : 0,
    tests_skipped: CONFORMANCE.length - ran.length,
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
