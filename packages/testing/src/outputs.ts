/**
 * Builders for the JSON documents rocky prints with `--output json`. Field names and shapes follow
 * the rocky 1.7x JSON Schemas (run, plan, discover, state, doctor, compile, test, compare).
 */
import type { CommandBehavior, SimFailureKind } from "./types.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const CATALOG = "warehouse";
export const DEFAULT_TABLES: readonly string[] = ["orders", "customers", "payments"];
export const DEFAULT_SHADOW_SUFFIX = "_rocky_shadow";

/** FNV-1a 32-bit: a stable, dependency-free hash for deterministic fake numbers. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function rowsFor(schema: string, table: string): number {
  return 1000 + (stableHash(`${schema}.${table}`) % 99000);
}

/** Where the tables of one run land. */
export interface TargetSpec {
  filter: string;
  /** Value of the filter (right of the first `=`). */
  filterValue: string;
  tables: readonly string[];
  shadow: boolean;
  shadowSuffix: string;
  shadowSchema: string | null;
  branch: string | null;
}

export interface Target {
  table: string;
  /** Production (non-shadow) schema. */
  schema: string;
  /** Written schema/table (shadow rewrite applied). */
  outSchema: string;
  outTable: string;
  fullName: string;
  productionFullName: string;
  assetKey: string[];
  rows: number;
}

export function targetsOf(spec: TargetSpec): Target[] {
  const schema = `staging__${spec.filterValue}`;
  return spec.tables.map((table) => {
    let outSchema = schema;
    let outTable = table;
    if (spec.branch !== null) outSchema = `branch__${spec.branch}`;
    else if (spec.shadow && spec.shadowSchema !== null) outSchema = spec.shadowSchema;
    else if (spec.shadow) outTable = `${table}${spec.shadowSuffix}`;
    return {
      table,
      schema,
      outSchema,
      outTable,
      fullName: `${CATALOG}.${outSchema}.${outTable}`,
      productionFullName: `${CATALOG}.${schema}.${table}`,
      assetKey: [CATALOG, outSchema, outTable],
      rows: rowsFor(schema, table),
    };
  });
}

export function materialization(t: Target, startedAt: string): JsonObject {
  return {
    asset_key: t.assetKey,
    rows_copied: t.rows,
    duration_ms: 5 + (t.rows % 250),
    started_at: startedAt,
    metadata: {
      strategy: "full_refresh",
      watermark: startedAt,
      target_table_full_name: t.fullName,
    },
    cost_usd: 0.0,
  };
}

export interface RunResult {
  json: JsonObject;
  exitCode: number;
  targets: Target[];
  failed: Set<string>;
  /** Optional error line for stderr after the output. */
  error?: string;
}

export interface RunExtras {
  version: string;
  parallel: number | null;
  idempotencyKey: string | null;
  startedAt: string;
}

