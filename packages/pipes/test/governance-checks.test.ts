// Freshness, compliance, retention, contract and anomaly results as asset checks with
// dagster-rocky 1.74.0's names. The differential against the Python builders is
// interop/test/checks.diff.test.ts; the real Dagster runs them in interop/test/real-dagster.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  complianceCheckResults,
  contractCheckResultsForModel,
  contractRulesFromToml,
  DagsterPipesError,
  encodePipesParam,
  freshnessCheckResults,
  openDagsterPipes,
  type PipesContext,
  readContractRules,
  reportComplianceToPipes,
  reportContractsToPipes,
  reportFreshnessToPipes,
  reportRetentionToPipes,
  reportRunToPipes,
  retentionCheckResults,
  rockyAssetKeys,
} from "../src/index.js";
import { pythonIsoformat } from "../src/isoformat.js";

// biome-ignore lint/suspicious/noExplicitAny: decoded message lines
type Json = any;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), "pipes-gov-"));
  dirs.push(dir);
  return dir;
};

function session(assetKeys: string[]): { pipes: PipesContext; lines: () => Json[] } {
  const messages = join(tmp(), "messages");
  const pipes = openDagsterPipes({
    env: {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: { run_id: "r", asset_keys: assetKeys } }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    },
    handleProcessExit: false,
  });
  const lines = () =>
    readFileSync(messages, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
  return { pipes, lines };
}
const checks = (lines: Json[]) =>
  lines
    .filter((l) => l.method === "report_asset_check")
    .map((l) => [l.params.asset_key, l.params.check_name, l.params.passed, l.params.severity]);
const warnings = (lines: Json[]) =>
  lines
    .filter((l) => l.method === "log" && l.params.level === "WARNING")
    .map((l) => l.params.message);

const entry = (over: Record<string, unknown>) => ({
  table: "w.shop.orders",
  status: "pass",
  measured_from: "warehouse",
  ...over,
});

describe("rocky freshness → source_freshness / model_freshness checks", () => {
  it("pass passes; warn fails at WARN; error and runtime_error fail at ERROR; metadata as dagster-rocky's", () => {
    const results = freshnessCheckResults({
      sources: [
        entry({
          status: "pass",
          max_loaded_at: "2026-04-08T13:00:00.5Z",
          age_seconds: 30,
          warn_after_seconds: 60,
        }),
        entry({ status: "warn", table: "w.shop.customers", message: "" }),
      ],
      models: [
        entry({ status: "error", table: "w.marts.rev", error_after_seconds: 0, message: "stale" }),
        entry({ status: "runtime_error", table: "w.marts.x", max_loaded_at: null }),
      ],
    });
    expect(results.map((r) => [r.assetKey.join("/"), r.checkName, r.passed, r.severity])).toEqual([
      ["w/shop/orders", "source_freshness", true, "ERROR"],
      ["w/shop/customers", "source_freshness", false, "WARN"],
      ["w/marts/rev", "model_freshness", false, "ERROR"],
      ["w/marts/x", "model_freshness", false, "ERROR"],
    ]);
    expect(results[0]?.metadata).toEqual({
      status: { raw_value: "pass", type: "text" },
      measured_from: { raw_value: "warehouse", type: "text" },
      max_loaded_at: { raw_value: "2026-04-08T13:00:00.500000+00:00", type: "text" },
      age_seconds: { raw_value: 30, type: "int" },
      warn_after_seconds: { raw_value: 60, type: "int" },
    });
    expect(Object.keys(results[1]?.metadata ?? {})).toEqual(["status", "measured_from"]);
    expect(results[2]?.metadata.message).toEqual({ raw_value: "stale", type: "text" });
    expect(results[2]?.metadata.error_after_seconds).toEqual({ raw_value: 0, type: "int" });
  });

  it("assetKeyFor maps or skips entries; reportFreshnessToPipes sends only the step's assets", () => {
    const { pipes, lines } = session(["w/shop/orders"]);
    const summary = reportFreshnessToPipes(pipes, {
      sources: [entry({}), entry({ table: "w.other.t", status: "error" })],
      models: [],
    });
    pipes.close();
    expect(checks(lines())).toEqual([["w/shop/orders", "source_freshness", true, "ERROR"]]);
    expect(summary).toEqual({ checks: 1, checksFailed: 0, skipped: 1 });
    expect(warnings(lines())).toEqual([
      "rocky: check source_freshness on w/other/t (FAILED) is not an asset of this step; not reported",
    ]);
    expect(
      freshnessCheckResults({ sources: [entry({})], models: [] }, { assetKeyFor: () => null }),
    ).toEqual([]);
  });
});

