// End-to-end: a real Node child process, launched the way Dagster's PipesSubprocessClient
// launches it, talks the Pipes protocol back to an emulated orchestration side.
import { describe, expect, it } from "vitest";
import {
  assertBuilt,
  DEFAULT_CONTEXT,
  type Launched,
  launch,
  type Message,
  RUN_FIXTURE,
} from "./orchestrator.js";

// Children import packages/pipes/dist: fail loudly (at collection) when it was not built.
assertBuilt();

const methods = (r: Launched) => r.messages.map((m) => m.method);
const byMethod = (r: Launched, method: string): Message[] =>
  r.messages.filter((m) => m.method === method);

function expectWellFormed(r: Launched): void {
  expect(r.messages.length).toBeGreaterThanOrEqual(2);
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
  expect(byMethod(r, "opened")).toHaveLength(1);
  expect(byMethod(r, "closed")).toHaveLength(1);
}

describe("a rocky run reported from a Node child process (context file, messages file)", () => {
  const r = launch({ scenario: "report-run", args: [RUN_FIXTURE] });

  it("exits 0 and writes one JSON object per line, opened first and closed last", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.rawLines.every((line) => line.startsWith('{"__dagster_pipes_version":"0.1",'))).toBe(
      true,
    );
    expectWellFormed(r);
    expect(methods(r)).toEqual([
      "opened",
      "log",
      "report_custom_message",
      "report_asset_materialization",
      "report_asset_materialization",
      "report_asset_check",
      "report_asset_check",
      "report_asset_check",
      "log",
      "log",
      "log",
      "closed",
    ]);
    expect(r.messages.at(-1)?.params).toEqual({});
  });

  it("reads the context file: run id, job name, partition key, extras, asset keys", () => {
    expect(r.messages[1]?.params).toEqual({
      message: `starting rocky for run ${DEFAULT_CONTEXT.run_id} (job rocky_shop_job)`,
      level: "INFO",
    });
    expect(byMethod(r, "report_custom_message")[0]?.params).toEqual({
      payload: {
        during: 1,
        viaHelper: 1,
        partitionKey: "2026-05-01",
        extra: "source=shop",
        assetKeys: DEFAULT_CONTEXT.asset_keys,
      },
    });
  });

  it("sets the session symbol to 1 only while the session is open", () => {
    expect(r.result.before).toBeNull();
    expect(r.result.after).toBeNull();
  });

  it("reports one materialization per table with rocky's metadata, typed", () => {
    const [customers, revenue] = byMethod(r, "report_asset_materialization");
    expect(customers?.params).toEqual({
      asset_key: "warehouse/shop/customers",
      data_version: null,
      metadata: {
        rows_copied: { raw_value: 1520, type: "int" },
        duration_ms: { raw_value: 812, type: "int" },
        started_at: { raw_value: Date.parse("2026-05-04T10:00:00Z") / 1000, type: "timestamp" },
        strategy: { raw_value: "incremental", type: "text" },
        target_table_full_name: {
          raw_value: "analytics.shop.customers_dagster_pr_17",
          type: "text",
        },
        watermark: { raw_value: Date.parse("2026-05-04T09:59:30Z") / 1000, type: "timestamp" },
        cost_usd: { raw_value: 0.0125, type: "float" },
        shadow: { raw_value: true, type: "bool" },
        bytes_scanned: { raw_value: 1048576, type: "int" },
      },
    });
    // Two partitions of the same asset (a backfill) → one materialization for that asset.
    expect(revenue?.params?.asset_key).toBe("/marts/daily_revenue");
    expect(revenue?.params?.metadata).toMatchObject({
      rows_copied: { raw_value: 85, type: "int" },
      duration_ms: { raw_value: 610, type: "int" },
      cost_usd: { raw_value: 0.75, type: "float" },
      strategy: { raw_value: "time_interval", type: "text" },
      target_table_full_name: { raw_value: ".marts.daily_revenue_dagster_pr_17", type: "text" },
      partition_keys: { raw_value: ["2026-05-01", "2026-05-02"], type: "json" },
      partition_start: { raw_value: Date.parse("2026-05-01T00:00:00Z") / 1000, type: "timestamp" },
      partition_end: { raw_value: Date.parse("2026-05-03T00:00:00Z") / 1000, type: "timestamp" },
      rocky_materializations: { raw_value: 2, type: "int" },
      sql_hash: { raw_value: "0f1e2d3c4b5a6978", type: "text" },
      column_count: { raw_value: 5, type: "int" },
      compile_time_ms: { raw_value: 12, type: "int" },
    });
  });

  it("reports one asset check per rocky check with severity and measurements", () => {
    expect(byMethod(r, "report_asset_check").map((m) => m.params)).toEqual([
      {
        asset_key: "warehouse/shop/customers",
        check_name: "row_count",
        passed: true,
        metadata: {
          source_count: { raw_value: 1520, type: "int" },
          target_count: { raw_value: 1520, type: "int" },
          rocky_severity: { raw_value: "error", type: "text" },
        },
        severity: "ERROR",
      },
      {
        asset_key: "warehouse/shop/customers",
        check_name: "column_match",
        passed: false,
        metadata: {
          missing: { raw_value: ["phone"], type: "json" },
          extra: { raw_value: [], type: "json" },
          rocky_severity: { raw_value: "warning", type: "text" },
        },
        severity: "WARN",
      },
      {
        asset_key: "warehouse/shop/customers",
        check_name: "null_rate",
        passed: true,
        metadata: {
          column: { raw_value: "email", type: "text" },
          null_rate: { raw_value: 0.015, type: "float" },
          threshold: { raw_value: 0.05, type: "float" },
        },
        severity: "ERROR",
      },
    ]);
  });

  it("logs failed tables with their failure_kind, anomalies and drift", () => {
    expect(
      byMethod(r, "log")
        .slice(1)
        .map((m) => m.params),
    ).toEqual([
      {
        message:
          "rocky: table warehouse/shop/orders failed (auth-failed): permission denied on table shop.orders",
        level: "ERROR",
      },
      {
        message:
          "rocky: anomaly on analytics.shop.customers_dagster_pr_17: row count dropped 89.9%",
        level: "WARNING",
      },
      {
        message:
          "rocky: schema drift on analytics.shop.customers_dagster_pr_17: alter_column_types (column 'zip' widened)",
        level: "WARNING",
      },
    ]);
  });

  it("returns a summary", () => {
    expect(r.result.summary).toEqual({
      materializations: 2,
      checks: 3,
      checksFailed: 1,
      failedTables: 1,
      assetKeys: ["warehouse/shop/customers", "/marts/daily_revenue"],
    });
  });
});

