// The verbs engines newer than 1.71 added (freshness, costByProduct, productList, productJournal,
// packageList/Add/Update/Remove, reconcileWatermark, scheduleSpool, profile): rocky-sdk 0.29.0's
// argv for every combination of options, the value rules before any spawn, the engine floors,
// fail closed in a Dagster+ PR deployment, and outputs parsed with the models rocky-sdk ships.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JsonSchema, sample } from "../../../test-support/json-schema-sample.js";
import {
  RockyConfigError,
  RockyOutputParseError,
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  RockyVersionError,
} from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";
import type { RockyVerb } from "../src/verbs/index.js";
import { standIn } from "./standin.js";

const GLOBALS = ["--config=rocky.toml", "--output", "json"];

/** The verb's argv (after the global flags) for `call`, without spawning. */
const argv = async (verb: RockyVerb, call: unknown, options: RockyResourceOptions = {}) => {
  const { argv: all } = await prepareInvocation(
    new RockyResource({ env: {}, ...options }),
    verb,
    call,
  );
  expect(all.slice(0, 3)).toEqual(GLOBALS);
  return all.slice(3);
};

/** Every subset of `options` (each key present or absent). */
function subsets<T extends Record<string, unknown>>(options: T): Partial<T>[] {
  const keys = Object.keys(options);
  const out: Partial<T>[] = [];
  for (let mask = 0; mask < 1 << keys.length; mask++) {
    out.push(
      Object.fromEntries(
        keys.filter((_, i) => mask & (1 << i)).map((k) => [k, options[k]]),
      ) as Partial<T>,
    );
  }
  return out;
}

/** rocky-sdk's `_package_build_args` + `_build_empty_args` + `_dbt_run_args`, in our `--flag=value` form. */
function packageBuildFlags(o: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const [k, v] of Object.entries((o.vars ?? {}) as Record<string, string>)) {
    args.push(`--vars=${k}=${v}`);
  }
  if (o.targetSchema !== undefined) args.push(`--target-schema=${o.targetSchema}`);
  if (o.compiled !== undefined) args.push(`--compiled=${o.compiled}`);
  if (o.buildEmpty === true) args.push("--build-empty");
  if (o.buildEmpty === false) args.push("--build-empty=false");
  if (o.allowSecretVar === true) args.push("--allow-secret-var");
  if (o.dbtTimeout !== undefined) args.push(`--dbt-timeout=${o.dbtTimeout}`);
  return args;
}

const BUILD = {
  vars: { stripe_schema: "raw_stripe", "stripe.db": "a=b c" },
  compiled: "./target/dbt",
  allowSecretVar: true,
  dbtTimeout: 60,
};

