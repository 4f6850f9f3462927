import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  RockyShadowError,
  type RockyVerb,
  type ShadowSuffixContext,
  type VerbArgsOptions,
} from "@dagster-rocky/resource";
import {
  createRockySimulator,
  DEFAULT_PROJECT_TOML,
  type RockySimulator,
} from "@dagster-rocky/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  TenantRockyResource,
  type TenantRockyResourceOptions,
  tenantToken,
} from "../src/tenant-resource.js";

const PR_42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

// Like rocky, the simulator resolves --pipeline against the project: assume one with the two
// pipelines these tests name (no rocky.toml in the cwd).
const PROJECT = ["replication", "nightly"]
  .map((name) => DEFAULT_PROJECT_TOML.replaceAll("pipeline.default", `pipeline.${name}`))
  .join("\n")
  .replaceAll(/\[adapter\.default\]\ntype = "duckdb"\npath = "warehouse.duckdb"\n/g, "")
  .concat('\n[adapter.default]\ntype = "duckdb"\npath = "warehouse.duckdb"\n');

let sim: RockySimulator;
// In a branch deployment the SDK reads the pipeline types from the project's rocky.toml.
let project: string;
beforeEach(async () => {
  sim = await createRockySimulator({ assumeConfig: PROJECT });
  project = await mkdtemp(join(tmpdir(), "tenant-project-"));
  await writeFile(join(project, "rocky.toml"), PROJECT);
});
afterEach(async () => {
  await sim.cleanup();
  await rm(project, { recursive: true, force: true });
});

const tenantResource = (o: TenantRockyResourceOptions = {}) =>
  new TenantRockyResource({
    binaryPath: sim.binaryPath,
    shadowMode: "branch_deploy",
    env: PR_42,
    cwd: project,
    defaultPipeline: "replication",
    ...o,
  });

async function argvOf(verb: string): Promise<string[][]> {
  return (await sim.invocations()).filter((i) => i.verb === verb).map((i) => i.argv);
}

describe("resolveShadowSuffix override: one suffix per tenant", () => {
  it("reaches argv as --shadow-suffix=_dagster_pr_42_<tenant> and shadows the targets", async () => {
    const rocky = tenantResource();
    const out = await rocky.run({ filter: "tenant=acme" });
    if (out.kind !== "run") throw new Error(`expected a run report, got ${out.kind}`);
    const [argv] = await argvOf("run");
    expect(argv).toContain("--shadow");
    expect(argv).toContain("--shadow-suffix=_dagster_pr_42_acme");
    expect(out.materializations.map((m) => m.metadata.target_table_full_name)).toContain(
      "warehouse.staging__acme.orders_dagster_pr_42_acme",
    );
  });

  it("sanitizes the filter value into an identifier", async () => {
    expect(tenantToken("tenant=Acme-Corp.EU")).toBe("acme_corp_eu");
    expect(tenantToken("tenant=--")).toBe("");
    await tenantResource().run({ filter: "tenant=Acme-Corp.EU" });
    expect((await argvOf("run"))[0]).toContain("--shadow-suffix=_dagster_pr_42_acme_corp_eu");
  });

  it("is used by compare() too, so compare reads the tenant's shadow tables", async () => {
    await tenantResource().compare({ filter: "tenant=globex" });
    expect((await argvOf("compare"))[0]).toContain("--shadow-suffix=_dagster_pr_42_globex");
  });

  it("keeps production runs unshadowed (null stays null)", async () => {
    await tenantResource({ env: {} }).run({ filter: "tenant=acme" });
    const [argv] = await argvOf("run");
    expect(argv?.some((a) => a.startsWith("--shadow"))).toBe(false);
  });

  it("shadowContext() reports the per-tenant suffix", () => {
    expect(tenantResource().shadowContext({ filter: "tenant=acme" }).suffix).toBe(
      "_dagster_pr_42_acme",
    );
  });
});

describe("buildArgs override: a default pipeline", () => {
  it("adds --pipeline to run, plan and compare when the call names none", async () => {
    const rocky = tenantResource();
    await rocky.run({ filter: "tenant=acme" });
    await rocky.compare({ filter: "tenant=acme" });
    expect((await argvOf("run"))[0]).toContain("--pipeline=replication");
    expect((await argvOf("compare"))[0]).toContain("--pipeline=replication");
  });

  it("leaves a pipeline given by the call alone", async () => {
    await tenantResource().run({ filter: "tenant=acme", pipeline: "nightly" });
    const [argv] = await argvOf("run");
    expect(argv).toContain("--pipeline=nightly");
    expect(argv).not.toContain("--pipeline=replication");
  });
});

describe("the fail-closed rule still holds for subclasses", () => {
  class BadSuffix extends TenantRockyResource {
    constructor(
      private readonly value: string | null,
      o: TenantRockyResourceOptions,
    ) {
      super(o);
    }
    protected override resolveShadowSuffix(_ctx: ShadowSuffixContext): string | null {
      return this.value;
    }
  }
  class DropsShadow extends TenantRockyResource {
    protected override buildArgs<V extends RockyVerb>(
      verb: V,
      options: VerbArgsOptions[V],
    ): string[] {
      return super.buildArgs(verb, options).filter((a) => !a.startsWith("--shadow"));
    }
  }
  const opts = () => ({
    binaryPath: sim.binaryPath,
    shadowMode: "branch_deploy" as const,
    env: PR_42,
  });

  it.each([
    ["a value that is not an identifier", "_pr 42; DROP TABLE", "invalid_suffix"],
    ["null inside a branch deployment", null, "suffix_required"],
  ])(
    "a hook returning %s throws RockyShadowError and spawns nothing",
    async (_what, value, reason) => {
      const error = await new BadSuffix(value, opts())
        .run({ filter: "tenant=acme" })
        .catch((e) => e);
      expect(error).toBeInstanceOf(RockyShadowError);
      expect(error.reason).toBe(reason);
      expect(await sim.invocations()).toEqual([]);
    },
  );

  it("buildArgs dropping --shadow inside a branch deployment throws RockyShadowError and spawns nothing", async () => {
    const error = await new DropsShadow(opts()).run({ filter: "tenant=acme" }).catch((e) => e);
    expect(error).toBeInstanceOf(RockyShadowError);
    expect(error.reason).toBe("args_not_shadowed");
    expect(await sim.invocations()).toEqual([]);
  });
});