export function buildRun(
  spec: TargetSpec,
  extras: RunExtras,
  behavior: CommandBehavior,
): RunResult {
  const targets = targetsOf(spec);
  const failed = new Set<string>();
  let failureKind: SimFailureKind = "query-rejected";
  if (behavior.failure === true) {
    for (const t of targets) failed.add(t.table);
    failureKind = "connection-failed";
  } else if (behavior.partialFailure !== undefined && behavior.partialFailure !== false) {
    const pf = behavior.partialFailure;
    const names = pf === true ? undefined : pf.tables;
    if (pf !== true && pf.failureKind !== undefined) failureKind = pf.failureKind;
    if (names === undefined || names.length === 0) {
      const last = targets[targets.length - 1];
      if (last !== undefined) failed.add(last.table);
    } else {
      for (const name of names) failed.add(name);
    }
  }
  const ok = targets.filter((t) => !failed.has(t.table));
  const bad = targets.filter((t) => failed.has(t.table));
  const status =
    bad.length === 0 ? "Success" : ok.length === 0 && bad.length > 0 ? "Failure" : "PartialFailure";
  const mats = ok.map((t) => materialization(t, extras.startedAt));
  const durations = ok.map((t) => 5 + (t.rows % 250)).sort((a, b) => a - b);
  const pct = (p: number): number =>
    durations.length === 0
      ? 0
      : (durations[Math.min(durations.length - 1, Math.floor((durations.length * p) / 100))] ?? 0);
  const json: JsonObject = {
    version: extras.version,
    command: "run",
    status,
    pipeline_type: "replication",
    filter: spec.filter,
    duration_ms: durations.reduce((a, b) => a + b, 0),
    tables_copied: ok.length,
    tables_failed: bad.length,
    materializations: mats,
    check_results: [],
    execution: {
      concurrency: extras.parallel ?? 4,
      tables_processed: targets.length,
      tables_failed: bad.length,
    },
    metrics: {
      tables_processed: targets.length,
      tables_failed: bad.length,
      error_rate_pct: targets.length === 0 ? 0 : (bad.length * 100) / targets.length,
      statements_executed: ok.length * 2,
      retries_attempted: 0,
      retries_succeeded: 0,
      anomalies_detected: 0,
      table_duration_p50_ms: pct(50),
      table_duration_p95_ms: pct(95),
      table_duration_max_ms: durations[durations.length - 1] ?? 0,
      query_duration_p50_ms: pct(50),
      query_duration_p95_ms: pct(95),
      query_duration_max_ms: durations[durations.length - 1] ?? 0,
    },
    permissions: {
      grants_added: 0,
      grants_revoked: 0,
      catalogs_created: 0,
      schemas_created: new Set(ok.map((t) => t.outSchema)).size,
    },
    drift: { tables_checked: targets.length, tables_drifted: 0, actions_taken: [] },
    interrupted: false,
    cost_summary: {
      total_cost_usd: 0.0,
      total_duration_ms: durations.reduce((a, b) => a + b, 0),
      per_model: ok.map((t) => ({
        asset_key: t.assetKey,
        duration_ms: 5 + (t.rows % 250),
        cost_usd: 0.0,
      })),
      adapter_type: "duckdb",
    },
  };
  if (bad.length > 0) {
    json.errors = bad.map((t) => ({
      asset_key: t.assetKey,
      error: `simulated ${failureKind} while copying ${t.fullName}`,
      failure_kind: failureKind,
    }));
  }
  if (spec.shadow || spec.branch !== null) json.shadow = true;
  if (extras.idempotencyKey !== null) json.idempotency_key = extras.idempotencyKey;
  if (status === "Failure") {
    return {
      json,
      exitCode: 1,
      targets,
      failed,
      error: `Error: run failed: all ${bad.length} table(s) failed`,
    };
  }
  return { json, exitCode: status === "PartialFailure" ? 2 : 0, targets, failed };
}

export function buildPlanOutput(
  spec: TargetSpec,
  version: string,
  planId: string,
  createdAt: string,
  env: string | null,
): JsonObject {
  const statements: Json[] = [];
  const schemas = new Set<string>();
  for (const t of targetsOf(spec)) {
    if (!schemas.has(t.outSchema)) {
      schemas.add(t.outSchema);
      statements.push({
        purpose: "create_schema",
        target: `${CATALOG}.${t.outSchema}`,
        sql: `CREATE SCHEMA IF NOT EXISTS ${CATALOG}.${t.outSchema}`,
      });
    }
    statements.push({
      purpose: "full_refresh_copy",
      target: t.fullName,
      sql: `CREATE OR REPLACE TABLE ${t.fullName} AS\nSELECT *\nFROM raw__${spec.filterValue}.${t.table}`,
    });
  }
  const json: JsonObject = {
    version,
    command: "plan",
    filter: spec.filter,
    statements,
    plan_id: planId,
    plan_kind: "run",
    created_at: createdAt,
    models: [],
    execution_layers: [],
  };
  if (env !== null) json.env = env;
  return json;
}

