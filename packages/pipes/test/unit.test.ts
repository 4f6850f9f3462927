import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  DagsterPipesError,
  decodePipesParam,
  encodePipesParam,
  inferMetadataValue,
  normalizeContextData,
  type OpenDagsterPipesOptions,
  openDagsterPipes,
  openPipesSessionCount,
  PIPES_SESSION_SYMBOL,
  type PipesContext,
  pipesMetadata,
  reportRunToPipes,
  serializeError,
  toAssetKeyPath,
  toAssetKeyString,
} from "../src/index.js";
import type { Json } from "./orchestrator.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function session(
  context: Record<string, unknown>,
  extra: Partial<OpenDagsterPipesOptions> = {},
): { pipes: PipesContext; lines: () => Record<string, Json>[] } {
  const dir = mkdtempSync(join(tmpdir(), "pipes-unit-"));
  dirs.push(dir);
  const messages = join(dir, "messages");
  const pipes = openDagsterPipes({
    env: {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: context }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    },
    handleProcessExit: false,
    ...extra,
  });
  const lines = () =>
    readFileSync(messages, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, Json>);
  return { pipes, lines };
}

const errorCode = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DagsterPipesError) return error.code;
    throw error;
  }
  return "no error";
};

describe("bootstrap param encoding", () => {
  const value = { path: "/tmp/x", n: 1 };
  it("decodes base64(zlib(json)), plain base64 JSON and raw JSON", () => {
    expect(decodePipesParam(deflateSync(JSON.stringify(value)).toString("base64"))).toEqual(value);
    expect(decodePipesParam(Buffer.from(JSON.stringify(value)).toString("base64"))).toEqual(value);
    expect(decodePipesParam(JSON.stringify(value))).toEqual(value);
    expect(decodePipesParam(encodePipesParam(value))).toEqual(value);
  });
  it("rejects garbage with INVALID_BOOTSTRAP", () => {
    expect(errorCode(() => decodePipesParam("not base64 !"))).toBe("INVALID_BOOTSTRAP");
    expect(errorCode(() => decodePipesParam(Buffer.from("nope").toString("base64")))).toBe(
      "INVALID_BOOTSTRAP",
    );
    expect(errorCode(() => decodePipesParam(""))).toBe("INVALID_BOOTSTRAP");
  });
  it("round-trips any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(decodePipesParam(encodePipesParam(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe("asset key strings", () => {
  it("joins parts with / and escapes / inside a part", () => {
    expect(toAssetKeyString(["duckdb", "orders", "orders"])).toBe("duckdb/orders/orders");
    expect(toAssetKeyString(["", "marts", "fct"])).toBe("/marts/fct");
    expect(toAssetKeyString(["a", "b/c"])).toBe("a/b\\/c");
    expect(toAssetKeyPath("a/b\\/c")).toEqual(["a", "b/c"]);
    expect(errorCode(() => toAssetKeyString([]))).toBe("INVALID_PARAM");
  });
  it("round-trips parts without backslashes", () => {
    const part = fc.string().filter((s) => !s.includes("\\"));
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1 }).filter((p) => p.at(-1) !== ""),
        (parts) => {
          expect(toAssetKeyPath(toAssetKeyString(parts))).toEqual(parts);
        },
      ),
    );
  });
});

describe("metadata type inference", () => {
  it.each([
    ["text", "hello", { raw_value: "hello", type: "text" }],
    ["int", 42, { raw_value: 42, type: "int" }],
    ["float", 0.5, { raw_value: 0.5, type: "float" }],
    ["bigint", 7n, { raw_value: 7, type: "int" }],
    ["bool", false, { raw_value: false, type: "bool" }],
    ["null", null, { raw_value: null, type: "null" }],
    ["json array", [1, "a"], { raw_value: [1, "a"], type: "json" }],
    ["json object", { a: { b: 1 } }, { raw_value: { a: { b: 1 } }, type: "json" }],
    [
      "timestamp",
      new Date("2026-01-01T00:00:01.500Z"),
      { raw_value: 1767225601.5, type: "timestamp" },
    ],
    ["url", new URL("https://example.com/x"), { raw_value: "https://example.com/x", type: "url" }],
    ["path", new URL("file:///tmp/a.csv"), { raw_value: "/tmp/a.csv", type: "path" }],
    ["explicit", { raw_value: "# hi", type: "md" }, { raw_value: "# hi", type: "md" }],
    ["explicit infer", { raw_value: 1, type: "__infer__" }, { raw_value: 1, type: "__infer__" }],
  ] as const)("%s", (_name, input, expected) => {
    expect(inferMetadataValue(input as never)).toEqual(expected);
  });

  it("refuses values JSON cannot carry", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 2n ** 64n, new Date("x"), () => 1]) {
      expect(errorCode(() => inferMetadataValue(bad as never))).toBe("INVALID_METADATA");
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorCode(() => inferMetadataValue(cyclic as never))).toBe("INVALID_METADATA");
    expect(errorCode(() => inferMetadataValue(new Map() as never))).toBe("INVALID_METADATA");
    expect(errorCode(() => inferMetadataValue({ raw_value: 1, type: "integer" } as never))).toBe(
      "INVALID_METADATA",
    );
  });

  it("has explicit constructors", () => {
    expect(pipesMetadata.float(1)).toEqual({ raw_value: 1, type: "float" });
    expect(pipesMetadata.timestamp("2026-01-01T00:00:00Z")).toEqual({
      raw_value: 1767225600,
      type: "timestamp",
    });
    expect(pipesMetadata.asset(["a", "b"])).toEqual({ raw_value: "a/b", type: "asset" });
    expect(errorCode(() => pipesMetadata.int(1.5))).toBe("INVALID_METADATA");
  });
});

