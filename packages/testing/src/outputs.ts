/**
 * Builders for the JSON documents rocky prints with `--output json`. Field names and shapes follow
 * the rocky 1.7x JSON Schemas (run, plan, discover, state, doctor, compile, test, compare).
 */
import type { SimProject } from "./project.js";
import type { CommandBehavior, SimFailureKind } from "./types.js";

/** A JSON value, as rocky prints it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
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

/** One discovered source (a connector): rocky-core source.rs `DiscoveredConnector`. */
export interface SimSource {
  id: string;
  schema: string;
  sourceType: string;
  /** Component name -> value, in schema_pattern order. */
  components: [string, string][];
}

/** rocky-core shadow.rs `ShadowConfig`: a schema override wins over the suffix. */
export interface ShadowConfig {
  suffix: string;
  schemaOverride: string | null;
}

/** Where the tables of one run land. */
export interface TargetSpec {
  /** The `--filter` text, "" when absent (output.rs prints `filter.unwrap_or("")`). */
  filter: string;
  catalogTemplate: string;
  schemaTemplate: string;
  sources: readonly SimSource[];
  tables: readonly string[];
  /** Only a table named by `--filter table=<name>`. */
  tableFilter: string | null;
  /** Set only with `--shadow` or `--branch` (main.rs builds no ShadowConfig otherwise). */
  shadow: ShadowConfig | null;
}

export interface Target {
  table: string;
  source: SimSource;
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

function resolveTemplate(template: string, source: SimSource): string {
  let out = template;
  for (const [name, value] of source.components) out = out.split(`{${name}}`).join(value);
  return out;
}

export function targetsOf(spec: TargetSpec): Target[] {
  const out: Target[] = [];
  for (const source of spec.sources) {
    const catalog = resolveTemplate(spec.catalogTemplate, source);
    const schema = resolveTemplate(spec.schemaTemplate, source);
    for (const table of spec.tables) {
      if (spec.tableFilter !== null && spec.tableFilter !== table) continue;
      // shadow.rs `shadow_target`: schema override keeps the table name, else the suffix is appended.
      const outSchema = spec.shadow?.schemaOverride ?? schema;
      const outTable =
        spec.shadow !== null && spec.shadow.schemaOverride === null
          ? `${table}${spec.shadow.suffix}`
          : table;
      // run.rs: asset_key = [source_type, ...component values (sorted by component name), table];
      // it names the source, so shadow mode does not change it.
      const values = [...source.components]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, v]) => v);
      out.push({
        table,
        source,
        schema,
        outSchema,
        outTable,
        fullName: `${catalog}.${outSchema}.${outTable}`,
        productionFullName: `${catalog}.${schema}.${table}`,
        assetKey: [source.sourceType, ...values, table],
        rows: rowsFor(schema, table),
      });
    }
  }
  return out;
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
  runId: string;
}

/** output.rs `RunOutput` of a replication run (field order as serde writes it for the fields shown). */
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
  // output.rs field order: idempotency_key (omitted when None) after status; `shadow` (skipped when
  // false, set from `shadow_config.is_some()` in run.rs) after tables_failed.
  const ordered: JsonObject = {};
  for (const [k, v] of Object.entries(json)) {
    ordered[k] = v;
    if (k === "status" && extras.idempotencyKey !== null)
      ordered.idempotency_key = extras.idempotencyKey;
    if (k === "tables_failed" && spec.shadow !== null) ordered.shadow = true;
  }
  for (const k of Object.keys(json)) delete json[k];
  Object.assign(json, ordered);
  if (status === "Failure") {
    // run.rs `RunFailed`: the JSON is printed first, then `Error: ...` and exit 1.
    return {
      json,
      exitCode: 1,
      targets,
      failed,
      error: `Error: ${bad.length} model(s) failed (run_id: ${extras.runId}, see the \`errors\` array in the JSON output)`,
    };
  }
  // main.rs maps run.rs `PartialFailure` to exit 2 without printing the error.
  return { json, exitCode: status === "PartialFailure" ? 2 : 0, targets, failed };
}

/**
 * run.rs: on SIGINT/SIGTERM the run stops, prints its RunOutput with `interrupted: true` and exits
 * 130 (main.rs). rocky-sim is interrupted before any table is copied, so nothing is materialized
 * and output.rs `derive_run_status` gives `Failure` (no progress, a problem).
 */
export function interruptedRun(json: JsonObject): JsonObject {
  const out: JsonObject = { ...json, status: "Failure", tables_copied: 0, materializations: [] };
  delete out.errors;
  out.interrupted = true;
  return out;
}

/**
 * plan.rs `plan()`: statements always name the PRODUCTION targets (shadow flags only reach the
 * persisted payload), one `create_schema` per connector then one copy per table. Dialects without
 * catalogs (duckdb) get two-part names. A project without models persists a `replication` plan,
 * and output.rs omits `models`/`execution_layers` when empty.
 */