export function buildCompare(
  spec: TargetSpec,
  version: string,
  scenario: "pass" | "warn" | "fail",
): { json: JsonObject; exitCode: number; error?: string } {
  const targets = targetsOf({ ...spec, shadow: true, branch: null });
  const warnIdx = targets.length > 1 ? 1 : 0;
  const failIdx = targets.length - 1;
  let passed = 0;
  let warned = 0;
  let failed = 0;
  const results = targets.map((t, i) => {
    let shadowCount = t.rows;
    let verdict = "pass";
    const schemaDiffs: string[] = [];
    if (scenario === "warn" && i === warnIdx) {
      shadowCount = Math.round(t.rows * 1.02);
      verdict = "warn";
    } else if (scenario === "fail" && i === failIdx) {
      schemaDiffs.push("column 'amount' type changed: DECIMAL(18,2) -> DOUBLE");
      schemaDiffs.push("column 'legacy_id' missing in shadow");
      verdict = "fail";
    }
    if (verdict === "pass") passed++;
    else if (verdict === "warn") warned++;
    else failed++;
    return {
      production_table: t.productionFullName,
      shadow_table: t.fullName,
      production_count: t.rows,
      shadow_count: shadowCount,
      row_count_match: shadowCount === t.rows,
      // A fraction, as the engine reports it (0.02 = 2%).
      row_count_diff_pct:
        t.rows === 0 ? (shadowCount === 0 ? 0 : 1) : Math.abs(shadowCount - t.rows) / t.rows,
      schema_match: schemaDiffs.length === 0,
      schema_diffs: schemaDiffs,
      verdict,
    };
  });
  const overall = failed > 0 ? "fail" : warned > 0 ? "warn" : "pass";
  const json: JsonObject = {
    version,
    command: "compare",
    filter: spec.filter,
    tables_compared: targets.length,
    tables_passed: passed,
    tables_warned: warned,
    tables_failed: failed,
    overall_verdict: overall,
    results,
  };
  if (failed > 0) {
    return {
      json,
      exitCode: 1,
      error: `Error: shadow comparison failed: ${failed} table(s) failed`,
    };
  }
  return { json, exitCode: 0 };
}

const DOCTOR_CHECKS: readonly [string, string][] = [
  ["config", "Config syntax valid"],
  ["state", "State store healthy (3 watermarks)"],
  ["state_schema", "state schema v22 matches this binary"],
  ["adapters", "1 adapter(s) configured"],
  ["pipelines", "1 pipeline(s) valid"],
  ["state_sync", "State backend: local"],
  ["auth", "All 1 warehouse adapter(s) authenticated"],
];

export function buildDoctor(
  scenario: "healthy" | "warning" | "critical",
  check: string | null,
): { json: JsonObject; exitCode: number } {
  const suggestions: string[] = [];
  let checks = DOCTOR_CHECKS.map(([name, message]) => {
    let status = "healthy";
    let msg = message;
    if (scenario !== "healthy" && name === "state_sync") {
      status = "warning";
      msg = "State backend: local (state is not shared between workers)";
      suggestions.push("Configure a remote state backend in [state] to share watermarks");
    }
    if (scenario === "critical" && name === "adapters") {
      status = "critical";
      msg = "Adapter 'default' unreachable: connection refused";
      suggestions.push("Check the adapter credentials (for example the DATABRICKS_TOKEN variable)");
    }
    return { name, status, message: msg, duration_ms: stableHash(name) % 20 };
  });
  if (check !== null) checks = checks.filter((c) => c.name === check);
  const overall = checks.some((c) => c.status === "critical")
    ? "critical"
    : checks.some((c) => c.status === "warning")
      ? "warning"
      : "healthy";
  return {
    json: { command: "doctor", overall, checks, suggestions },
    exitCode: overall === "critical" ? 3 : 0,
  };
}

export const DISCOVER_SOURCES: readonly string[] = ["acme", "globex", "initech"];

