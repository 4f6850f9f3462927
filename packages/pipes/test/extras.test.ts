// `@dagster-rocky/pipes/extras`: the typed parser of `extras.rocky_declared_checks`.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  parseRockyDeclaredChecks,
  type RockyDeclaredCheck,
  RockyDeclaredChecksSchema,
} from "../src/extras.js";
import { DagsterPipesError, type ReportRunOptions } from "../src/index.js";

function refusal(extras: Record<string, unknown>): DagsterPipesError {
  try {
    parseRockyDeclaredChecks(extras);
  } catch (error) {
    if (error instanceof DagsterPipesError) return error;
    throw error;
  }
  throw new Error("expected a DagsterPipesError");
}

describe("rocky_declared_checks: dagster-rocky's form and a list, parsed to { assetKey, name }", () => {
  it("dagster-rocky's map of asset key → check names", () => {
    expect(
      parseRockyDeclaredChecks({
        rocky_declared_checks: {
          "duckdb/shop/orders": ["row_count", "null_rate_amount"],
          "duckdb/shop/x": [],
        },
      }),
    ).toEqual([
      { assetKey: "duckdb/shop/orders", name: "row_count" },
      { assetKey: "duckdb/shop/orders", name: "null_rate_amount" },
    ]);
  });

  it("a list of {asset_key, name}, the key as a user string or parts (a / in a part escaped)", () => {
    expect(
      parseRockyDeclaredChecks({
        rocky_declared_checks: [
          { asset_key: "duckdb/shop/orders", name: "freshness" },
          { asset_key: ["duckdb", "a/b"], name: "row_count" },
        ],
      }),
    ).toEqual([
      { assetKey: "duckdb/shop/orders", name: "freshness" },
      { assetKey: "duckdb/a\\/b", name: "row_count" },
    ]);
  });

  it("absent (outside Dagster, or not sent) → undefined", () => {
    expect(parseRockyDeclaredChecks({})).toBeUndefined();
    expect(parseRockyDeclaredChecks({ rocky_declared_checks: null })).toBeUndefined();
  });

  it("typed: the result is what reportRunToPipes takes as declaredChecks", () => {
    expectTypeOf<RockyDeclaredCheck>().toEqualTypeOf<{ assetKey: string; name: string }>();
    expectTypeOf<RockyDeclaredCheck[]>().toMatchTypeOf<
      NonNullable<ReportRunOptions["declaredChecks"]>
    >();
    expect(RockyDeclaredChecksSchema.safeParse([]).success).toBe(true);
  });
});

describe("a malformed value is refused with the entry and the expected shape named", () => {
  it.each([
    [{ rocky_declared_checks: "row_count" }, /expected an object or a list, got string/],
    [
      { rocky_declared_checks: [{ asset_key: "a/b", name: "null_rate:amount" }] },
      /\[0\]\.name: .*sanitizeCheckName/,
    ],
    [{ rocky_declared_checks: [{ asset_key: [], name: "x" }] }, /\[0\]\.asset_key/],
    [{ rocky_declared_checks: [{ asset_key: "a", name: "x", extra: 1 }] }, /\[0\]/],
    [{ rocky_declared_checks: { "a/b": "row_count" } }, /a\/b/],
  ])("%j", (extras, where) => {
    const e = refusal(extras);
    expect(e.code).toBe("INVALID_PARAM");
    expect(e.message).toMatch(/^extras\.rocky_declared_checks is malformed: /);
    expect(e.message).toMatch(where);
    expect(e.message).toContain('[{"asset_key": "a/b" or ["a", "b"], "name": "<check>"}]');
  });
});
