import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RockyResource, RockyShadowError } from "../../src/index.js";
import { resourceFor, runReport, sim } from "../helpers.js";

// rocky accepts `--shadow-suffix` without `--shadow` and writes PRODUCTION (main.rs builds no
// ShadowConfig; rocky-sim follows it). So inside a branch deployment the SDK's own check on the
// arguments buildArgs returns is the only barrier: these tests prove it through real processes.

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

type Verb = Parameters<RockyResource["buildArgs"]>[0];
type Opts = Parameters<RockyResource["buildArgs"]>[1];

/** A subclass whose buildArgs loses `--shadow` but keeps the suffix. */
class DropsShadow extends RockyResource {
  protected override buildArgs<V extends Verb>(verb: V, options: Opts): string[] {
    return super.buildArgs(verb, options as never).filter((a) => a !== "--shadow");
  }
}

const targets = (out: {
  materializations: readonly { metadata: { target_table_full_name?: string | null | undefined } }[];
}) => out.materializations.map((m) => m.metadata.target_table_full_name);

describe("the engine writes production for a suffix without --shadow", () => {
  it("rocky-sim, like rocky, exits 0 and writes the production tables", async () => {
    const s = await sim();
    const r = spawnSync(
      s.binaryPath,
      ["--output", "json", "run", "--filter=tenant=acme", "--shadow-suffix=_dagster_pr_42"],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).not.toHaveProperty("shadow");
    expect(targets(out)).toEqual([
      "warehouse.staging__acme.customers",
      "warehouse.staging__acme.orders",
      "warehouse.staging__acme.payments",
    ]);
  });
});

describe("the SDK refuses such arguments in a branch deployment before spawning", () => {
  for (const verb of ["run", "plan"] as const) {
    it(`${verb}: RockyShadowError args_not_shadowed, nothing but the version probe spawned`, async () => {
      const s = await sim();
      const r = new DropsShadow({
        binaryPath: s.binaryPath,
        shadowMode: "branch_deploy",
        env: PR42,
      });
      const err = await r[verb]({ filter: "tenant=acme" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect((err as RockyShadowError).reason).toBe("args_not_shadowed");
      const spawned = (await s.invocations()).filter((i) => i.verb !== null);
      expect(spawned).toEqual([]);
    });
  }

  it("the same subclass outside a branch deployment runs (and writes production)", async () => {
    const s = await sim();
    const r = new DropsShadow({ binaryPath: s.binaryPath, shadowMode: "branch_deploy", env: {} });
    const out = runReport(await r.run({ filter: "tenant=acme" }));
    expect(targets(out)[0]).toBe("warehouse.staging__acme.customers");
  });

  it("an unmodified resource in PR 42 reaches rocky with --shadow and writes shadow tables", async () => {
    const s = await sim();
    const r = resourceFor(s, { shadowMode: "branch_deploy", env: PR42 });
    const out = runReport(await r.run({ filter: "tenant=acme" }));
    expect(targets(out).every((t) => t?.endsWith("_dagster_pr_42"))).toBe(true);
    const [call] = (await s.invocations()).filter((i) => i.verb === "run");
    expect(call?.argv).toContain("--shadow");
  });
});