export function buildDiscover(
  version: string,
  tables: readonly string[],
  withSchemas: boolean,
): JsonObject {
  return {
    version,
    command: "discover",
    sources: DISCOVER_SOURCES.map((tenant) => ({
      id: `raw__${tenant}`,
      components: { tenant },
      source_type: "duckdb",
      last_sync_at: null,
      tables: tables.map((name) =>
        withSchemas ? { name, row_count: rowsFor(`staging__${tenant}`, name) } : { name },
      ),
    })),
  };
}

export function buildState(version: string, tables: readonly string[], at: string): JsonObject {
  return {
    version,
    command: "state",
    watermarks: DISCOVER_SOURCES.flatMap((tenant) =>
      tables.map((t) => ({
        table: `${CATALOG}.staging__${tenant}.${t}`,
        last_value: at,
        updated_at: at,
      })),
    ),
    schema_version_supported: 22,
    schema_version_on_disk: 22,
  };
}

const MODELS: readonly [string, string, string[]][] = [
  ["raw_orders", "staging", []],
  ["customer_orders", "silver", ["raw_orders"]],
  ["revenue_summary", "gold", ["customer_orders"]],
];

export function buildCompile(
  version: string,
  failure: boolean,
  model: string | null,
): { json: JsonObject; exitCode: number; error?: string } {
  const models = MODELS.filter(([name]) => model === null || name === model);
  const diagnostics: Json[] = failure
    ? [
        {
          code: "E010",
          severity: "Error",
          message: "unknown column 'amount_usd' in revenue_summary",
          model: "revenue_summary",
          span: { file: "models/revenue_summary.sql", line: 3, col: 5 },
          suggestion: "did you mean 'amount'?",
        },
      ]
    : [];
  const json: JsonObject = {
    version,
    command: "compile",
    models: models.length,
    execution_layers: models.length,
    diagnostics,
    has_errors: failure,
    compile_timings: {
      project_load_ms: 1,
      semantic_graph_ms: 1,
      typecheck_ms: 1,
      typecheck_join_keys_ms: 0,
      contracts_ms: 0,
      total_ms: 3,
    },
    models_detail: models.map(([name, schema, deps]) => ({
      name,
      strategy: { type: "full_refresh" },
      target: { catalog: CATALOG, schema, table: name },
      depends_on: deps,
    })),
  };
  return failure
    ? { json, exitCode: 1, error: "Error: compilation failed with 1 error(s)" }
    : { json, exitCode: 0 };
}

export function buildTest(
  version: string,
  failure: boolean,
  model: string | null,
): { json: JsonObject; exitCode: number; error?: string } {
  const models = MODELS.filter(([name]) => model === null || name === model).map(([m]) => m);
  const failing = failure ? (models[models.length - 1] ?? null) : null;
  const json: JsonObject = {
    version,
    command: "test",
    total: models.length,
    passed: models.length - (failing === null ? 0 : 1),
    failed: failing === null ? 0 : 1,
    failures:
      failing === null
        ? []
        : [{ name: failing, error: `assertion failed: ${failing} returned 2 unexpected rows` }],
    model_results: models.map((m) =>
      m === failing
        ? { model: m, status: "fail", error: "assertion failed: 2 unexpected rows" }
        : { model: m, status: "pass" },
    ),
  };
  return failing === null
    ? { json, exitCode: 0 }
    : { json, exitCode: 1, error: "Error: 1 test(s) failed" };
}

/** A deliberately schema-violating document for the "invalid-schema" output mode. */
export function invalidSchemaDoc(command: string, version: string): JsonObject {
  return {
    version,
    command,
    status: 42,
    materializations: "not-an-array",
    checks: { not: "an array" },
    results: null,
    overall: ["critical"],
  };
}

/** Very small text renderer for `--output table` / `--output md`. */
export function renderText(json: JsonObject, format: "table" | "md"): string {
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(json)) {
    if (v === null || typeof v !== "object") rows.push([k, String(v)]);
    else if (Array.isArray(v)) rows.push([k, `${v.length} item(s)`]);
  }
  if (format === "md") {
    return `| field | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")}\n`;
  }
  const w = Math.max(...rows.map(([k]) => k.length), 5);
  return `${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n`;
}
