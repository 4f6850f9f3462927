import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCI } from "../../../test-support/ci.js";
import { createRockySimulator, type RockySimulator } from "../src/index.js";
import {
  CONTRACT_AVAILABLE,
  CONTRACT_DIR,
  CONTRACT_SKIP_MESSAGE,
  loadSchema,
  rocky,
  validate,
} from "./helpers.js";

let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterAll(async () => {
  await sim.cleanup();
});

async function json(
  args: string[],
): Promise<Record<string, unknown> & { materializations: Mat[] }> {
  const r = await rocky(sim.binaryPath, ["--output", "json", ...args], { cwd: sim.dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

interface Mat {
  asset_key: string[];
  rows_copied: number | null;
  metadata: { target_table_full_name: string };
}

if (!CONTRACT_AVAILABLE) console.warn(CONTRACT_SKIP_MESSAGE);

describe("contract folder availability", () => {
  it("is required under CI (CI=0 and CI=false are not CI)", () => {
    // Outside CI the folder may be absent; CONTRACT_AVAILABLE must then say so truthfully.
    const present =
      existsSync(join(CONTRACT_DIR, "schemas", "run.schema.json")) &&
      existsSync(join(CONTRACT_DIR, "fixtures", "run.json"));
    expect(CONTRACT_AVAILABLE, CONTRACT_SKIP_MESSAGE).toBe(present);
    if (isCI()) expect(CONTRACT_AVAILABLE, CONTRACT_SKIP_MESSAGE).toBe(true);
  });
});

describe.skipIf(!CONTRACT_AVAILABLE)("the schema checker itself", () => {
  it("accepts the real fixtures and rejects a broken one", () => {
    for (const name of ["run", "plan", "discover", "state", "doctor", "compile", "test"]) {
      const fixture = JSON.parse(
        readFileSync(join(CONTRACT_DIR, "fixtures", `${name}.json`), "utf8"),
      );
      expect(validate(loadSchema(name), fixture), name).toEqual([]);
    }
    const broken = { command: "run", status: 3 };
    expect(validate(loadSchema("run"), broken).length).toBeGreaterThan(3);
    expect(readdirSync(join(CONTRACT_DIR, "schemas")).length).toBeGreaterThan(8);
  });
});

describe("a replication run copies the simulated warehouse's tables the filter selects", () => {
  const names = (out: { materializations: Mat[] }) =>
    out.materializations.map((m) => m.metadata.target_table_full_name);

  it("one source's tables, in name order; nothing invented for a value no source has", async () => {
    const a = await json(["run", "--filter", "tenant=acme"]);
    expect(names(a)).toEqual([
      "warehouse.staging__acme.customers",
      "warehouse.staging__acme.orders",
      "warehouse.staging__acme.payments",
    ]);
    expect(a).toMatchObject({
      command: "run",
      status: "Success",
      tables_copied: 3,
      tables_failed: 0,
    });
    expect(a.shadow).toBeUndefined();
    const none = await json(["run", "--filter", "tenant=nope"]);
    expect(none.materializations).toEqual([]);
    expect(none).toMatchObject({ status: "Success", tables_copied: 0 });
    // A key that is no schema component matches no source either (mod.rs matches_filter).
    expect((await json(["run", "--filter", "region=eu"])).materializations).toEqual([]);
  });

  it("asset keys are [source type, component values, written table]; DuckDB reports no row count", async () => {
    const a = await json(["run", "--filter", "tenant=acme"]);
    expect(a.materializations.map((m) => m.asset_key)).toEqual([
      ["duckdb", "acme", "customers"],
      ["duckdb", "acme", "orders"],
      ["duckdb", "acme", "payments"],
    ]);
    expect(a.materializations.map((m) => m.rows_copied)).toEqual([null, null, null]);
    expect((a.materializations[0] as unknown as { tenant: string }).tenant).toBe("acme");
  });

  it("shadow mode with the default suffix renames the table, in the asset key too", async () => {
    const out = await json(["run", "--filter", "tenant=acme", "--shadow"]);
    expect(out.shadow).toBe(true);
    const m = out.materializations[0] as Mat;
    expect(m.metadata.target_table_full_name).toBe(
      "warehouse.staging__acme.customers_rocky_shadow",
    );
    expect(m.asset_key).toEqual(["duckdb", "acme", "customers_rocky_shadow"]);
  });

  it("shadow mode with a custom suffix", async () => {
    const out = await json([
      "run",
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-suffix",
      "_pr7",
    ]);
    expect(names(out)).toEqual([
      "warehouse.staging__acme.customers_pr7",
      "warehouse.staging__acme.orders_pr7",
      "warehouse.staging__acme.payments_pr7",
    ]);
  });

  it("--shadow-schema replaces the schema and keeps the table name (the suffix is ignored)", async () => {
    const out = await json([
      "run",
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-schema",
      "shadow_x",
      "--shadow-suffix",
      "_ignored",
    ]);
    expect(out.shadow).toBe(true);
    expect(names(out)[0]).toBe("warehouse.shadow_x.customers");
    expect(out.materializations[0]?.asset_key).toEqual(["duckdb", "acme", "customers"]);
  });

  it("--shadow-schema over several sources is refused: their tables would collide (run.rs)", async () => {
    const r = await rocky(sim.binaryPath, ["run", "--shadow", "--shadow-schema", "one"], {
      cwd: sim.dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^Error: two sources resolve to the same target table 'warehouse\.one\.customers'/,
    );
  });

  it("--branch writes to branch__<name> when the branch is registered", async () => {
    const s = await createRockySimulator({ assumeConfig: true, branches: ["feat_1"] });
    try {
      const r = await rocky(
        s.binaryPath,
        ["run", "--filter", "tenant=acme", "--branch", "feat_1"],
        {
          cwd: s.dir,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.shadow).toBe(true);
      expect((out.materializations[0] as Mat).metadata.target_table_full_name).toBe(
        "warehouse.branch__feat_1.customers",
      );
    } finally {
      await s.cleanup();
    }
  });

  it("no --filter runs every discovered source", async () => {
    const out = await json(["run"]);
    expect(out.filter).toBe("");
    expect(new Set(out.materializations.map((m) => m.asset_key[1]))).toEqual(
      new Set(["acme", "globex", "initech"]),
    );
  });

  it("--filter table=<name> keeps that table only", async () => {
    const out = await json(["run", "--filter", "table=orders"]);
    expect(out.materializations.map((m) => m.asset_key.at(-1))).toEqual([
      "orders",
      "orders",
      "orders",
    ]);
  });

  it("writes one progress line per table to stderr", async () => {
    const r = await rocky(sim.binaryPath, ["run", "--filter", "tenant=acme"], { cwd: sim.dir });
    const lines = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.fields.message === "table copied")).toHaveLength(3);
  });

  it("--idempotency-key and ROCKY_IDEMPOTENCY_KEY are echoed", async () => {
    expect(
      (await json(["run", "--filter", "a=b", "--idempotency-key", "k1"])).idempotency_key,
    ).toBe("k1");
    const r = await rocky(sim.binaryPath, ["run", "--filter", "a=b"], {
      cwd: sim.dir,
      env: { ROCKY_IDEMPOTENCY_KEY: "from-env" },
    });
    expect(JSON.parse(r.stdout).idempotency_key).toBe("from-env");
  });
});

describe.skipIf(!CONTRACT_AVAILABLE)("outputs conform to the rocky JSON Schemas", () => {
  const cases: [string, string[]][] = [
    ["run", ["run", "--filter", "tenant=acme"]],
    ["run", ["run", "--filter", "tenant=acme", "--shadow", "--shadow-suffix", "_s"]],
    ["run", ["run", "--filter", "tenant=acme", "--shadow", "--shadow-schema", "sx"]],
    ["plan", ["plan", "--filter", "tenant=acme"]],
    ["discover", ["discover", "--with-schemas"]],
    ["state", ["state"]],
    ["state", ["state", "show"]],
    ["doctor", ["doctor"]],
    ["compile", ["compile"]],
    ["test", ["test"]],
    ["compare", ["compare", "--filter", "tenant=acme"]],
  ];
  for (const [schema, args] of cases) {
    it(`${args.join(" ")} -> ${schema}.schema.json`, async () => {
      // compare reads the shadow tables a shadow run wrote.
      if (schema === "compare") await json(["run", "--filter", "tenant=acme", "--shadow"]);
      const out = await json(args);
      expect(validate(loadSchema(schema), out)).toEqual([]);
      if (schema !== "doctor") expect(out.version).toBe("1.71.0");
    });
  }

  it("partial failure, failure and compare-fail outputs conform too", async () => {
    const s = await createRockySimulator({
      assumeConfig: true,
      version: "1.71.3",
      commands: {
        run: { partialFailure: true },
        test: { failure: true },
        compare: { compare: "fail" },
      },
    });
    try {
      const r = await rocky(s.binaryPath, ["run", "--filter", "tenant=acme"], { cwd: s.dir });
      const out = JSON.parse(r.stdout);
      expect(out.version).toBe("1.71.3");
      expect(out.status).toBe("PartialFailure");
      expect(validate(loadSchema("run"), out)).toEqual([]);
      const t = await rocky(s.binaryPath, ["test"], { cwd: s.dir });
      expect(validate(loadSchema("test"), JSON.parse(t.stdout))).toEqual([]);
      const c = await rocky(s.binaryPath, ["compare", "--filter", "tenant=acme"], { cwd: s.dir });
      expect(validate(loadSchema("compare"), JSON.parse(c.stdout))).toEqual([]);
    } finally {
      await s.cleanup();
    }
  });

  it("the invalid-schema fault really violates the schema", async () => {
    const s = await createRockySimulator({
      assumeConfig: true,
      default: { output: "invalid-schema" },
    });
    try {
      const r = await rocky(s.binaryPath, ["run", "--filter", "a=b"]);
      expect(validate(loadSchema("run"), JSON.parse(r.stdout)).length).toBeGreaterThan(0);
    } finally {
      await s.cleanup();
    }
  });
});