describe("PipesException serialization", () => {
  it("serializes name, message, stack frames and the cause chain", () => {
    const error = new Error("outer", { cause: new TypeError("inner") });
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({
      name: "Error",
      message: "Error: outer",
      context: null,
      cause: { name: "TypeError", message: "TypeError: inner", cause: null, context: null },
    });
    expect(serialized.stack.every((frame) => /^\s+at .*\n$/.test(frame))).toBe(true);
  });
  it("handles thrown non-errors and cyclic causes", () => {
    expect(serializeError("plain")).toEqual({
      message: "plain",
      stack: [],
      name: null,
      cause: null,
      context: null,
    });
    expect(serializeError({ code: 1 }).message).toBe('{"code":1}');
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(serializeError(a).cause?.cause).toBeNull();
  });
});

describe("context payload", () => {
  it("normalizes absent keys to null and validates types", () => {
    expect(normalizeContextData({ run_id: "r" })).toEqual({
      asset_keys: null,
      code_version_by_asset_key: null,
      provenance_by_asset_key: null,
      partition_key: null,
      partition_key_range: null,
      partition_time_window: null,
      run_id: "r",
      job_name: null,
      retry_number: 0,
      extras: {},
    });
    expect(errorCode(() => normalizeContextData({}))).toBe("INVALID_CONTEXT");
    expect(errorCode(() => normalizeContextData({ run_id: "r", asset_keys: "a" }))).toBe(
      "INVALID_CONTEXT",
    );
    expect(errorCode(() => normalizeContextData([]))).toBe("INVALID_CONTEXT");
  });

  it("refuses unusable bootstrap variables", () => {
    const env = (context: unknown, messages?: unknown) => ({
      DAGSTER_PIPES_CONTEXT: encodePipesParam(context),
      ...(messages === undefined ? {} : { DAGSTER_PIPES_MESSAGES: encodePipesParam(messages) }),
    });
    const open = (e: Record<string, string>) => () =>
      openDagsterPipes({ env: e, handleProcessExit: false });
    expect(errorCode(open(env({ data: { run_id: "r" } })))).toBe("INVALID_BOOTSTRAP");
    expect(errorCode(open(env({ nothing: 1 }, { path: "/tmp/x" })))).toBe("INVALID_BOOTSTRAP");
    expect(errorCode(open(env({ path: "/nonexistent/ctx.json" }, { path: "/tmp/x" })))).toBe(
      "INVALID_CONTEXT",
    );
    expect(errorCode(open(env({ data: { run_id: "r" } }, { stdio: "stdfoo" })))).toBe(
      "INVALID_BOOTSTRAP",
    );
    expect(errorCode(open(env({ data: { run_id: "r" } }, { s3: "bucket" })))).toBe(
      "INVALID_BOOTSTRAP",
    );
    expect(openPipesSessionCount()).toBe(0);
  });

  it("reads a context file given by path", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipes-ctx-"));
    dirs.push(dir);
    writeFileSync(join(dir, "ctx"), JSON.stringify({ run_id: "from-file", asset_keys: ["x"] }));
    const chunks: string[] = [];
    const pipes = openDagsterPipes({
      env: {
        DAGSTER_PIPES_CONTEXT: encodePipesParam({ path: join(dir, "ctx") }),
        DAGSTER_PIPES_MESSAGES: encodePipesParam({ stdio: "stdout" }),
      },
      stdout: { write: (c: string) => chunks.push(c) },
      handleProcessExit: false,
    });
    expect([pipes.runId, pipes.assetKey, pipes.isAssetStep, pipes.isPartitionStep]).toEqual([
      "from-file",
      "x",
      true,
      false,
    ]);
    expect(pipes.destination).toEqual({ kind: "stdio", stream: "stdout", buffered: false });
    pipes.close();
    expect(chunks.map((c) => JSON.parse(c).method)).toEqual(["opened", "closed"]);
  });
});