describe("Python's isoformat of rocky's date-times", () => {
  it.each([
    ["2026-04-08T13:00:00Z", "2026-04-08T13:00:00+00:00"],
    ["2026-04-08T13:00:00.123456789Z", "2026-04-08T13:00:00.123456+00:00"],
    ["2026-04-08T13:00:00.0000001Z", "2026-04-08T13:00:00+00:00"],
    ["2026-04-08 13:00Z", "2026-04-08T13:00:00+00:00"],
    ["2026-04-08T13:00:00+0530", "2026-04-08T13:00:00+05:30"],
    ["2026-04-08T13:00:00-00:00", "2026-04-08T13:00:00+00:00"],
    ["yesterday", "yesterday"],
  ])("%s → %s", (input, output) => {
    expect(pythonIsoformat(input)).toBe(output);
  });
});

const compliance = {
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
      env: "dev",
      reason: "no masking strategy resolves for classification tag 'pii'",
    },
    { model: "ghost", column: "x", env: "prod", reason: "r2" },
  ],
  summary: { total_classified: 9, total_exceptions: 3, total_masked: 6 },
};

describe("rocky compliance → one compliance_exception check per asset", () => {
  it("folds an asset's exceptions into one failed WARN result; an unresolved model goes to _compliance", () => {
    const results = complianceCheckResults(compliance, (m) =>
      m === "orders" ? ["s", "orders"] : null,
    );
    expect(results.map((r) => [r.assetKey.join("/"), r.checkName, r.passed, r.severity])).toEqual([
      ["s/orders", "compliance_exception", false, "WARN"],
      ["_compliance", "compliance_exception", false, "WARN"],
    ]);
    expect(results[0]?.metadata).toEqual({
      "rocky/compliance_exception_count": { raw_value: 2, type: "int" },
      "rocky/compliance_models": {
        raw_value: "orders.email (prod); orders.phone (dev)",
        type: "text",
      },
      "rocky/compliance_reasons": {
        raw_value: "no masking strategy resolves for classification tag 'pii'",
        type: "text",
      },
      "rocky/compliance_total_classified": { raw_value: 9, type: "int" },
      "rocky/compliance_total_exceptions": { raw_value: 3, type: "int" },
      "rocky/compliance_total_masked": { raw_value: 6, type: "int" },
    });
  });

  it("reported for the step's assets (models found by the last key part), _compliance dropped, a declared clean asset passes", () => {
    const { pipes, lines } = session(["s/orders", "s/customers"]);
    const summary = reportComplianceToPipes(pipes, compliance, {
      declaredChecks: [
        { assetKey: "s/orders", name: "compliance_exception" },
        { assetKey: "s/customers", name: "compliance_exception" },
        { assetKey: "s/customers", name: "row_count" },
      ],
    });
    pipes.close();
    expect(checks(lines())).toEqual([
      ["s/orders", "compliance_exception", false, "WARN"],
      ["s/customers", "compliance_exception", true, "WARN"],
    ]);
    expect(summary).toEqual({ checks: 2, checksFailed: 1, skipped: 1 });
    expect(warnings(lines())[0]).toMatch(
      /compliance_exception on _compliance \(FAILED\) is not an asset of this step/,
    );
  });

  it("with the project's key rules, a model resolves through discover (multi-valued components)", () => {
    const { pipes, lines } = session(["ft/acme/us__eu/orders"]);
    const assetKeys = rockyAssetKeys({
      discover: {
        sources: [
          {
            source_type: "ft",
            components: { c: "acme", r: ["us", "eu"] },
            tables: [{ name: "orders" }],
          },
        ],
      },
    });
    reportComplianceToPipes(pipes, compliance, { assetKeys });
    pipes.close();
    expect(checks(lines())[0]).toEqual([
      "ft/acme/us__eu/orders",
      "compliance_exception",
      false,
      "WARN",
    ]);
  });
});

