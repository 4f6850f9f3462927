// Check names and float metadata as the real Dagster needs them (found by running the
// real orchestrator). The end-to-end proof is interop/test/real-dagster.test.ts.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  encodePipesParam,
  openDagsterPipes,
  type PipesContext,
  pipesMetadata,
  reportRunToPipes,
  sanitizeCheckName,
} from "../src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: decoded message lines
type Json = any;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function session(assetKeys: string[] = ["s/orders"]): {
  pipes: PipesContext;
  raw: () => string;
  lines: () => Json[];
} {
  const dir = mkdtempSync(join(tmpdir(), "pipes-checks-"));
  dirs.push(dir);
  const messages = join(dir, "messages");
  const pipes = openDagsterPipes({
    env: {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: { run_id: "r", asset_keys: assetKeys } }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    },
    handleProcessExit: false,
  });
  const raw = () => readFileSync(messages, "utf8");
  const lines = () =>
    raw()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
  return { pipes, raw, lines };
}

const checks = (lines: Json[]) =>
  lines.filter((l) => l.method === "report_asset_check").map((l) => l.params);

describe("sanitizeCheckName: every character outside [A-Za-z0-9_] becomes _ (dagster-rocky's rule)", () => {
  it("maps rocky's structured names", () => {
    expect(sanitizeCheckName("null_rate:amount")).toBe("null_rate_amount");
    expect(sanitizeCheckName("cross_source_overlap:src.table")).toBe(
      "cross_source_overlap_src_table",
    );
    expect(sanitizeCheckName("row_count")).toBe("row_count");
    expect(sanitizeCheckName("é-1")).toBe("__1");
  });

  it("always yields a name Dagster accepts, of the same length (UTF-16 units)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const out = sanitizeCheckName(name);
        expect(out).toMatch(/^[A-Za-z0-9_]+$/);
        expect(out).toHaveLength(name.length);
      }),
    );
  });
});

describe("reportRunToPipes sends sanitised check names, one result per Dagster check", () => {
  it("sanitises, and reports a name that collides after sanitising once (first wins)", () => {
    const { pipes, lines } = session();
    const summary = reportRunToPipes(pipes, {
      materializations: [{ asset_key: ["s", "orders"] }],
      check_results: [
        {
          asset_key: ["s", "orders"],
          checks: [
            { name: "null_rate:amount", passed: false, severity: "warning" },
            { name: "null_rate.amount", passed: true },
          ],
        },
      ],
    });
    pipes.close();
    expect(checks(lines()).map((c) => [c.check_name, c.passed, c.severity])).toEqual([
      ["null_rate_amount", false, "WARN"],
    ]);
    expect(summary.checks).toBe(1);
  });
});

