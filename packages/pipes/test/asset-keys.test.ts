// The asset keys dagster-rocky 1.74.0 gives rocky's tables. The differential against the Python
// translator and component on the contract fixtures and rocky-sim is
// interop/test/asset-keys.diff.test.ts.
import { describe, expect, it } from "vitest";
import {
  DagsterPipesError,
  type RockyDiscoverLike,
  rockyAssetKeys,
  rockyDagNodeAssetKey,
  rockyGroupName,
  rockyModelAssetKey,
  rockyNativeAssetKey,
  rockySourceAssetKey,
} from "../src/index.js";

const shop = {
  source_type: "duckdb",
  components: { source: "shop" },
  tables: [{ name: "orders" }],
};
const multi = {
  source_type: "fivetran",
  components: { client: "acme", regions: ["us", "eu"] },
  tables: [{ name: "orders" }, { name: "refunds" }],
};

describe("a discovered table: the translator's key and rocky's own", () => {
  it("[source_type, ...components, table]; a multi-valued component is one part joined by __ for Dagster, spread for rocky", () => {
    expect(rockySourceAssetKey(shop, { name: "orders" })).toEqual(["duckdb", "shop", "orders"]);
    expect(rockyNativeAssetKey(shop, "orders")).toEqual(["duckdb", "shop", "orders"]);
    expect(rockySourceAssetKey(multi, { name: "orders" })).toEqual([
      "fivetran",
      "acme",
      "us__eu",
      "orders",
    ]);
    expect(rockyNativeAssetKey(multi, "orders")).toEqual([
      "fivetran",
      "acme",
      "us",
      "eu",
      "orders",
    ]);
  });

  it("the group is the first single-valued component, else the source type", () => {
    expect(rockyGroupName(multi)).toBe("acme");
    expect(rockyGroupName({ source_type: "s3", components: { r: ["a"] }, tables: [] })).toBe("s3");
  });
});

describe("models and dag nodes", () => {
  it("a model is [catalog, schema, table] of its target", () => {
    expect(rockyModelAssetKey({ target: { catalog: "w", schema: "marts", table: "rev" } })).toEqual(
      ["w", "marts", "rev"],
    );
  });
  it("a dag node's key follows its kind", () => {
    const t = { catalog: "c", schema: "s", table: "t" };
    expect(
      rockyDagNodeAssetKey({ id: "x", kind: "transformation", label: "t", target: t }),
    ).toEqual(["c", "s", "t"]);
    expect(rockyDagNodeAssetKey({ id: "x", kind: "seed", label: "countries" })).toEqual([
      "seed",
      "countries",
    ]);
    expect(rockyDagNodeAssetKey({ id: "x", kind: "source", label: "", pipeline: "p" })).toEqual([
      "p",
      "source",
    ]);
    expect(rockyDagNodeAssetKey({ id: "x", kind: "load", label: "" })).toEqual(["default", "load"]);
    expect(rockyDagNodeAssetKey({ id: "x", kind: "quality", label: "", pipeline: "p" })).toEqual([
      "quality",
      "p",
    ]);
    expect(rockyDagNodeAssetKey({ id: "x", kind: "snapshot", label: "", pipeline: "p" })).toEqual([
      "snapshot",
      "p",
    ]);
    expect(rockyDagNodeAssetKey({ id: "test:a.b-c", kind: "test", label: "" })).toEqual([
      "test_a_b_c",
    ]);
    expect(
      rockyDagNodeAssetKey({ id: "x:y", kind: "transformation", label: "", target: null }),
    ).toEqual(["x_y"]);
  });
});

