import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRockySimulator, type SimScenario } from "../src/index.js";
import { rocky, type SimResult } from "./helpers.js";

// rocky-sim's governance verbs: subcommands parsed like clap, and the engine's gates.

async function withSim<T>(
  scenario: SimScenario,
  body: (run: (args: string[]) => Promise<SimResult>, cwd: string) => Promise<T>,
): Promise<T> {
  const sim = await createRockySimulator({ assumeConfig: true, branches: ["b1"], ...scenario });
  const cwd = await mkdtemp(join(tmpdir(), "rocky-sim-gov-"));
  try {
    return await body((args) => rocky(sim.binaryPath, ["--output", "json", ...args], { cwd }), cwd);
  } finally {
    await sim.cleanup();
    await rm(cwd, { recursive: true, force: true });
  }
}

describe("subcommands take their own flags; positionals after -- are verbatim", () => {
  it("branch approve: a name that looks like a flag before -- is a usage error (exit 2, empty stdout)", async () => {
    await withSim({}, async (run) => {
      const r = await run(["branch", "approve", "-x"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: unexpected argument '-x'/);
    });
  });

  it("branch approve -- -x reaches rocky's own name check (exit 1), not clap", async () => {
    await withSim({}, async (run) => {
      const r = await run(["branch", "approve", "--", "-x"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/branch '-x' not found|invalid branch name/);
    });
  });

  it("a flag of another subcommand is refused", async () => {
    await withSim({}, async (run) => {
      const r = await run(["branch", "approve", "--skip-approval", "--", "b1"]);
      expect(r.code).toBe(2);
    });
  });

  it("preview diff requires --name (clap), preview cost too", async () => {
    await withSim({}, async (run) => {
      for (const sub of ["diff", "cost"]) {
        const r = await run(["preview", sub]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--name <NAME>/);
      }
    });
  });

  it("product needs its positional", async () => {
    await withSim({}, async (run) => {
      const r = await run(["product", "status"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/<PRODUCT>/);
    });
  });
});

describe("promotion gates", () => {
  it("branch promote without an approval: exit 1, nothing on stdout", async () => {
    await withSim({}, async (run) => {
      const r = await run(["branch", "promote", "--", "b1"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/no valid approval/);
    });
  });

  it("approve then promote: deprecation notice on stderr, success JSON", async () => {
    await withSim({}, async (run, cwd) => {
      expect((await run(["branch", "approve", "--", "b1"])).code).toBe(0);
      expect(await readdir(join(cwd, ".rocky", "approvals", "b1"))).toHaveLength(1);
      const r = await run(["branch", "promote", "--", "b1"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/deprecated/);
      expect(JSON.parse(r.stdout)).toMatchObject({ command: "branch promote", success: true });
    });
  });

  it("breaking: JSON with no targets, exit 1; --allow-breaking promotes", async () => {
    await withSim({ commands: { "branch promote": { promote: "breaking" } } }, async (run) => {
      const blocked = await run(["branch", "promote", "--skip-approval", "--", "b1"]);
      expect(blocked.code).toBe(1);
      expect(JSON.parse(blocked.stdout)).toMatchObject({ success: false, targets: [] });
      const allowed = await run([
        "branch",
        "promote",
        "--skip-approval",
        "--allow-breaking",
        "--",
        "b1",
      ]);
      expect(allowed.code).toBe(0);
    });
  });

  it("plan promote persists a promote plan; apply runs its statements as a branch promote", async () => {
    await withSim({}, async (run, cwd) => {
      await run(["branch", "approve", "--", "b1"]);
      const planned = await run(["plan", "promote", "--", "b1"]);
      expect(planned.code).toBe(0);
      const plan = JSON.parse(planned.stdout);
      expect(plan).toMatchObject({ command: "plan", plan_kind: "promote" });
      expect(await readdir(join(cwd, ".rocky", "plans"))).toContain(`${plan.plan_id}.json`);
      const applied = await run(["apply", "--", plan.plan_id]);
      expect(applied.code).toBe(0);
      expect(JSON.parse(applied.stdout).command).toBe("branch promote");
    });
  });
});

describe("run --model and --resume", () => {
  it("--model runs that model only, once its upstream models' tables exist (run.rs)", async () => {
    await withSim({}, async (run) => {
      // raw_orders is not built yet: the model fails (JSON, then exit 1).
      const unbuilt = await run(["run", "--model=customer_orders"]);
      expect(unbuilt.code).toBe(1);
      const failed = JSON.parse(unbuilt.stdout);
      expect(failed).toMatchObject({ status: "Failure", tables_failed: 1, materializations: [] });
      expect(failed.errors[0].asset_key).toEqual(["customer_orders"]);
      expect(unbuilt.stderr).toMatch(/Error: 1 model\(s\) failed \(run_id: run-\d{8}-\d{6}-\d{3}/);
      expect((await run(["run", "--model=raw_orders"])).code).toBe(0);
      const r = await run(["run", "--model=customer_orders", "--shadow", "--shadow-suffix=_pr"]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      // run.rs builds the model-only output with RunOutput::new: pipeline_type stays replication.
      expect(out).toMatchObject({ pipeline_type: "replication", shadow: true });
      expect(out.materializations).toHaveLength(1);
      expect(out.materializations[0].asset_key).toEqual([
        "warehouse",
        "main",
        "customer_orders_pr",
      ]);
      const unknown = await run(["run", "--model=nope"]);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stdout).errors[0].error).toBe(
        "model 'nope' not found (no transformation model with that name)",
      );
    });
  });

  it("an unknown --resume id warns and runs afresh without resumed_from", async () => {
    await withSim({ runs: ["run-1"] }, async (run) => {
      const unknown = await run(["run", "--filter=tenant=acme", "--resume=run-9"]);
      expect(unknown.code).toBe(0);
      expect(unknown.stderr).toMatch(/no progress found for run/);
      expect(JSON.parse(unknown.stdout).resumed_from).toBeUndefined();
      const known = await run(["run", "--filter=tenant=acme", "--resume=run-1"]);
      expect(JSON.parse(known.stdout).resumed_from).toBe("run-1");
    });
  });

  it("--idempotency-key with --resume-latest: exit 1", async () => {
    await withSim({}, async (run) => {
      const r = await run(["run", "--filter=a=b", "--resume-latest", "--idempotency-key=k"]);
      expect(r.code).toBe(1);
    });
  });
});