describe("closed carries the exception", () => {
  it("when the function given to withDagsterPipes throws (with its cause)", () => {
    const r = launch({ scenario: "throws" });
    expect(r.status).toBe(1);
    expectWellFormed(r);
    expect(methods(r)).toEqual(["opened", "log", "closed"]);
    const exception = r.messages.at(-1)?.params?.exception;
    expect(exception).toMatchObject({
      name: "Error",
      message: "Error: rocky run failed",
      context: null,
      cause: { name: "TypeError", message: "TypeError: warehouse unreachable", cause: null },
    });
    expect(exception.stack.length).toBeGreaterThan(0);
    expect(exception.stack[0]).toMatch(/^\s+at .*pipes-child\.mjs:\d+:\d+\)?\n$/);
  });

  it("when an error is thrown outside run(), via the process exit hook", () => {
    const r = launch({ scenario: "uncaught" });
    expect(r.status).toBe(1);
    expectWellFormed(r);
    expect(methods(r)).toEqual(["opened", "log", "closed"]);
    expect(r.messages.at(-1)?.params?.exception).toMatchObject({
      name: "RangeError",
      message: "RangeError: boom outside run()",
    });
  });

  it("is absent when a session that was never closed ends with exit code 0", () => {
    const r = launch({ scenario: "forgot-close" });
    expect(r.status, r.stderr).toBe(0);
    expectWellFormed(r);
    expect(methods(r)).toEqual(["opened", "report_asset_materialization", "closed"]);
    expect(r.messages.at(-1)?.params).toEqual({});
  });

  it("Symbol.asyncDispose closes once", () => {
    const r = launch({ scenario: "dispose" });
    expect(r.status, r.stderr).toBe(0);
    expectWellFormed(r);
    expect(methods(r)).toEqual(["opened", "log", "closed"]);
    expect(r.result).toEqual({ after: null });
  });
});