describe("rockyAssetKeys: rocky's keys of a run resolve as dagster-rocky's component resolves them", () => {
  const discover: RockyDiscoverLike = { sources: [shop, multi] };

  it("a known rocky key maps to the translator's key; an unknown one stays as rocky printed it", () => {
    const keys = rockyAssetKeys({ discover });
    expect(keys.forRockyKey(["fivetran", "acme", "us", "eu", "orders"])).toEqual([
      "fivetran",
      "acme",
      "us__eu",
      "orders",
    ]);
    expect(keys.forEntry({ asset_key: ["duckdb", "shop", "orders"] })).toEqual([
      "duckdb",
      "shop",
      "orders",
    ]);
    expect(keys.forRockyKey(["w", "marts", "rev"])).toEqual(["w", "marts", "rev"]);
  });

  it("shadow run keys (rocky names the shadow table) stay as rocky's, as dagster-rocky keeps them", () => {
    expect(
      rockyAssetKeys({ discover }).forRockyKey(["duckdb", "shop", "orders_dagster_pr_42"]),
    ).toEqual(["duckdb", "shop", "orders_dagster_pr_42"]);
  });

  it("with shadowSuffix, a shadow table's key is the production table's", () => {
    const keys = rockyAssetKeys({ discover, shadowSuffix: "_dagster_pr_42" });
    expect(keys.forRockyKey(["duckdb", "shop", "orders_dagster_pr_42"])).toEqual([
      "duckdb",
      "shop",
      "orders",
    ]);
    expect(keys.forRockyKey(["fivetran", "acme", "us", "eu", "refunds_dagster_pr_42"])).toEqual([
      "fivetran",
      "acme",
      "us__eu",
      "refunds",
    ]);
    // Only a name ending in the suffix, and longer than it, is renamed.
    expect(keys.forRockyKey(["duckdb", "shop", "_dagster_pr_42"])).toEqual([
      "duckdb",
      "shop",
      "_dagster_pr_42",
    ]);
    expect(keys.forTable("w.staging__shop.refunds_dagster_pr_42")).toEqual([
      "fivetran",
      "acme",
      "us__eu",
      "refunds",
    ]);
    expect(() => rockyAssetKeys({ shadowSuffix: "pr-42" })).toThrow(DagsterPipesError);
  });

  it("a table named by a string: dotted tails first, then a unique last part; ambiguous → null; the selection limits", () => {
    const keys = rockyAssetKeys({ discover });
    expect(keys.forTable("duckdb.shop.orders")).toEqual(["duckdb", "shop", "orders"]);
    expect(keys.forTable("poc.staging__shop.refunds")).toEqual([
      "fivetran",
      "acme",
      "us__eu",
      "refunds",
    ]);
    expect(keys.forTable("w.x.orders")).toBeNull(); // two tables end with orders
    expect(keys.forTable("refunds", new Set(["duckdb/shop/orders"]))).toBeNull();
    expect(keys.forTable("orders", new Set(["duckdb/shop/orders"]))).toEqual([
      "duckdb",
      "shop",
      "orders",
    ]);
  });

  it("a model name resolves to the last table with that name, else to the compiled model", () => {
    const keys = rockyAssetKeys({
      discover,
      compile: {
        models_detail: [{ name: "rev", target: { catalog: "w", schema: "m", table: "rev" } }],
      },
    });
    expect(keys.forModel("orders")).toEqual(["fivetran", "acme", "us__eu", "orders"]);
    expect(keys.forModel("rev")).toEqual(["w", "m", "rev"]);
    expect(keys.forModel("nope")).toBeNull();
    expect(keys.forModel("orders", new Set(["duckdb/shop/orders"]))).toBeNull();
  });

  it("within a group, a table whose Dagster key is taken keeps rocky's key (dagster-rocky drops the duplicate spec)", () => {
    const keys = rockyAssetKeys({
      discover: {
        sources: [
          { source_type: "t", components: { a: "g", b: "x__y" }, tables: [{ name: "o" }] },
          { source_type: "t", components: { a: "g", b: ["x", "y"] }, tables: [{ name: "o" }] },
        ],
      },
    });
    expect(keys.forRockyKey(["t", "g", "x", "y", "o"])).toEqual(["t", "g", "x", "y", "o"]);
    expect(keys.forRockyKey(["t", "g", "x__y", "o"])).toEqual(["t", "g", "x__y", "o"]);
  });
});