export function buildPlanOutput(
  spec: TargetSpec,
  version: string,
  plan: { id: string; kind: string; createdAt: string } | null,
  env: string | null,
  supportsCatalogs: boolean,
): JsonObject {
  const statements: Json[] = [];
  const seen = new Set<string>();
  for (const t of targetsOf({ ...spec, shadow: null })) {
    const catalog = t.productionFullName.slice(0, t.productionFullName.indexOf("."));
    const schemaLabel = supportsCatalogs ? `${catalog}.${t.schema}` : t.schema;
    if (!seen.has(t.source.id)) {
      seen.add(t.source.id);
      statements.push({
        purpose: "create_schema",
        target: schemaLabel,
        sql: `CREATE SCHEMA IF NOT EXISTS ${schemaLabel}`,
      });
    }
    const target = `${schemaLabel}.${t.table}`;
    statements.push({
      purpose: "full_refresh_copy",
      target,
      sql: `CREATE OR REPLACE TABLE ${target} AS\nSELECT *\nFROM ${t.source.schema}.${t.table}`,
    });
  }
  const json: JsonObject = { version, command: "plan", filter: spec.filter };
  if (env !== null) json.env = env;
  json.statements = statements;
  if (plan !== null) {
    json.plan_id = plan.id;
    json.plan_kind = plan.kind;
    json.created_at = plan.createdAt;
  }
  return json;
}

/** compare.rs `CompareOutput`: one result per production/shadow pair, verdicts from the scenario. */
export function buildCompare(
  spec: TargetSpec,
  version: string,
  scenario: "pass" | "warn" | "fail",
): { json: JsonObject; exitCode: number; error?: string } {
  // compare.rs: the shadow name comes from main.rs's ShadowConfig (suffix default `_rocky_shadow`,
  // `--shadow-schema` wins), always applied: compare has no `--shadow` switch.
  const targets = targetsOf(spec);
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
      // compare.rs prints each rocky-core compare::SchemaDiff with `{:?}` (Rust Debug).
      schemaDiffs.push(
        'ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }',
      );
      schemaDiffs.push('ColumnRemoved { name: "legacy_id" }');
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
      // compare.rs: JSON first, then `bail!("{n} table(s) failed comparison")`.
      error: `Error: ${failed} table(s) failed comparison`,
    };
  }
  return { json, exitCode: 0 };
}

export interface DoctorInput {
  scenario: "healthy" | "warning" | "critical";
  check: string | null;
  verbose: boolean;
  configPath: string;
  statePath: string;
  /** The loaded project, or the config error's display text. */
  project: SimProject | { error: string };
}

/**
 * doctor.rs `collect_health_checks`: config, state, state_schema, adapters, pipelines, state_sync,
 * state_rw, then one `auth/<adapter>` per warehouse adapter, an `auth` summary when all pinged, and
 * one `auth/<adapter>` per discovery adapter. `details` are `[label, value]` pairs, omitted when
 * empty (`--verbose` fills them). Any Critical check exits 3 after the JSON (DOCTOR_CRITICAL_EXIT_CODE).
 * `--check` keeps only the check with exactly that name.
 */
