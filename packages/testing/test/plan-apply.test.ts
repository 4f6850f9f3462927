import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator } from "../src/index.js";
import { rocky } from "./helpers.js";

let sim: RockySimulator;
let cwd: string;
beforeAll(async () => {
  sim = await createRockySimulator();
  cwd = mkdtempSync(join(tmpdir(), "rocky-sim-cwd-"));
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

function persisted(id: string): {
  plan_id: string;
  kind: string;
  format_version: number;
  created_at: string;
  payload: Record<string, unknown>;
} {
  return JSON.parse(readFileSync(join(cwd, ".rocky", "plans", `${id}.json`), "utf8"));
}

describe("plan persistence", () => {
  it("prints a 64-hex plan_id and persists .rocky/plans/<id>.json relative to the cwd", async () => {
    const out = await plan(["--filter", "tenant=acme"]);
    expect(out.plan_id).toMatch(/^[0-9a-f]{64}$/);
    expect(out).toMatchObject({ command: "plan", plan_kind: "run", filter: "tenant=acme" });
    const p = persisted(out.plan_id);
    expect(p).toMatchObject({ plan_id: out.plan_id, kind: "run", format_version: 1 });
    expect(Number.isNaN(Date.parse(p.created_at))).toBe(false);
    expect(p.payload).toMatchObject({
      filter: "tenant=acme",
      shadow: false,
      shadow_suffix: null,
      shadow_schema: null,
      branch: null,
      parallel: 1,
      partition: null,
      partition_from: null,
      partition_to: null,
      latest: false,
      missing: false,
      idempotency_key: null,
      governance_override: null,
    });
    expect(existsSync(join(sim.dir, ".rocky"))).toBe(false);
  });

  it("is deterministic: the same flags give the same id; other flags another id", async () => {
    const a = await plan(["--filter", "tenant=acme", "--parallel", "8"]);
    const b = await plan(["--filter=tenant=acme", "--parallel=8"]);
    const c = await plan(["--filter", "tenant=acme", "--parallel", "9"]);
    expect(a.plan_id).toBe(b.plan_id);
    expect(c.plan_id).not.toBe(a.plan_id);
    expect(persisted(c.plan_id).payload.parallel).toBe(9);
  });

  it("records shadow flags: shadow_suffix only when --shadow", async () => {
    const out = await plan(["--filter", "tenant=acme", "--shadow", "--shadow-suffix", "_pr9"]);
    expect(persisted(out.plan_id).payload).toMatchObject({
      shadow: true,
      shadow_suffix: "_pr9",
      shadow_schema: null,
    });
    const def = await plan(["--filter", "tenant=acme", "--shadow"]);
    expect(persisted(def.plan_id).payload.shadow_suffix).toBe("_rocky_shadow");
    const partition = await plan([
      "--filter",
      "a=b",
      "--from",
      "2024-01-01",
      "--to",
      "2024-01-31",
      "--lookback",
      "2",
    ]);
    expect(persisted(partition.plan_id).payload).toMatchObject({
      partition_from: "2024-01-01",
      partition_to: "2024-01-31",
      lookback: 2,
    });
  });
});

describe("apply replays a persisted plan", () => {
  it("prints a run output reproducing the persisted flags, shadow included", async () => {
    const p = await plan([
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-suffix",
      "_pr9",
      "--parallel",
      "3",
    ]);
    const r = await rocky(sim.binaryPath, ["--output", "json", "apply", p.plan_id], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      command: "run",
      filter: "tenant=acme",
      shadow: true,
      status: "Success",
    });
    expect(out.execution.concurrency).toBe(3);
    expect(
      out.materializations.map(
        (m: { metadata: { target_table_full_name: string } }) => m.metadata.target_table_full_name,
      ),
    ).toEqual([
      "warehouse.staging__acme.orders_pr9",
      "warehouse.staging__acme.customers_pr9",
      "warehouse.staging__acme.payments_pr9",
    ]);
  });

  it("a shadow-schema plan replays into that schema", async () => {
    const p = await plan(["--filter", "tenant=globex", "--shadow", "--shadow-schema", "sx"]);
    const r = await rocky(sim.binaryPath, ["apply", p.plan_id], { cwd });
    expect(JSON.parse(r.stdout).materializations[0].asset_key).toEqual([
      "warehouse",
      "sx",
      "orders",
    ]);
  });

  it("a missing plan exits 1 with `plan '<id>' not found` and empty stdout", async () => {
    const id = "f".repeat(64);
    const r = await rocky(sim.binaryPath, ["apply", id], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `Error: plan '${id}' not found — no file at ${join(cwd, ".rocky", "plans", `${id}.json`)}`,
    );
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
    expect(r.stderr).toMatch(/integrity/);
  });
});