describe("session symbol", () => {
  it("counts open sessions, is absent when none is open and never goes negative", () => {
    const key = Symbol.for(PIPES_SESSION_SYMBOL);
    const store = globalThis as unknown as Record<symbol, unknown>;
    expect(PIPES_SESSION_SYMBOL).toBe("@dagster-rocky/pipes.session");
    expect(store[key]).toBeUndefined();
    const a = session({ run_id: "a" });
    expect(store[key]).toBe(1);
    const b = session({ run_id: "b" });
    expect(store[key]).toBe(2);
    a.pipes.close();
    a.pipes.close();
    expect(store[key]).toBe(1);
    b.pipes.close(new Error("x"));
    expect(store[key]).toBeUndefined();
    b.pipes.close();
    expect(openPipesSessionCount()).toBe(0);
    expect(b.lines().map((m) => m.method)).toEqual(["opened", "closed"]);
  });
});

describe("no-op context", () => {
  it("warns through the provided logger once per process and sends nothing", () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) };
    const first = openDagsterPipes({ env: {}, logger });
    const second = openDagsterPipes({ env: {}, logger });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("DAGSTER_PIPES_CONTEXT is not set");
    first.reportAssetMaterialization({ metadata: { a: 1 } });
    first.reportAssetCheck({ checkName: "c", passed: true });
    first.log.error("dropped");
    first.close();
    second.close();
    expect(first.isDagsterPipesProcess).toBe(false);
    expect(first.destination).toBeNull();
    expect(openPipesSessionCount()).toBe(0);
  });
});

describe("reportRunToPipes options", () => {
  const run = {
    materializations: [
      {
        asset_key: ["duckdb", "shop", "orders"],
        rows_copied: null,
        duration_ms: 5,
        metadata: { strategy: "full_refresh", target_table_full_name: null, sql_hash: null },
      },
    ],
    check_results: [
      {
        asset_key: ["duckdb", "shop", "orders"],
        checks: [{ name: "freshness", passed: false, lag_seconds: 90, threshold_seconds: 60 }],
      },
    ],
    errors: [
      { asset_key: ["duckdb", "shop", "refunds"], error: "timeout", failure_kind: "transient" },
    ],
  };

  it("maps keys with assetKeyFor and reports failed tables as failed checks", () => {
    const { pipes, lines } = session({ run_id: "r", asset_keys: ["shop/orders", "shop/refunds"] });
    const seen: string[] = [];
    const summary = reportRunToPipes(pipes, run, {
      assetKeyFor: (entry, source) => {
        seen.push(source.kind);
        return entry.asset_key.slice(1);
      },
      failedTables: "check",
      failedTableCheckName: "rocky_ok",
    });
    pipes.close();
    expect(seen).toEqual(["materialization", "check", "error"]);
    expect(summary).toEqual({
      materializations: 1,
      checks: 2,
      checksFailed: 2,
      failedTables: 1,
      assetKeys: ["shop/orders"],
    });
    const messages = lines();
    expect(messages.map((m) => m.method)).toEqual([
      "opened",
      "report_asset_materialization",
      "report_asset_check",
      "log",
      "report_asset_check",
      "closed",
    ]);
    expect(messages[1]?.params).toEqual({
      asset_key: "shop/orders",
      data_version: null,
      metadata: {
        duration_ms: { raw_value: 5, type: "int" },
        strategy: { raw_value: "full_refresh", type: "text" },
      },
    });
    expect(messages[2]?.params).toMatchObject({
      check_name: "freshness",
      passed: false,
      severity: "ERROR",
    });
    expect(messages[4]?.params).toEqual({
      asset_key: "shop/refunds",
      check_name: "rocky_ok",
      passed: false,
      severity: "ERROR",
      metadata: {
        failure_kind: { raw_value: "transient", type: "text" },
        error: { raw_value: "timeout", type: "text" },
      },
    });
  });

  it("passes keys the step did not select through unchanged", () => {
    const { pipes, lines } = session({ run_id: "r", asset_keys: ["something/else"] });
    reportRunToPipes(pipes, { materializations: run.materializations });
    pipes.close();
    expect(lines()[1]?.params?.asset_key).toBe("duckdb/shop/orders");
  });

  it("rejects a result without materializations", () => {
    const { pipes } = session({ run_id: "r" });
    expect(errorCode(() => reportRunToPipes(pipes, {} as never))).toBe("INVALID_PARAM");
    pipes.close();
  });
});
