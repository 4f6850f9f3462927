// rocky-sim as an engine newer than 1.71: the verbs 1.72-1.77 added (argv as rocky-sdk 0.29.0
// builds it), refused by an older simulated engine as clap refuses an unknown word, their
// outputs valid against rocky-sdk 0.29.0's models (contract/rocky-sdk-0.29.0), the read-only
// ones leaving the project and state unchanged and the writing ones writing and refusing.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRockySimulator,
  type RockySimulator,
  type SimProjectShape,
  writeSimProject,
} from "../src/index.js";
import { rocky, validate } from "./helpers.js";

type Schema = Record<string, unknown>;
const CONTRACT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "contract",
  "rocky-sdk-0.29.0",
);
const schemaOf = (name: string): Schema =>
  JSON.parse(readFileSync(join(CONTRACT, `${name}.schema.json`), "utf8")) as Schema;

/** Keys the output has that the model does not declare (pydantic would keep them as extras). */
function extraKeys(schema: Schema, value: unknown, root: Schema = schema, path = "$"): string[] {
  const ref = typeof schema.$ref === "string" ? schema.$ref.replace("#/$defs/", "") : null;
  const s = ref === null ? schema : ((root.$defs as Record<string, Schema>)[ref] as Schema);
  const out: string[] = [];
  for (const alt of (s.anyOf as Schema[] | undefined) ?? []) {
    if (validate(alt, value, root).length === 0) out.push(...extraKeys(alt, value, root, path));
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((v, i) => {
      out.push(...extraKeys(s.items as Schema, v, root, `${path}[${i}]`));
    });
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && s.properties) {
    const props = s.properties as Record<string, Schema>;
    for (const [k, v] of Object.entries(value)) {
      if (!Object.hasOwn(props, k)) out.push(`${path}.${k}`);
      else out.push(...extraKeys(props[k] as Schema, v, root, `${path}.${k}`));
    }
  }
  return out;
}