export function buildDoctor(input: DoctorInput): { json: JsonObject; exitCode: number } {
  const { scenario, verbose } = input;
  const checks: JsonObject[] = [];
  const suggestions: string[] = [];
  const run = (name: string): boolean => input.check === null || input.check === name;
  const add = (
    name: string,
    status: string,
    message: string,
    details: [string, string][] = [],
  ): void => {
    const c: JsonObject = { name, status, message, duration_ms: stableHash(name) % 20 };
    if (details.length > 0) c.details = details;
    checks.push(c);
  };
  const v = (d: [string, string][]): [string, string][] => (verbose ? d : []);
  const project = "error" in input.project ? null : input.project;
  const configError = "error" in input.project ? input.project.error : null;
  const loadFailed = (name: string): void => {
    suggestions.push(
      `${name}: could not load config — run \`rocky doctor --check config\` to diagnose`,
    );
    add(
      name,
      "critical",
      `could not load config: ${configError} — run \`rocky doctor --check config\``,
    );
  };

  if (run("config")) {
    const details = v([["path", input.configPath]]);
    if (project !== null) add("config", "healthy", "Config syntax valid", details);
    else {
      add("config", "critical", `Config invalid: ${configError}`, details);
      suggestions.push(`Fix config file at ${input.configPath}`);
    }
  }
  if (run("state")) {
    add("state", "healthy", "State store healthy (3 watermarks)", v([["path", input.statePath]]));
  }
  if (run("state_schema")) {
    add(
      "state_schema",
      "healthy",
      "state schema v22 matches this binary",
      v([
        ["supported", "v22"],
        ["on_disk", "v22"],
      ]),
    );
  }
  if (run("adapters")) {
    if (project === null) loadFailed("adapters");
    else {
      const details: [string, string][] = [];
      for (const [name, a] of project.adapters) {
        details.push([`${name}.type`, a.type], [`${name}.credential`, a.credential]);
      }
      if (scenario === "warning") {
        const [first] = project.adapters.keys();
        suggestions.push(`adapters.${first ?? "default"}: host not configured`);
        add("adapters", "warning", "Some adapters have missing configuration", v(details));
      } else {
        add("adapters", "healthy", `${project.adapters.size} adapter(s) configured`, v(details));
      }
    }
  }
  if (run("pipelines")) {
    if (project === null) loadFailed("pipelines");
    else {
      const details = project.pipelines.map((p): [string, string] => [
        `pipeline.${p.name}`,
        p.type,
      ]);
      add("pipelines", "healthy", `${project.pipelines.length} pipeline(s) valid`, v(details));
    }
  }
  if (run("state_sync")) {
    if (project === null) loadFailed("state_sync");
    else
      add(
        "state_sync",
        "healthy",
        `State backend: ${project.stateBackend}`,
        v([["backend", project.stateBackend]]),
      );
  }
  if (run("state_rw")) {
    if (project === null) loadFailed("state_rw");
    else if (project.stateBackend === "local") {
      add(
        "state_rw",
        "healthy",
        "Local backend — no remote probe needed",
        v([["backend", "local"]]),
      );
    } else {
      add(
        "state_rw",
        "healthy",
        `State backend RW probe succeeded (${project.stateBackend})`,
        v([["backend", project.stateBackend]]),
      );
    }
  }
  if (run("auth")) {
    if (project === null) add("auth", "critical", `Cannot load config: ${configError}`);
    else {
      // registry.rs: every adapter but a pure discovery one (fivetran) is a warehouse adapter;
      // duckdb and fivetran also serve discovery.
      const warehouses = [...project.adapters].filter(([, a]) => a.type !== "fivetran");
      const discovery = [...project.adapters].filter(
        ([, a]) => a.type === "fivetran" || a.type === "duckdb",
      );
      if (warehouses.length === 0) add("auth", "warning", "No warehouse adapters registered");
      else {
        let allOk = true;
        warehouses.forEach(([name], i) => {
          if (scenario === "critical" && i === 0) {
            allOk = false;
            add(
              `auth/${name}`,
              "critical",
              "Ping failed: connection refused",
              v([["raw", "connection refused"]]),
            );
            suggestions.push(`Adapter '${name}': verify credentials and network access`);
          } else add(`auth/${name}`, "healthy", `Authenticated to ${name}`);
        });
        if (allOk) {
          add(
            "auth",
            "healthy",
            `All ${warehouses.length} warehouse adapter(s) authenticated`,
            v([["warehouse_count", String(warehouses.length)]]),
          );
        }
      }
      for (const [name] of discovery)
        add(`auth/${name}`, "healthy", `Discovery adapter ${name} reachable`);
    }
  }
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

/** discover.rs `DiscoverOutput`: one entry per (invented) connector with its components and tables. */
export function buildDiscover(
  version: string,
  sources: readonly SimSource[],
  tables: readonly string[],
  withSchemas: boolean,
): JsonObject {
  return {
    version,
    command: "discover",
    sources: sources.map((src) => ({
      id: src.id,
      components: Object.fromEntries(src.components),
      source_type: src.sourceType,
      last_sync_at: null,
      tables: tables.map((name) =>
        withSchemas ? { name, row_count: rowsFor(src.schema, name) } : { name },
      ),
    })),
  };
}

/** state.rs `state_show`: stored watermarks (rocky-sim has no state file: fixed values). */
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

export const MODELS: readonly [string, string, string[]][] = [
  ["raw_orders", "staging", []],
  ["customer_orders", "silver", ["raw_orders"]],
  ["revenue_summary", "gold", ["customer_orders"]],
];

/** plan.rs `ModelNotFound`: compile.rs and test.rs fail with it (exit 1, no JSON) for an unknown `--model`. */
export function unknownModel(model: string | null): string | null {
  if (model === null || MODELS.some(([name]) => name === model)) return null;
  return `model '${model}' not found (no transformation model with that name)`;
}

/** compile.rs `CompileOutput` for the three simulated models. */
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
    ? // compile.rs: JSON first, then `bail!("compilation failed with errors")`.
      { json, exitCode: 1, error: "Error: compilation failed with errors" }
    : { json, exitCode: 0 };
}

/** test.rs `TestOutput` for the three simulated models. */
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
    : // test.rs: JSON first, then `bail!("test failures detected")`.
      { json, exitCode: 1, error: "Error: test failures detected" };
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
