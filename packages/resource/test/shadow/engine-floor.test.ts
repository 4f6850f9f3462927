import { describe, expect, it } from "vitest";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  RockyVersionError,
  SHADOW_MIN_ROCKY_VERSION,
} from "../../src/index.js";
import { runReport, sim, tempDir } from "../helpers.js";

// Replication reads --shadow-suffix correctly only from rocky 1.70.0, and the refusals of --shadow
// on snapshot/load pipelines only exist from 1.68.0: below 1.70.0 a "shadowed" write may reach
// production, so the SDK refuses it after the version probe and before spawning the verb.

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

async function setup(version: string | { versionOutput: string }) {
  const s = await sim(typeof version === "string" ? { version } : version);
  const cwd = await tempDir();
  const make = (options: RockyResourceOptions = {}) =>
    new RockyResource({ binaryPath: s.binaryPath, cwd, env: {}, ...options });
  const verbsSpawned = async () =>
    (await s.invocations()).filter((i) => i.verb !== null).map((i) => i.verb);
  return { s, cwd, make, verbsSpawned };
}

describe("a shadowed run, plan or apply needs rocky >= 1.70.0", () => {
  it("the floor is 1.70.0", () => {
    expect(SHADOW_MIN_ROCKY_VERSION).toBe("1.70.0");
  });

  for (const verb of ["run", "plan"] as const) {
    it(`${verb} in a branch deployment on rocky 1.69.9: RockyVersionError naming 1.70.0, only the probe spawned`, async () => {
      const { make, verbsSpawned } = await setup("1.69.9");
      const r = make({ shadowMode: "branch_deploy", env: PR42 });
      const err = await r[verb]({ filter: "tenant=acme" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyVersionError);
      const v = err as RockyVersionError;
      expect(v.minimumVersion).toBe("1.70.0");
      expect(v.detectedVersion).toBe("1.69.9");
      expect(v.feature).toBe(`a shadowed rocky ${verb}`);
      expect(v.message).toContain("1.70.0");
      expect(await verbsSpawned()).toEqual([]);
    });
  }

  it("apply in a branch deployment on rocky 1.69.0 is refused even for a plan shadowed right", async () => {
    const { make, verbsSpawned } = await setup("1.69.0");
    // A plan made by the same engine in this deployment: the floor must still refuse its apply.
    const planner = await setup("1.71.0");
    const planned = await planner.make({ shadowMode: "branch_deploy", env: PR42 }).plan({
      filter: "tenant=acme",
    });
    const { cwd } = planner;
    const r = make({ shadowMode: "branch_deploy", env: PR42, cwd });
    const err = await r.apply(planned.plan_id as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).minimumVersion).toBe("1.70.0");
    expect((err as RockyVersionError).feature).toBe("a shadowed rocky apply");
    expect(await verbsSpawned()).toEqual([]);
  });

  it("an explicit shadowSuffix in production is a shadowed run too", async () => {
    const { make, verbsSpawned } = await setup("1.65.0");
    const err = await make()
      .run({ filter: "tenant=acme", shadowSuffix: "_mine" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).minimumVersion).toBe("1.70.0");
    expect(await verbsSpawned()).toEqual([]);
  });

  it("a production run is unaffected on an engine between the general minimum and the shadow floor", async () => {
    const { make, verbsSpawned } = await setup("1.40.0");
    const r = make({ shadowMode: "branch_deploy" });
    const out = runReport(await r.run({ filter: "tenant=acme" }));
    expect(out.materializations[0]?.metadata.target_table_full_name).toBe(
      "warehouse.staging__acme.customers",
    );
    expect(await verbsSpawned()).toEqual(["run"]);
  });

  it("rocky 1.70.0 itself runs shadowed and writes the PR's tables", async () => {
    const { make } = await setup("1.70.0");
    const out = runReport(
      await make({ shadowMode: "branch_deploy", env: PR42 }).run({ filter: "tenant=acme" }),
    );
    const targets = out.materializations.map((m) => m.metadata.target_table_full_name);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(t).toMatch(/_dagster_pr_42$/);
  });

  it("an unreadable version in a branch deployment fails closed: RockyShadowError naming the floor", async () => {
    const { make, verbsSpawned } = await setup({ versionOutput: "rocky (development build)\n" });
    const err = await make({ shadowMode: "branch_deploy", env: PR42 })
      .run({ filter: "tenant=acme" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("ENGINE_VERSION_UNKNOWN");
    expect((err as RockyShadowError).message).toContain(">= 1.70.0");
    expect(await verbsSpawned()).toEqual([]);
  });

  it("an unreadable version in production still proceeds (only shadowed calls rely on the engine)", async () => {
    const { make, verbsSpawned } = await setup({ versionOutput: "rocky (development build)\n" });
    await make({ shadowMode: "branch_deploy" }).run({ filter: "tenant=acme" });
    expect(await verbsSpawned()).toEqual(["run"]);
  });
});