describe("reportRunToPipes with declaredChecks: a result for every declared check, none for others", () => {
  const run = {
    materializations: [{ asset_key: ["s", "orders"] }],
    check_results: [
      {
        asset_key: ["s", "orders"],
        checks: [
          { name: "row_count", passed: true },
          { name: "custom:undeclared", passed: false },
        ],
      },
    ],
  };

  it("placeholders follow dagster-rocky 1.74.0: a measurement rocky did not take fails at WARN, silence passes compliance, a table not materialized fails", () => {
    const { pipes, lines } = session(["s/orders", "s/refunds"]);
    const summary = reportRunToPipes(pipes, run, {
      declaredChecks: [
        { assetKey: "s/orders", name: "row_count" },
        { assetKey: ["s", "orders"], name: "freshness" },
        { assetKey: "s/orders", name: "compliance_exception" },
        { assetKey: "s/refunds", name: "row_count" },
        { assetKey: "s/elsewhere", name: "row_count" },
      ],
    });
    pipes.close();
    const got = checks(lines()).map((c) => [
      c.asset_key,
      c.check_name,
      c.passed,
      c.severity,
      c.metadata?.status?.raw_value,
    ]);
    expect(got).toEqual([
      ["s/orders", "row_count", true, "ERROR", undefined],
      ["s/orders", "freshness", false, "WARN", "not produced by rocky (check type: freshness)"],
      [
        "s/orders",
        "compliance_exception",
        true,
        "WARN",
        "no compliance_exception reported by rocky",
      ],
      ["s/refunds", "row_count", false, "WARN", "table not materialized"],
    ]);
    expect(summary).toMatchObject({ checks: 4, checksFailed: 2 });
    const warnings = lines().filter((l) => l.method === "log" && l.params.level === "WARNING");
    expect(warnings.map((l) => l.params.message)).toEqual([
      "rocky: check custom_undeclared on s/orders is not declared on the Dagster asset; not reported",
    ]);
  });

  it("a pruned table's declared check passes as not re-checked; a contained model's fails with the reason", () => {
    const { pipes, lines } = session(["s/orders", "s/refunds", "s/stats", "s/customers"]);
    reportRunToPipes(
      pipes,
      {
        materializations: [{ asset_key: ["s", "orders"] }],
        excluded_tables: [{ asset_key: ["s", "refunds"], reason: "unchanged_since_last_copy" }],
        contained: [{ model: "stats", blocked_by: ["orders_raw"], unblock_hint: "fix orders_raw" }],
        check_results: [
          { asset_key: ["s", "stats"], checks: [] },
          { asset_key: ["s", "customers"], checks: [] },
        ],
      },
      {
        declaredChecks: [
          { assetKey: "s/refunds", name: "row_count" },
          { assetKey: "s/stats", name: "row_count" },
        ],
      },
    );
    pipes.close();
    const got = checks(lines()).map((c) => [c.asset_key, c.passed, c.severity, c.metadata]);
    expect(got).toEqual([
      [
        "s/refunds",
        true,
        "ERROR",
        {
          status: {
            raw_value:
              "not checked: source unchanged since last copy (prune_unchanged) — no prior evaluation on record",
            type: "text",
          },
          "rocky/pruned_unchanged": { raw_value: true, type: "bool" },
        },
      ],
      [
        "s/stats",
        false,
        "WARN",
        {
          status: {
            raw_value:
              "not checked: model withheld by failure containment (blocked by orders_raw) — fix orders_raw",
            type: "text",
          },
        },
      ],
    ]);
  });

  it("a group check (cross_source_overlap) rocky reported on a sibling: the others get the group's verdict; none reported: a WARN failure", () => {
    const { pipes, lines } = session(["a/orders", "b/orders", "c/orders", "a/x"]);
    const name = "cross_source_overlap_duckdb_orders";
    reportRunToPipes(
      pipes,
      {
        materializations: ["a", "b", "c"].map((s) => ({ asset_key: [s, "orders"] })),
        check_results: [
          {
            asset_key: ["a", "orders"],
            checks: [
              { name: "cross_source_overlap:duckdb.orders", passed: false, severity: "warning" },
            ],
          },
        ],
      },
      {
        declaredChecks: [
          ...["a/orders", "b/orders", "c/orders"].map((assetKey) => ({ assetKey, name })),
          { assetKey: "a/x", name: "cross_source_overlap_duckdb_x" },
        ],
      },
    );
    pipes.close();
    const got = checks(lines()).map((c) => [
      c.asset_key,
      c.passed,
      c.severity,
      c.metadata?.["rocky/group_check_carrier"]?.raw_value,
    ]);
    expect(got).toEqual([
      ["a/orders", false, "WARN", undefined],
      ["b/orders", false, "WARN", "a/orders"],
      ["c/orders", false, "WARN", "a/orders"],
      ["a/x", false, "WARN", undefined],
    ]);
    expect(checks(lines()).at(-1)?.metadata?.status?.raw_value).toMatch(
      /^group check: not evaluated in this run/,
    );
  });

  it("a check already reported in the session (compliance first, as dagster-rocky orders it) gets no placeholder", () => {
    const { pipes, lines } = session();
    pipes.reportAssetCheck({
      assetKey: "s/orders",
      checkName: "compliance_exception",
      passed: false,
    });
    reportRunToPipes(pipes, run, {
      declaredChecks: [{ assetKey: "s/orders", name: "compliance_exception" }],
    });
    pipes.close();
    expect(checks(lines()).filter((c) => c.check_name === "compliance_exception")).toHaveLength(1);
  });
});

describe("float metadata keeps a decimal point on the wire (Dagster's FloatMetadataValue rejects an int)", () => {
  it("integral floats are written N.0; ints, non-integral floats and text are untouched", () => {
    const { pipes, raw, lines } = session();
    pipes.reportAssetMaterialization({
      assetKey: "s/orders",
      metadata: {
        zero: pipesMetadata.float(0),
        big: pipesMetadata.float(42),
        neg: pipesMetadata.float(-3),
        half: pipesMetadata.float(0.5),
        huge: pipesMetadata.float(1e21),
        count: pipesMetadata.int(7),
        lookalike: pipesMetadata.text("0"),
      },
    });
    pipes.close();
    const text = raw();
    expect(text).toContain('"zero":{"raw_value":0.0,"type":"float"}');
    expect(text).toContain('"big":{"raw_value":42.0,"type":"float"}');
    expect(text).toContain('"neg":{"raw_value":-3.0,"type":"float"}');
    expect(text).toContain('"half":{"raw_value":0.5,"type":"float"}');
    expect(text).toContain('"huge":{"raw_value":1e+21,"type":"float"}');
    expect(text).toContain('"count":{"raw_value":7,"type":"int"}');
    const md = lines().find((l) => l.method === "report_asset_materialization").params.metadata;
    expect([md.zero.raw_value, md.big.raw_value, md.lookalike.raw_value]).toEqual([0, 42, "0"]);
  });
});