describe("rocky retention-status → retention_drift checks", () => {
  it("in sync passes, drift fails at WARN, with the observation's metadata; unresolved models are skipped", () => {
    const results = retentionCheckResults(
      {
        models: [
          { model: "orders", in_sync: true, configured_days: 30, warehouse_days: null },
          { model: "customers", in_sync: false, configured_days: 7, warehouse_days: 30 },
          { model: "ghost", in_sync: false },
        ],
      },
      (m) => (m === "ghost" ? null : ["s", m]),
    );
    expect(results.map((r) => [r.assetKey.join("/"), r.checkName, r.passed, r.severity])).toEqual([
      ["s/orders", "retention_drift", true, "WARN"],
      ["s/customers", "retention_drift", false, "WARN"],
    ]);
    expect(results[1]?.metadata).toEqual({
      "rocky/retention_model": { raw_value: "customers", type: "text" },
      "rocky/retention_in_sync": { raw_value: false, type: "bool" },
      "rocky/retention_configured_days": { raw_value: 7, type: "int" },
      "rocky/retention_warehouse_days": { raw_value: 30, type: "int" },
    });
    expect(Object.keys(results[0]?.metadata ?? {})).not.toContain("rocky/retention_warehouse_days");
  });

  it("reportRetentionToPipes sends the step's rows, once each", () => {
    const { pipes, lines } = session(["s/orders"]);
    const output = { models: [{ model: "orders", in_sync: false }] };
    reportRetentionToPipes(pipes, output);
    const second = reportRetentionToPipes(pipes, output);
    pipes.close();
    expect(checks(lines())).toEqual([["s/orders", "retention_drift", false, "WARN"]]);
    expect(second.skipped).toBe(1);
  });
});