describe("bootstrap variants", () => {
  it.each([
    { contextVia: "data", encoding: "zlib" },
    { contextVia: "path", encoding: "plain" },
    { contextVia: "data", encoding: "plain" },
  ] as const)("context via $contextVia, params encoded $encoding", ({ contextVia, encoding }) => {
    const r = launch({ scenario: "report-run", args: [RUN_FIXTURE], contextVia, encoding });
    expect(r.status, r.stderr).toBe(0);
    expectWellFormed(r);
    expect(byMethod(r, "report_custom_message")[0]?.params?.payload).toMatchObject({
      extra: "source=shop",
      partitionKey: "2026-05-01",
    });
    expect(byMethod(r, "report_asset_materialization")).toHaveLength(2);
  });

  it.each(["stderr", "stdout", "buffered_stderr"] as const)("messages on %s", (messagesVia) => {
    const r = launch({ scenario: "report-run", args: [RUN_FIXTURE], messagesVia });
    expect(r.status, r.stderr).toBe(0);
    expectWellFormed(r);
    expect(r.messages).toHaveLength(12);
    expect(r.result.summary.materializations).toBe(2);
  });
});

describe("input validation inside a session", () => {
  const r = launch({
    scenario: "validation",
    context: { asset_keys: ["a/one", "a/two"], run_id: "r1", extras: {} },
  });

  it("raises typed errors as the Python library does", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.result.codes).toEqual({
      materializeWithoutKey: "ASSET_KEY_REQUIRED",
      checkWithoutKey: "ASSET_KEY_REQUIRED",
      singleAssetKey: "UNDEFINED_PROPERTY",
      badSeverity: "INVALID_PARAM",
      badPassed: "INVALID_PARAM",
      badMetadata: "INVALID_METADATA",
      nanMetadata: "INVALID_METADATA",
      materializeOne: "ok",
      materializeOneAgain: "ALREADY_MATERIALIZED",
      unselectedKey: "ok",
      missingExtra: "UNDEFINED_EXTRA",
      partitionKey: "UNDEFINED_PROPERTY",
      afterClose: "CLOSED",
    });
  });

  it("sends nothing for refused calls; sends keys outside the selection as-is for Dagster to reject", () => {
    expectWellFormed(r);
    expect(r.messages.map((m) => [m.method, m.params])).toEqual([
      ["opened", { extras: {} }],
      [
        "report_asset_materialization",
        { asset_key: "a/one", data_version: "v1", metadata: { n: { raw_value: 3, type: "int" } } },
      ],
      [
        "report_asset_materialization",
        { asset_key: "not/selected", data_version: null, metadata: null },
      ],
      ["closed", {}],
    ]);
  });

  it("returns the open session when opened twice, and counts it once", () => {
    expect(r.result.sameSession).toBe(true);
    expect(r.result.after).toBeNull();
  });
});

describe("outside Dagster", () => {
  const r = launch({ scenario: "noop", args: [RUN_FIXTURE], outsideDagster: true });

  it("returns a no-op context and warns once per process", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.result).toEqual({
      warnings: [
        {
          name: "DagsterPipesWarning",
          code: "DAGSTER_PIPES_NOT_LAUNCHED",
          message: expect.stringContaining("not launched by a Dagster orchestration process"),
        },
      ],
      isDagsterPipesProcess: false,
      session: null,
      runId: "",
    });
    expect(r.stdout.split("\n").filter((l) => l.includes("__dagster_pipes_version"))).toEqual([]);
  });
});