/** Every file under `dir` with its content digest (the simulator's memory included). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

const dirs: string[] = [];
const sims: RockySimulator[] = [];
afterAll(async () => {
  for (const s of sims) await s.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function engine(version: string): Promise<RockySimulator> {
  const s = await createRockySimulator({ version });
  sims.push(s);
  return s;
}

async function project(shape: SimProjectShape): Promise<string> {
  const d = mkdtempSync(join(tmpdir(), "rocky-sim-newer-"));
  dirs.push(d);
  await writeSimProject(d, { shape });
  return d;
}

let sim: RockySimulator;
let repl: string;
let trans: string;
beforeAll(async () => {
  sim = await engine("1.77.0");
  repl = await project("replication");
  trans = await project("transformation");
});

const run = (cwd: string, args: readonly string[], s: RockySimulator = sim) =>
  rocky(s.binaryPath, ["--output", "json", ...args], { cwd });

async function ok(cwd: string, args: readonly string[]): Promise<Record<string, unknown>> {
  const r = await run(cwd, args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("an engine older than a verb refuses it as clap refuses an unknown word (exit 2)", () => {
  const cases: [string, string, string[]][] = [
    ["1.71.0", "unrecognized subcommand 'freshness'", ["freshness"]],
    ["1.71.0", "unrecognized subcommand 'package'", ["package", "list"]],
    ["1.76.0", "unrecognized subcommand 'package'", ["package", "list"]],
    ["1.73.0", "unrecognized subcommand 'list'", ["product", "list"]],
    ["1.73.0", "unrecognized subcommand 'journal'", ["product", "journal", "p"]],
    ["1.73.0", "unrecognized subcommand 'spool'", ["state", "schedule", "spool"]],
    [
      "1.71.0",
      "unrecognized subcommand 'reconcile-watermark'",
      ["state", "reconcile-watermark", "--pipeline", "p"],
    ],
    [
      "1.71.0",
      "unexpected argument '--month' found",
      ["cost", "--month", "2026-01", "--by", "product"],
    ],
    ["1.76.0", "unexpected argument '--sample' found", ["profile", "raw_orders", "--sample", "3"]],
  ];
  for (const [version, message, argv] of cases) {
    it(`${version}: ${argv.join(" ")}`, async () => {
      const r = await run(repl, argv, await engine(version));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe(`error: ${message}`);
    });
  }

  it("the version each is known from: 1.72 freshness and reconcile, 1.74 product and spool", async () => {
    const v172 = await engine("1.72.0");
    expect((await run(trans, ["freshness"], v172)).code).not.toBe(2);
    expect(
      (await run(repl, ["state", "reconcile-watermark", "--pipeline", "default"], v172)).code,
    ).toBe(0);
    expect((await run(repl, ["product", "list"], v172)).code).toBe(2);
    const v174 = await engine("1.74.0");
    expect((await run(repl, ["product", "list"], v174)).code).toBe(0);
    expect((await run(repl, ["state", "schedule", "spool"], v174)).code).toBe(0);
  });
});

describe("as engine 1.77 every newer verb's output is rocky-sdk 0.29.0's model, no field more", () => {
  beforeAll(async () => {
    // What the reports read: a built transformation project, a replicated one, a product, a spool.
    await ok(trans, ["run"]);
    await ok(repl, ["run", "--filter", "tenant=acme"]);
    mkdirSync(join(repl, "products"), { recursive: true });
    writeFileSync(join(repl, "products", "orders_mart.toml"), 'name = "orders_mart"\n');
    await ok(repl, ["product", "approve", "orders_mart"]);
    mkdirSync(join(repl, ".rocky", "pending-demands"), { recursive: true });
    writeFileSync(
      join(repl, ".rocky", "pending-demands", "a.json"),
      JSON.stringify({
        pipeline: "default",
        kind: "id",
        token: "delivery-1",
        body_hash: "ab",
        demand_uid: "d1",
        received_at: "2026-01-02T03:04:05Z",
      }),
    );
    writeFileSync(join(repl, ".rocky", "pending-demands", "b.json"), "{not json");
  });

  const cases: [string, () => string, string[]][] = [
    ["freshness", () => trans, ["freshness"]],
    [
      "cost_by_product",
      () => repl,
      ["cost", "--month", new Date().toISOString().slice(0, 7), "--by", "product"],
    ],
    ["product_list", () => repl, ["product", "list"]],
    ["product_journal", () => repl, ["product", "journal", "orders_mart"]],
    ["package_list", () => repl, ["package", "list"]],
    [
      "package_add",
      () => repl,
      [
        "package",
        "add",
        "fivetran/stripe@>=1.0.0,<2.0.0",
        "--vars",
        "stripe_schema=raw",
        "--build-empty",
      ],
    ],
    [
      "package_update",
      () => repl,
      ["package", "update", "stripe", "--build-empty=false", "--dbt-timeout", "60"],
    ],
    ["package_remove", () => repl, ["package", "remove", "stripe"]],
    [
      "state_reconcile_watermark",
      () => repl,
      ["state", "reconcile-watermark", "--pipeline", "default", "--dry-run"],
    ],
    ["schedule_spool", () => repl, ["state", "schedule", "spool"]],
    ["profile", () => trans, ["profile", "customer_orders", "--sample", "3"]],
  ];
  for (const [name, cwd, argv] of cases) {
    it(`${name}: ${argv.join(" ")}`, async () => {
      const out = await ok(cwd(), argv);
      const schema = schemaOf(name);
      expect(validate(schema, out)).toEqual([]);
      expect(extraKeys(schema, out)).toEqual([]);
      expect(out.version).toBe("1.77.0");
    });
  }

  it("the reports hold what the project holds", async () => {
    const fresh = await ok(trans, ["freshness"]);
    expect(
      (fresh.models as { name: string; status: string }[]).map((m) => [m.name, m.status]),
    ).toEqual(
      [
        ["customer_orders", "pass"],
        ["raw_orders", "pass"],
        ["revenue_summary", "pass"],
      ].sort(),
    );
    const spool = await ok(repl, ["state", "schedule", "spool"]);
    expect(spool.counts).toEqual({ pending: 1, skipped: 1, corrupt: 0 });
    expect((spool.skipped as { reason: string }[])[0]?.reason).toBe("malformed");
    const journal = await ok(repl, ["product", "journal", "orders_mart"]);
    expect(journal.count).toBe(1);
    const list = await ok(repl, ["product", "list"]);
    expect((list.products as { name: string; journal_rows: number }[])[0]).toMatchObject({
      name: "orders_mart",
      journal_rows: 1,
    });
    const profile = await ok(trans, ["profile", "customer_orders", "--sample", "2"]);
    for (const c of profile.columns as { sample_values: unknown[] }[]) {
      expect(c.sample_values.length).toBeLessThanOrEqual(2);
    }
  });
});

describe("the read-only verbs change nothing: not the project, not the state store", () => {
  const READ_ONLY: [string, string[]][] = [
    ["t", ["freshness"]],
    ["t", ["profile", "raw_orders", "--column", "order_id", "--sample", "5"]],
    ["r", ["cost", "--month", "2026-01", "--by", "product"]],
    ["r", ["product", "list"]],
    ["r", ["package", "list"]],
    ["r", ["state", "schedule", "spool"]],
    ["r", ["state", "reconcile-watermark", "--pipeline", "default", "--dry-run"]],
  ];
  for (const [which, argv] of READ_ONLY) {
    it(argv.join(" "), async () => {
      const dir = await project(which === "t" ? "transformation" : "replication");
      await run(dir, which === "t" ? ["run"] : ["run", "--filter", "tenant=acme"]);
      const before = snapshot(dir);
      const r = await run(dir, argv);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      expect(r.stdout).not.toBe("");
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe("reconcile-watermark sets the cursors from the physical targets, in its own state store", () => {
  it("a target gone from the warehouse has its cursor cleared; --dry-run only reports it", async () => {
    const dir = await project("replication");
    await ok(dir, ["run", "--filter", "tenant=acme"]);
    const wh = join(dir, ".rocky-sim", "warehouse.json");
    const doc = JSON.parse(readFileSync(wh, "utf8")) as { tables: Record<string, unknown> };
    delete doc.tables["warehouse.staging__acme.orders"];
    writeFileSync(wh, JSON.stringify(doc));
    const cursors = async (extra: string[] = []) =>
      ((await ok(dir, [...extra, "state"])).watermarks as { table: string }[]).map((w) => w.table);
    const dry = await ok(dir, [
      "state",
      "reconcile-watermark",
      "--pipeline",
      "default",
      "--table",
      "warehouse.staging__acme.orders",
      "--dry-run",
    ]);
    expect(dry.watermarks).toEqual([
      expect.objectContaining({ table: "warehouse.staging__acme.orders", watermark: null }),
    ]);
    expect(await cursors()).toContain("warehouse.staging__acme.orders");
    // Another state path (a shadow run's --state-path) is another store: nothing to reconcile.
    const other = await ok(dir, [
      "--state-path=.rocky-state/shadow.redb",
      "state",
      "reconcile-watermark",
      "--pipeline",
      "default",
    ]);
    expect(other.watermarks).toEqual([]);
    expect(await cursors()).toContain("warehouse.staging__acme.orders");
    await ok(dir, ["state", "reconcile-watermark", "--pipeline", "default"]);
    expect(await cursors()).not.toContain("warehouse.staging__acme.orders");
    expect(await cursors()).toContain("warehouse.staging__acme.customers");
  });

  it("refuses an unknown pipeline, a pipeline that is not replication, a table with no cursor", async () => {
    const dir = await project("replication");
    await ok(dir, ["run", "--filter", "tenant=acme"]);
    const before = snapshot(dir);
    for (const argv of [
      ["state", "reconcile-watermark", "--pipeline", "nope"],
      ["state", "reconcile-watermark", "--pipeline", "default", "--table", "warehouse.x.y"],
    ]) {
      const r = await run(dir, argv);
      expect(r.code, argv.join(" ")).toBe(1);
      expect(r.stderr).toMatch(/^Error: /);
    }
    expect(snapshot(dir)).toEqual(before);
    const q = await project("quality");
    expect(
      (await run(q, ["state", "reconcile-watermark", "--pipeline", "default"])).stderr,
    ).toContain("is type 'quality'");
  });

  it("--pipeline is required (clap)", async () => {
    const r = await run(repl, ["state", "reconcile-watermark"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--pipeline <PIPELINE>");
  });
});

describe("package add, update and remove write the project and refuse what rocky refuses", () => {
  it("add vendors the models and locks them; update keeps an edited file; remove needs --force then", async () => {
    const dir = await project("replication");
    const added = await ok(dir, [
      "package",
      "add",
      "fivetran/stripe@>=1.0.0,<2.0.0",
      "--target-schema",
      "raw_stripe",
    ]);
    const pkg = added.package as {
      files_written: string[];
      target_schema: string;
      version: string;
    };
    expect(pkg.target_schema).toBe("raw_stripe");
    expect(pkg.version).toBe("1.0.0");
    for (const f of pkg.files_written) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, "rocky-packages.lock"), "utf8")).toContain('name = "stripe"');
    const [sql] = pkg.files_written.filter((f) => f.endsWith(".sql")) as [string];
    writeFileSync(join(dir, sql), "SELECT 1 -- mine\n");
    const listed = await ok(dir, ["package", "list"]);
    expect((listed.packages as { files_modified: string[] }[])[0]?.files_modified).toEqual([sql]);
    const updated = await ok(dir, ["package", "update", "--build-empty"]);
    const report = (updated.packages as { files_kept_edited: string[]; mode: string }[])[0];
    expect(report).toMatchObject({ files_kept_edited: [sql], mode: "build-empty" });
    expect(readFileSync(join(dir, sql), "utf8")).toBe("SELECT 1 -- mine\n");
    const refused = await run(dir, ["package", "remove", "stripe"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(existsSync(join(dir, sql))).toBe(true);
    const removed = await ok(dir, ["package", "remove", "stripe", "--force"]);
    expect(removed.files_deleted).toEqual(pkg.files_written);
    expect(existsSync(join(dir, sql))).toBe(false);
    expect((await ok(dir, ["package", "list"])).count).toBe(0);
  });

  it("refusals write nothing: a bad spec, a second add, a credential-like var, an unknown package", async () => {
    const dir = await project("replication");
    await ok(dir, ["package", "add", "dbt-labs/codegen"]);
    const before = snapshot(dir);
    for (const [argv, message] of [
      [["package", "add", "codegen"], "invalid package spec"],
      [["package", "add", "dbt-labs/codegen@1.0.0"], "already vendored"],
      [["package", "add", "fivetran/stripe", "--vars", "stripe_api_key=sk"], "--allow-secret-var"],
      [["package", "update", "nope"], "is not vendored"],
      [["package", "remove", "nope"], "is not vendored"],
    ] as [string[], string][]) {
      const r = await run(dir, argv);
      expect(r.code, argv.join(" ")).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(message);
    }
    expect(snapshot(dir)).toEqual(before);
    // clap: --build-empty takes true/false inline only; remove needs a name.
    expect((await run(dir, ["package", "add", "a/b", "--build-empty=maybe"])).code).toBe(2);
    expect((await run(dir, ["package", "remove"])).code).toBe(2);
    const secret = await ok(dir, [
      "package",
      "add",
      "fivetran/stripe",
      "--vars",
      "stripe_api_key=sk",
      "--allow-secret-var",
    ]);
    expect((secret.package as { name: string }).name).toBe("stripe");
  });
});

describe("product journal refuses a product the project does not know", () => {
  it("exit 1, no JSON; a known product without transitions has an empty journal", async () => {
    const dir = await project("replication");
    const r = await run(dir, ["product", "journal", "ghost"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    mkdirSync(join(dir, "products"));
    writeFileSync(join(dir, "products", "mart.toml"), 'name = "mart"\n');
    expect(await ok(dir, ["product", "journal", "mart"])).toMatchObject({ count: 0, rows: [] });
  });
});

describe("cost --month is a monthly product report, checked like rocky checks it", () => {
  it("needs --by product and a YYYY-MM month; the products' charges and unallocated sum to the total", async () => {
    expect((await run(repl, ["cost", "--month", "2026-01"])).stderr).toContain("--by product");
    expect((await run(repl, ["cost", "--month", "2026-1", "--by", "product"])).stderr).toContain(
      "expected YYYY-MM",
    );
    const out = await ok(repl, [
      "cost",
      "--month",
      new Date().toISOString().slice(0, 7),
      "--by",
      "product",
    ]);
    const total = (out.measured_total as { amount: number }[])[0]?.amount ?? -1;
    const charged = (out.products as { charged: { amount: number }[] }[]).reduce(
      (n, p) => n + (p.charged[0]?.amount ?? 0),
      0,
    );
    expect(charged + ((out.unallocated as { amount: number }[])[0]?.amount ?? 0)).toBe(total);
  });
});
