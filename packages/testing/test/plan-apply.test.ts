import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator, writeSimProject } from "../src/index.js";
import { rocky } from "./helpers.js";

let sim: RockySimulator;
let cwd: string;
beforeAll(async () => {
  sim = await createRockySimulator();
  // The fake replication project (no models folder): plan.rs persists a `replication` plan.
  cwd = mkdtempSync(join(tmpdir(), "rocky-sim-cwd-"));
  await writeSimProject(cwd);
});
afterAll(async () => {
  await sim.cleanup();
  rmSync(cwd, { recursive: true, force: true });
});

async function plan(args: string[]): Promise<{ plan_id: string; [k: string]: unknown }> {
  const r = await rocky(sim.binaryPath, ["--output", "json", "plan", ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function planText(id: string): string {
  return readFileSync(join(cwd, ".rocky", "plans", `${id}.json`), "utf8");
}

function persisted(id: string): {
  plan_id: string;
  kind: string;
  format_version: number;
  created_at: string;
  principal: string;
  payload: Record<string, unknown>;
} {
  return JSON.parse(planText(id));
}

/** serde_json compact serialisation of a `Value` (sorted keys), written independently of src. */
function serde(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(serde).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${serde((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

const targetsOf = (out: { materializations: { metadata: { target_table_full_name: string } }[] }) =>
  out.materializations.map((m) => m.metadata.target_table_full_name);

describe("plan files follow plan_store.rs", () => {
  it("a project without models persists a `replication` plan at <cwd>/.rocky/plans/<id>.json", async () => {
    const out = await plan(["--filter", "tenant=acme"]);
    expect(out.plan_id).toMatch(/^[0-9a-f]{64}$/);
    expect(out).toMatchObject({ command: "plan", plan_kind: "replication", filter: "tenant=acme" });
    // output.rs omits empty `models` / `execution_layers`.
    expect(out).not.toHaveProperty("models");
    expect(out).not.toHaveProperty("execution_layers");
    const p = persisted(out.plan_id);
    expect(Object.keys(p)).toEqual([
      "plan_id",
      "kind",
      "created_at",
      "format_version",
      "principal",
      "payload",
    ]);
    expect(p).toMatchObject({
      plan_id: out.plan_id,
      kind: "replication",
      format_version: 1,
      principal: "human",
    });
    expect(Number.isNaN(Date.parse(p.created_at))).toBe(false);
    expect(existsSync(join(sim.dir, ".rocky"))).toBe(false);
    expect(readFileSync(join(cwd, ".rocky", ".gitignore"), "utf8")).toContain("*\n");
  });

  it("the id is blake3 over the compact serialisation of {kind, payload} with sorted keys", async () => {
    const out = await plan(["--filter", "tenant=hash", "--shadow", "--shadow-suffix", "_pr3"]);
    const p = persisted(out.plan_id);
    const envelope = `{"kind":${JSON.stringify(p.kind)},"payload":${serde(p.payload)}}`;
    const hex = Buffer.from(blake3(new TextEncoder().encode(envelope))).toString("hex");
    expect(hex).toBe(out.plan_id);
    // The payload is written with sorted keys, as serde_json's Value map does.
    expect(Object.keys(p.payload)).toEqual(Object.keys(p.payload).sort());
  });

  it("omits absent options and false shadow; carries the replication payload fields", async () => {
    const out = await plan(["--filter", "tenant=acme"]);
    const payload = persisted(out.plan_id).payload;
    expect(payload).toMatchObject({ filter: "tenant=acme", resume_latest: false });
    for (const absent of [
      "shadow",
      "shadow_suffix",
      "shadow_schema",
      "branch",
      "pipeline",
      "env",
      "idempotency_key",
      "resume",
      "governance_override",
      "parallel",
      "models",
    ]) {
      expect(payload).not.toHaveProperty(absent);
    }
    expect(payload.config_snapshot).toBeTypeOf("object");
    expect(payload.state_authority).toMatch(/^backend=Local schema=v\d+ path=/);
    expect(payload.source_state_snapshot).toEqual([
      {
        id: "raw__acme",
        schema: "raw__acme",
        source_type: "duckdb",
        tables: [{ name: "customers" }, { name: "orders" }, { name: "payments" }],
      },
    ]);
  });

  it("is deterministic; flags a replication plan does not carry do not change the id", async () => {
    const a = await plan(["--filter", "tenant=acme", "--parallel", "8"]);
    const b = await plan(["--filter=tenant=acme", "--parallel=9"]);
    const c = await plan(["--filter", "tenant=acme", "--env", "prod"]);
    expect(a.plan_id).toBe(b.plan_id);
    expect(c.plan_id).not.toBe(a.plan_id);
    expect(persisted(c.plan_id).payload.env).toBe("prod");
  });

  it("shadow descriptors are persisted only with --shadow or --branch (plan.rs shadow_descriptor)", async () => {
    const prod = await plan(["--filter", "tenant=acme"]);
    const inert = await plan([
      "--filter",
      "tenant=acme",
      "--shadow-suffix",
      "_x",
      "--shadow-schema",
      "s",
    ]);
    expect(inert.plan_id).toBe(prod.plan_id);
    const out = await plan(["--filter", "tenant=acme", "--shadow", "--shadow-suffix", "_pr9"]);
    expect(persisted(out.plan_id).payload).toMatchObject({ shadow: true, shadow_suffix: "_pr9" });
    const def = await plan(["--filter", "tenant=acme", "--shadow"]);
    expect(persisted(def.plan_id).payload.shadow_suffix).toBe("_rocky_shadow");
  });

  it("statements name the production targets even with --shadow", async () => {
    const out = (await plan([
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-suffix",
      "_pr9",
    ])) as unknown as {
      statements: { purpose: string; target: string }[];
    };
    expect(out.statements.map((s) => s.target)).toEqual([
      "staging__acme",
      "staging__acme.customers",
      "staging__acme.orders",
      "staging__acme.payments",
    ]);
    expect(out.statements[0]?.purpose).toBe("create_schema");
  });

  it("a project with models persists a `run` plan naming them, in DAG layers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rocky-sim-run-plan-"));
    try {
      // The replication project with the transformation project's models beside it.
      await writeSimProject(dir);
      await writeSimProject(join(dir, "t"), { shape: "transformation" });
      renameSync(join(dir, "t", "models"), join(dir, "models"));
      const r = await rocky(sim.binaryPath, ["plan", "--filter", "tenant=acme"], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({
        plan_kind: "run",
        models: ["customer_orders", "raw_orders", "revenue_summary"],
        execution_layers: [["raw_orders"], ["customer_orders"], ["revenue_summary"]],
      });
      const one = await rocky(sim.binaryPath, ["plan", "--model", "raw_orders"], { cwd: dir });
      expect(JSON.parse(one.stdout).statements).toEqual([
        expect.objectContaining({ purpose: "full_refresh", target: "warehouse.main.raw_orders" }),
      ]);
      const none = await rocky(sim.binaryPath, ["plan", "--model", "nope"], { cwd: dir });
      expect(none.code).toBe(1);
      expect(none.stderr).toBe(
        "Error: model 'nope' not found (no transformation model with that name)\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--model needs a models directory: exit 1 without one", async () => {
    const r = await rocky(sim.binaryPath, ["plan", "--model", "m"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^Error: models directory 'models' not found \(required for --model\)/,
    );
  });
});

describe("apply replays a persisted plan", () => {
  it("prints a plain run output (no envelope) reproducing the persisted shadow", async () => {
    const p = await plan(["--filter", "tenant=acme", "--shadow", "--shadow-suffix", "_pr9"]);
    const r = await rocky(sim.binaryPath, ["--output", "json", "apply", p.plan_id], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      command: "run",
      filter: "tenant=acme",
      shadow: true,
      status: "Success",
    });
    expect(out).not.toHaveProperty("plan_id");
    expect(targetsOf(out)).toEqual([
      "warehouse.staging__acme.customers_pr9",
      "warehouse.staging__acme.orders_pr9",
      "warehouse.staging__acme.payments_pr9",
    ]);
  });

  it("a shadow-schema plan replays into that schema, keeping the table names", async () => {
    const p = await plan(["--filter", "tenant=globex", "--shadow", "--shadow-schema", "sx"]);
    const out = JSON.parse((await rocky(sim.binaryPath, ["apply", p.plan_id], { cwd })).stdout);
    expect(targetsOf(out)[0]).toBe("warehouse.sx.customers");
    expect(out.materializations[0].asset_key).toEqual(["duckdb", "globex", "customers"]);
  });

  it("a plan made with an inert suffix (no --shadow) writes production", async () => {
    const p = await plan(["--filter", "tenant=acme", "--shadow-suffix", "_x"]);
    const out = JSON.parse((await rocky(sim.binaryPath, ["apply", p.plan_id], { cwd })).stdout);
    expect(out).not.toHaveProperty("shadow");
    expect(targetsOf(out)[0]).toBe("warehouse.staging__acme.customers");
  });

  it("a missing plan exits 1 with `plan '<id>' not found` and empty stdout", async () => {
    const id = "f".repeat(64);
    const r = await rocky(sim.binaryPath, ["apply", id], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `Error: failed to read plan '${id}'\n\nCaused by:\n    plan '${id}' not found — no file at ${join(cwd, ".rocky", "plans", `${id}.json`)}`,
    );
  });

  it("an upper-case id is not found (ids are lower-case hex on disk)", async () => {
    const p = await plan(["--filter", "tenant=acme"]);
    const r = await rocky(sim.binaryPath, ["apply", p.plan_id.toUpperCase()], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not found");
  });

  it("apply from another cwd does not find the plan", async () => {
    const p = await plan(["--filter", "tenant=acme"]);
    const r = await rocky(sim.binaryPath, ["apply", p.plan_id], { cwd: sim.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not found");
  });

  it("a tampered plan fails its integrity check", async () => {
    const p = await plan(["--filter", "tenant=tamper"]);
    const file = join(cwd, ".rocky", "plans", `${p.plan_id}.json`);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.payload.filter = "tenant=evil";
    writeFileSync(file, JSON.stringify(doc));
    const r = await rocky(sim.binaryPath, ["apply", p.plan_id], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/failed its integrity check: the payload hashes to '[0-9a-f]{64}'/);
  });

  it("--expect-spec-digest against a plan without spec_digest is refused", async () => {
    const p = await plan(["--filter", "tenant=acme"]);
    const r = await rocky(
      sim.binaryPath,
      ["apply", p.plan_id, "--expect-spec-digest", "sha256:x"],
      {
        cwd,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/carries no spec_digest/);
  });

  it("a config changed since the plan is refused (apply.rs config snapshot)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rocky-sim-cfg-"));
    try {
      await writeSimProject(dir);
      const toml = (schema: string) =>
        `[adapter.wh]\ntype = "duckdb"\npath = "warehouse.duckdb"\n[pipeline.main.source]\nadapter = "wh"\n[pipeline.main.source.schema_pattern]\nprefix = "raw__"\nseparator = "__"\ncomponents = ["tenant"]\n[pipeline.main.target]\nadapter = "wh"\ncatalog_template = "cat"\nschema_template = "${schema}"\n`;
      writeFileSync(join(dir, "rocky.toml"), toml("stg__{tenant}"));
      const r = await rocky(sim.binaryPath, ["plan", "--filter", "tenant=acme"], { cwd: dir });
      const id = JSON.parse(r.stdout).plan_id as string;
      const ok = await rocky(sim.binaryPath, ["apply", id], { cwd: dir });
      expect(targetsOf(JSON.parse(ok.stdout))[0]).toBe("cat.stg__acme.customers");
      writeFileSync(join(dir, "rocky.toml"), toml("other__{tenant}"));
      const bad = await rocky(sim.binaryPath, ["apply", id], { cwd: dir });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toMatch(/^Error: config has changed since plan/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