describe("contracts → contract_required_columns / contract_protected_columns / contract_column_constraints", () => {
  const all = { hasRequired: true, hasProtected: true, hasColumnConstraints: true };
  const diag = (code: string, model = "m", message = `msg ${code}`) => ({ code, model, message });

  it("each declared kind passes unless a diagnostic of the model fails it; W010 alone is WARN", () => {
    const results = contractCheckResultsForModel(
      [diag("E010"), diag("E011", "other"), diag("W010"), diag("I003"), diag("E999")],
      ["s", "m"],
      "m",
      all,
    );
    expect(results.map((r) => [r.checkName, r.passed, r.severity])).toEqual([
      ["contract_required_columns", false, "ERROR"],
      ["contract_protected_columns", true, "ERROR"],
      ["contract_column_constraints", false, "WARN"],
    ]);
    expect(results[0]?.metadata).toEqual({
      "rocky/violation_0": { raw_value: "[E010] msg E010", type: "text" },
      "rocky/violation_count": { raw_value: 1, type: "int" },
    });
    expect(results[2]?.metadata).toEqual({
      "rocky/violation_0": { raw_value: "[W010] msg W010", type: "text" },
      "rocky/violation_count": { raw_value: 1, type: "int" },
      "rocky/unverified_0": { raw_value: "[I003] msg I003", type: "text" },
      "rocky/unverified_count": { raw_value: 1, type: "int" },
    });
    const mixed = contractCheckResultsForModel([diag("W010"), diag("E012")], ["m"], "m", all);
    expect(mixed[2]?.severity).toBe("ERROR");
  });

  it("no compile output, or the model not found (W011), fails every declared kind as not verified", () => {
    const rules = { hasRequired: true, hasProtected: false, hasColumnConstraints: true };
    const missing = contractCheckResultsForModel(null, ["m"], "m", rules);
    expect(missing.map((r) => [r.checkName, r.passed, r.severity])).toEqual([
      ["contract_required_columns", false, "WARN"],
      ["contract_column_constraints", false, "WARN"],
    ]);
    expect(missing[0]?.metadata["rocky/compile_missing"]).toEqual({
      raw_value: true,
      type: "bool",
    });
    const notFound = contractCheckResultsForModel([diag("E010"), diag("W011")], ["m"], "m", rules);
    expect(notFound.map((r) => r.passed)).toEqual([false, false]);
    expect(notFound[0]?.metadata["rocky/contract_model_not_found"]).toEqual({
      raw_value: true,
      type: "bool",
    });
  });

  it("rule kinds of a contract file, read as dagster-rocky reads them", () => {
    expect(contractRulesFromToml({ rules: { required: ["a"], protected: [] } })).toEqual({
      hasRequired: true,
      hasProtected: false,
      hasColumnConstraints: false,
    });
    expect(
      contractRulesFromToml({ columns: [{ name: "a", nullable: false }] }).hasColumnConstraints,
    ).toBe(true);
    expect(contractRulesFromToml({ rules: { no_new_nullable: true } }).hasColumnConstraints).toBe(
      true,
    );
    expect(contractRulesFromToml({ columns: [{ name: "a" }] }).hasColumnConstraints).toBe(false);
    expect(() => contractRulesFromToml({ rules: "required" })).toThrow(DagsterPipesError);
  });

  it("readContractRules reads <model>.contract.toml with the caller's parser and leaves out empty contracts", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "orders.contract.toml"),
      JSON.stringify({ rules: { required: ["id"] } }),
    );
    writeFileSync(join(dir, "empty.contract.toml"), JSON.stringify({}));
    writeFileSync(join(dir, ".contract.toml"), JSON.stringify({ rules: { required: ["x"] } }));
    writeFileSync(join(dir, "notes.toml"), "not read");
    expect(readContractRules(dir, JSON.parse)).toEqual({
      orders: { hasRequired: true, hasProtected: false, hasColumnConstraints: false },
    });
    expect(readContractRules(join(dir, "missing"), JSON.parse)).toEqual({});
    writeFileSync(join(dir, "bad.contract.toml"), "{");
    expect(() => readContractRules(dir, JSON.parse)).toThrow(
      /failed to parse .*bad\.contract\.toml/,
    );
  });

  it("reportContractsToPipes sends every contract check of the step's models", () => {
    const { pipes, lines } = session(["s/orders"]);
    reportContractsToPipes(pipes, {
      diagnostics: [diag("E013", "orders")],
      contracts: {
        orders: { hasRequired: false, hasProtected: true, hasColumnConstraints: false },
        other: all,
      },
    });
    pipes.close();
    expect(checks(lines())).toEqual([["s/orders", "contract_protected_columns", false, "ERROR"]]);
  });
});

describe("reportRunToPipes: anomalies become row_count_anomaly checks (no longer only logged)", () => {
  it("an anomaly named by its target table resolves to the run's asset: failed WARN with the measurements", () => {
    const { pipes, lines } = session(["duckdb/events/events"]);
    reportRunToPipes(pipes, {
      materializations: [{ asset_key: ["duckdb", "events", "events"] }],
      anomalies: [
        {
          table: "poc.staging__events.events",
          current_count: 5,
          baseline_avg: 376,
          deviation_pct: 98.5,
          reason: "dropped",
        },
        {
          table: "poc.staging__events.unknown",
          current_count: 1,
          baseline_avg: 2,
          deviation_pct: 50,
          reason: "x",
        },
      ],
    });
    pipes.close();
    const check = lines().find((l) => l.method === "report_asset_check");
    expect([
      check.params.asset_key,
      check.params.check_name,
      check.params.passed,
      check.params.severity,
    ]).toEqual(["duckdb/events/events", "row_count_anomaly", false, "WARN"]);
    expect(check.params.metadata).toEqual({
      "rocky/current_count": { raw_value: 5, type: "int" },
      "rocky/baseline_avg": { raw_value: 376, type: "float" },
      "rocky/deviation_pct": { raw_value: 98.5, type: "float" },
      "rocky/reason": { raw_value: "dropped", type: "text" },
    });
    expect(lines().filter((l) => l.method === "report_asset_check")).toHaveLength(1);
    // Still logged, so it is seen outside Dagster too.
    expect(warnings(lines())).toContain("rocky: anomaly on poc.staging__events.events: dropped");
  });
});