describe("argv: rocky-sdk's flags for every combination of each verb's options", () => {
  it("freshness: with and without pipeline", async () => {
    expect(await argv("freshness", {})).toEqual(["freshness"]);
    expect(await argv("freshness", { pipeline: "bronze" })).toEqual([
      "freshness",
      "--pipeline=bronze",
    ]);
  });
  it("costByProduct: --month and --by product", async () => {
    expect(await argv("costByProduct", { month: "2026-04" })).toEqual([
      "cost",
      "--month=2026-04",
      "--by=product",
    ]);
  });
  it("productList, packageList, scheduleSpool: the command words only", async () => {
    expect(await argv("productList", {})).toEqual(["product", "list"]);
    expect(await argv("packageList", {})).toEqual(["package", "list"]);
    expect(await argv("scheduleSpool", {})).toEqual(["state", "schedule", "spool"]);
  });
  it("productJournal: the product after --", async () => {
    expect(await argv("productJournal", { product: "orders_mart" })).toEqual([
      "product",
      "journal",
      "--",
      "orders_mart",
    ]);
  });
  it("packageAdd: 128 combinations (buildEmpty unset, true and false)", async () => {
    let n = 0;
    for (const o of subsets({ ...BUILD, targetSchema: "stripe" })) {
      for (const buildEmpty of [undefined, true, false]) {
        const call = { ...o, ...(buildEmpty === undefined ? {} : { buildEmpty }) };
        expect(
          await argv("packageAdd", { ...call, spec: "fivetran/stripe@>=1.0.0,<2.0.0" }),
        ).toEqual([
          "package",
          "add",
          ...packageBuildFlags(call),
          "--",
          "fivetran/stripe@>=1.0.0,<2.0.0",
        ]);
        n++;
      }
    }
    expect(n).toBe(96);
  });
  it("packageUpdate: every combination, with and without a name", async () => {
    for (const o of subsets({ ...BUILD, name: "stripe" })) {
      for (const buildEmpty of [undefined, true, false]) {
        const call = { ...o, ...(buildEmpty === undefined ? {} : { buildEmpty }) };
        const tail = call.name === undefined ? [] : ["--", call.name];
        expect(await argv("packageUpdate", call)).toEqual([
          "package",
          "update",
          ...packageBuildFlags(call),
          ...tail,
        ]);
      }
    }
  });
  it("packageRemove: with and without force", async () => {
    expect(await argv("packageRemove", { name: "stripe" })).toEqual([
      "package",
      "remove",
      "--",
      "stripe",
    ]);
    expect(await argv("packageRemove", { name: "stripe", force: true })).toEqual([
      "package",
      "remove",
      "--force",
      "--",
      "stripe",
    ]);
  });
  it("reconcileWatermark: one --table per table, --dry-run", async () => {
    for (const tables of [undefined, [], ["orders"], ["orders", "raw.customers"]]) {
      for (const dryRun of [undefined, false, true]) {
        const call = {
          pipeline: "bronze",
          ...(tables === undefined ? {} : { tables }),
          ...(dryRun === undefined ? {} : { dryRun }),
        };
        expect(await argv("reconcileWatermark", call)).toEqual([
          "state",
          "reconcile-watermark",
          "--pipeline=bronze",
          ...(tables ?? []).map((t) => `--table=${t}`),
          ...(dryRun === true ? ["--dry-run"] : []),
        ]);
      }
    }
  });
  it("profile: --models always, --column, --sample only above 0", async () => {
    for (const column of [undefined, "amount"]) {
      for (const sample of [undefined, 0, 5]) {
        const call = {
          model: "orders",
          ...(column === undefined ? {} : { column }),
          ...(sample === undefined ? {} : { sample }),
        };
        expect(await argv("profile", call, { modelsDir: "src/models" })).toEqual([
          "profile",
          "--models=src/models",
          ...(column === undefined ? [] : [`--column=${column}`]),
          ...(sample ? [`--sample=${sample}`] : []),
          "--",
          "orders",
        ]);
      }
    }
  });
});

/** Calls one method through the public API. */
type Call = (r: RockyResource) => Promise<unknown>;

const BAD_VALUES: [string, Call, string][] = [
  ["freshness pipeline", (r) => r.freshness({ pipeline: "" }), "pipeline"],
  ["costByProduct month", (r) => r.costByProduct("2026-13"), "month"],
  ["costByProduct month shape", (r) => r.costByProduct("April"), "month"],
  ["productJournal product", (r) => r.productJournal("orders mart"), "product"],
  ["packageAdd spec", (r) => r.packageAdd("--force"), "spec"],
  ["packageAdd spec shape", (r) => r.packageAdd("stripe"), "spec"],
  ["packageAdd targetSchema", (r) => r.packageAdd("a/b", { targetSchema: "a-b" }), "targetSchema"],
  ["packageAdd var name", (r) => r.packageAdd("a/b", { vars: { "a=b": "x" } }), "vars.a=b"],
  ["packageAdd var value", (r) => r.packageAdd("a/b", { vars: { a: 1 as never } }), "vars.a"],
  ["packageAdd compiled", (r) => r.packageAdd("a/b", { compiled: "-x" }), "compiled"],
  ["packageAdd dbtTimeout", (r) => r.packageAdd("a/b", { dbtTimeout: 0 }), "dbtTimeout"],
  ["packageUpdate name", (r) => r.packageUpdate("../x"), "name"],
  [
    "packageUpdate buildEmpty",
    (r) => r.packageUpdate(undefined, { buildEmpty: "no" as never }),
    "buildEmpty",
  ],
  ["packageRemove name", (r) => r.packageRemove(""), "name"],
  ["reconcileWatermark pipeline", (r) => r.reconcileWatermark(""), "pipeline"],
  ["reconcileWatermark tables", (r) => r.reconcileWatermark("p", { tables: [""] }), "tables[0]"],
  [
    "reconcileWatermark tables type",
    (r) => r.reconcileWatermark("p", { tables: "orders" as never }),
    "tables",
  ],
  ["profile model", (r) => r.profile("orders;drop"), "model"],
  ["profile column", (r) => r.profile("orders", { column: "a b" }), "column"],
  ["profile sample", (r) => r.profile("orders", { sample: -1 }), "sample"],
  ["an unknown option", (r) => r.scheduleSpool({ dryRun: true } as never), "dryRun"],
];

describe("value rules: a bad value is a RockyConfigError naming the field, before any spawn", () => {
  for (const [name, call, field] of BAD_VALUES) {
    it(name, async () => {
      const s = standIn();
      const err = await call(s.resource({ output: {} })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues.map((i) => i.path)).toContain(field);
      expect(s.calls()).toEqual([]);
    });
  }
  it("vars values are never quoted in an error (they may be secrets)", async () => {
    const s = standIn();
    const err = (await s
      .resource()
      .packageAdd("a/b", { vars: { "x=y": "s3cr3t-value" } })
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(RockyConfigError);
    expect(err.message).not.toContain("s3cr3t-value");
  });
});

const EVERY_VERB: [RockyVerb, string, Call][] = [
  ["freshness", "1.72.0", (r) => r.freshness()],
  ["costByProduct", "1.72.0", (r) => r.costByProduct("2026-04")],
  ["productList", "1.74.0", (r) => r.productList()],
  ["productJournal", "1.74.0", (r) => r.productJournal("orders_mart")],
  ["packageList", "1.77.0", (r) => r.packageList()],
  ["packageAdd", "1.77.0", (r) => r.packageAdd("fivetran/stripe")],
  ["packageUpdate", "1.77.0", (r) => r.packageUpdate()],
  ["packageRemove", "1.77.0", (r) => r.packageRemove("stripe")],
  ["reconcileWatermark", "1.72.0", (r) => r.reconcileWatermark("bronze")],
  ["scheduleSpool", "1.74.0", (r) => r.scheduleSpool()],
  ["profile", "1.77.0", (r) => r.profile("orders", { sample: 3 })],
];

describe("version gate: each verb's floor refuses an older engine with a typed error, spawning nothing", () => {
  for (const [verb, floor, call] of EVERY_VERB) {
    it(`${verb}: refused on the version below ${floor}, spawned on ${floor}`, async () => {
      const [major, minor] = floor.split(".").map(Number) as [number, number];
      const below = `${major}.${minor - 1}.9`;
      const s = standIn();
      const err = await call(s.resource({ version: below, output: "not json" })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RockyVersionError);
      expect(err).toMatchObject({
        code: "VERSION_TOO_OLD",
        minimumVersion: floor,
        detectedVersion: below,
      });
      expect(s.calls()).toEqual([]);
      // On the floor itself the verb spawns (and the stand-in's text fails to parse).
      const ok = await call(s.resource({ version: floor, output: "not json" })).catch(
        (e: unknown) => e,
      );
      expect(ok).toBeInstanceOf(RockyOutputParseError);
      expect(s.calls()).toHaveLength(1);
    });
  }
  it("profile without sample needs only rocky 1.46.0 (its verb floor)", async () => {
    const s = standIn();
    const err = await s
      .resource({ version: "1.45.3" })
      .profile("orders")
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VERSION_TOO_OLD", minimumVersion: "1.46.0" });
    const ok = await s
      .resource({ version: "1.71.0", output: "x" })
      .profile("orders", { sample: 0 })
      .catch((e: unknown) => e);
    expect(ok).toBeInstanceOf(RockyOutputParseError);
    expect(s.calls()).toHaveLength(1);
  });
});

const PR_DEPLOYMENT = {
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_DEPLOYMENT_NAME: "pr-7",
  DAGSTER_CLOUD_PULL_REQUEST_ID: "7",
  DAGSTER_CLOUD_GIT_SHA: "0123456789abcdef0123456789abcdef01234567",
};

describe("fail closed in a Dagster+ PR deployment (the variables in process.env)", () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [k, v] of Object.entries(PR_DEPLOYMENT)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterEach(() => {
    for (const k of Object.keys(PR_DEPLOYMENT)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  const WRITERS: [string, Call][] = [
    ["packageAdd", (r) => r.packageAdd("fivetran/stripe", { buildEmpty: false })],
    ["packageUpdate", (r) => r.packageUpdate("stripe")],
    ["packageRemove", (r) => r.packageRemove("stripe")],
    ["reconcileWatermark", (r) => r.reconcileWatermark("bronze")],
    ["reconcileWatermark dryRun false", (r) => r.reconcileWatermark("bronze", { dryRun: false })],
  ];
  for (const [name, call] of WRITERS) {
    it(`${name}: RockyShadowError REFUSED_WHEN_SHADOWED, nothing spawned`, async () => {
      const s = standIn();
      const err = await call(s.resource({ output: {} })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect(err).toMatchObject({ code: "REFUSED_WHEN_SHADOWED" });
      expect((err as Error).message).toMatch(/nothing was spawned/);
      expect(s.calls()).toEqual([]);
    });
  }
  it("reconcileWatermark's refusal names its dry run; a dry run spawns, with production's own flags", async () => {
    const s = standIn();
    const err = (await s
      .resource()
      .reconcileWatermark("bronze")
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/dry run/);
    await s
      .resource({ output: "x" })
      .reconcileWatermark("bronze", { dryRun: true })
      .catch(() => {});
    expect(s.calls()).toEqual([
      [...GLOBALS, "state", "reconcile-watermark", "--pipeline=bronze", "--dry-run"],
    ]);
  });
  it("the read-only verbs spawn, unchanged (no shadow flag, no state isolation)", async () => {
    const s = standIn();
    const readers: Call[] = [
      (r) => r.freshness(),
      (r) => r.costByProduct("2026-04"),
      (r) => r.productList(),
      (r) => r.productJournal("p"),
      (r) => r.packageList(),
      (r) => r.scheduleSpool(),
      (r) => r.profile("orders"),
    ];
    for (const call of readers) await call(s.resource({ output: "x" })).catch(() => {});
    const calls = s.calls();
    expect(calls).toHaveLength(readers.length);
    for (const c of calls) {
      expect(c.slice(0, 3)).toEqual(GLOBALS);
      expect(c.some((a) => a.startsWith("--shadow") || a.startsWith("--state-path"))).toBe(false);
    }
  });
  it("outside a deployment the writers spawn", async () => {
    for (const k of Object.keys(PR_DEPLOYMENT)) delete process.env[k];
    const s = standIn();
    for (const [, call] of WRITERS) await call(s.resource({ output: "x" })).catch(() => {});
    expect(s.calls()).toHaveLength(WRITERS.length);
  });
});

// ------------------------------------------------------------------ outputs

const SDK_CONTRACT = join(import.meta.dirname, "..", "..", "..", "contract", "rocky-sdk-0.29.0");

const OUTPUTS: [string, string, Call][] = [
  ["freshness", "freshness", (r) => r.freshness()],
  ["costByProduct", "cost_by_product", (r) => r.costByProduct("2026-04")],
  ["productList", "product_list", (r) => r.productList()],
  ["productJournal", "product_journal", (r) => r.productJournal("p")],
  ["packageList", "package_list", (r) => r.packageList()],
  ["packageAdd", "package_add", (r) => r.packageAdd("a/b")],
  ["packageUpdate", "package_update", (r) => r.packageUpdate()],
  ["packageRemove", "package_remove", (r) => r.packageRemove("b")],
  ["reconcileWatermark", "state_reconcile_watermark", (r) => r.reconcileWatermark("p")],
  ["scheduleSpool", "schedule_spool", (r) => r.scheduleSpool()],
  ["profile", "profile", (r) => r.profile("orders")],
];

describe("outputs: rocky-sdk 0.29.0's models parse a valid document and reject an invalid one", () => {
  for (const [method, model, call] of OUTPUTS) {
    it(`${method} (${model})`, async () => {
      const schema = JSON.parse(
        readFileSync(join(SDK_CONTRACT, `${model}.schema.json`), "utf8"),
      ) as JsonSchema;
      const doc = sample(schema, schema) as Record<string, unknown>;
      const s = standIn();
      const result = (await call(s.resource({ output: doc }))) as Record<string, unknown>;
      for (const key of schema.required as string[]) expect(result[key]).toEqual(doc[key]);
      // A required field missing, then one of the wrong type: RockyOutputParseError (validation).
      const [first] = schema.required as string[];
      const { [first as string]: _dropped, ...missing } = doc;
      const wrongType = { ...doc, [first as string]: { not: "this type" } };
      for (const bad of [missing, wrongType]) {
        const err = await call(s.resource({ output: bad })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RockyOutputParseError);
        expect(err).toMatchObject({ kind: "validation" });
      }
    });
  }
  it("freshness exiting 1 with its report is a result (failed checks), as in rocky-sdk", async () => {
    const schema = JSON.parse(
      readFileSync(join(SDK_CONTRACT, "freshness.schema.json"), "utf8"),
    ) as JsonSchema;
    const doc = sample(schema, schema);
    const s = standIn();
    await expect(s.resource({ output: doc, exit: 1 }).freshness()).resolves.toMatchObject({
      command: (doc as { command: unknown }).command,
    });
    await expect(s.resource({ output: doc, exit: 2 }).freshness()).rejects.toMatchObject({
      name: "RockyCommandError",
    });
  });
});
