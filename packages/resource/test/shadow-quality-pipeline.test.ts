import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../src/index.js";
import { runReport, sim, tempDir, writeProject } from "./helpers.js";

// Quality pipelines ignore --shadow: their checks and tag-mode quarantine act on the production
// tables (run.rs, the Quality arm). Where shadowing is required, the SDK reads the pipeline's type
// from the config file and refuses a run or plan that would select one, before spawning.

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

/** The assumed project's replication pipeline, renamed, plus optional extra pipelines. */
const replication = (name: string, key = "pipeline") =>
  DEFAULT_PROJECT_TOML.replaceAll("[pipeline.default", `[${key}.${name}`);
/** A second replication pipeline, without repeating the adapter table. */
const another = (name: string) => replication(name).replace(/\[adapter\.default\][^[]*/, "");
const quality = (name: string, key = "pipeline") => `
[${key}.${name}]
type = "quality"

[${key}.${name}.target]
adapter = "default"

[[${key}.${name}.tables]]
catalog = "warehouse"
schema = "raw__acme"
table = "orders"

[${key}.${name}.checks]
row_count = true
`;

async function project(toml: string | null) {
  const s = await sim({ assumeConfig: false });
  const cwd = await tempDir();
  // tempDir() holds the assumed project; null means no config file at all.
  if (toml === null) await rm(join(cwd, "rocky.toml"));
  else await writeProject(cwd, toml);
  const make = (options: RockyResourceOptions = {}) =>
    new RockyResource({ binaryPath: s.binaryPath, cwd, env: {}, ...options });
  const verbsSpawned = async () =>
    (await s.invocations()).filter((i) => i.verb !== null).map((i) => i.verb);
  return { s, cwd, make, verbsSpawned };
}

async function refusal(p: Promise<unknown>): Promise<RockyShadowError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyShadowError);
  return err as RockyShadowError;
}

describe("where shadowing is required, a run or plan selecting a quality pipeline is refused", () => {
  it("the only pipeline is quality: run and plan refused, nothing spawned, the pipeline named", async () => {
    const { make, verbsSpawned } = await project(quality("checks"));
    const r = make({ shadowMode: "branch_deploy", env: PR42 });
    for (const verb of ["run", "plan"] as const) {
      const err = await refusal(r[verb]({ filter: "tenant=acme" }));
      expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
      expect(err.command).toBe(verb);
      expect(err.message).toContain('"checks"');
      expect(err.message).toContain("quality pipeline");
    }
    expect(await verbsSpawned()).toEqual([]);
  });

  it("why: the same quality run outside a branch deployment reaches rocky and acts on production", async () => {
    const { make, verbsSpawned } = await project(quality("checks"));
    const out = runReport(
      await make({ shadowMode: "branch_deploy" }).run({ filter: "tenant=acme" }),
    );
    expect((out as { pipeline_type?: string }).pipeline_type).toBe("quality");
    // It copies nothing; its checks read the production table itself.
    expect(out.materializations).toEqual([]);
    expect(out.check_results.map((c) => c.asset_key)).toEqual([
      ["warehouse", "raw__acme", "orders"],
    ]);
    expect(await verbsSpawned()).toEqual(["run"]);
  });

  it("several pipelines: a quality one named by pipeline is refused, a replication one runs shadowed", async () => {
    const { make, verbsSpawned } = await project(`${replication("repl")}\n${quality("checks")}`);
    const r = make({ shadowMode: "branch_deploy", env: PR42 });
    const err = await refusal(r.run({ filter: "tenant=acme", pipeline: "checks" }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    const out = runReport(await r.run({ filter: "tenant=acme", pipeline: "repl" }));
    for (const m of out.materializations)
      expect(m.metadata.target_table_full_name).toMatch(/_dagster_pr_42$/);
    expect(await verbsSpawned()).toEqual(["run"]);
  });

  it("`pipelines` (rocky's alias) is read too, and a missing type means replication", async () => {
    const { make, verbsSpawned } = await project(quality("checks", "pipelines"));
    const err = await refusal(
      make({ shadowMode: "always" }).plan({ filter: "tenant=acme", pipeline: "checks" }),
    );
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    const untyped = await project(replication("repl").replace('type = "replication"\n', ""));
    const out = runReport(
      await untyped.make({ shadowMode: "always" }).run({ filter: "tenant=acme" }),
    );
    expect(out.materializations[0]?.metadata.target_table_full_name).toMatch(/_rocky_shadow$/);
    expect(await verbsSpawned()).toEqual([]);
  });

  it("a preview deployment is held to the same rule", async () => {
    const { make } = await project(quality("checks"));
    const err = await refusal(
      make({ shadowMode: "preview", env: PR42 }).run({ filter: "tenant=acme" }),
    );
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
  });

  it("a model-only run (--model without --pipeline) never selects a quality pipeline: not refused", async () => {
    const { make, verbsSpawned } = await project(`${replication("repl")}\n${quality("checks")}`);
    const r = make({ shadowMode: "branch_deploy", env: PR42 });
    // Whatever rocky answers, the SDK let it through to rocky.
    await r.run({ filter: "tenant=acme", model: "orders" }).catch(() => undefined);
    expect(await verbsSpawned()).toEqual(["run"]);
    const err = await refusal(
      r.run({ filter: "tenant=acme", model: "orders", pipeline: "checks" }),
    );
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
  });
});

describe("where shadowing is required and the SDK cannot tell the pipeline, it refuses", () => {
  const cases: [string, string | null, Record<string, unknown>, string][] = [
    ["the config file is missing", null, {}, "does not exist"],
    ["the config is not TOML", "[pipeline.x\ntype = ", {}, "not valid TOML"],
    [
      "several pipelines and no pipeline option",
      `${replication("a")}\n${another("b")}`,
      {},
      "several pipelines (a, b)",
    ],
    ["the named pipeline is not defined", replication("a"), { pipeline: "zz" }, '"zz"'],
    ["no pipeline at all", '[adapter.default]\ntype = "duckdb"\n', {}, "defines no pipeline"],
    [
      "an unknown pipeline type",
      replication("a").replace('type = "replication"', 'type = "qualityy"'),
      {},
      '"qualityy"',
    ],
    [
      "both [pipeline] and [pipelines]",
      `${replication("a")}\n${quality("b", "pipelines")}`,
      { pipeline: "a" },
      "both",
    ],
  ];
  for (const [what, toml, extra, says] of cases) {
    it(`${what}: RockyShadowError PIPELINE_UNKNOWN naming the file, nothing spawned`, async () => {
      const { cwd, make, verbsSpawned } = await project(toml);
      const err = await refusal(
        make({ shadowMode: "branch_deploy", env: PR42 }).run({ filter: "tenant=acme", ...extra }),
      );
      expect(err.code).toBe("PIPELINE_UNKNOWN");
      expect(err.message).toContain(says);
      expect(err.message).toContain(join(cwd, "rocky.toml"));
      expect(await verbsSpawned()).toEqual([]);
    });
  }

  it("configPath is resolved against cwd, like rocky's --config", async () => {
    const { cwd, make, verbsSpawned } = await project(null);
    await mkdir(join(cwd, "conf"));
    await writeFile(join(cwd, "conf", "project.toml"), quality("checks"));
    const r = make({ shadowMode: "branch_deploy", env: PR42, configPath: "conf/project.toml" });
    const err = await refusal(r.run({ filter: "tenant=acme" }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(await verbsSpawned()).toEqual([]);
  });
});

describe("outside deployments that require shadowing nothing changes", () => {
  it("no config file is read: a missing rocky.toml reaches rocky, whose own error it is", async () => {
    const { make, verbsSpawned } = await project(null);
    const err = await make({ shadowMode: "branch_deploy" })
      .run({ filter: "tenant=acme" })
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(RockyShadowError);
    expect(await verbsSpawned()).toEqual(["run"]);
  });

  it("shadowMode off inside a branch deployment runs a quality pipeline", async () => {
    const { make, verbsSpawned } = await project(quality("checks"));
    await make({ shadowMode: "off", env: PR42 }).run({ filter: "tenant=acme" });
    expect(await verbsSpawned()).toEqual(["run"]);
  });
});

describe("the pipeline is read from the final argv, after any buildArgs override", () => {
  type Verb = Parameters<RockyResource["buildArgs"]>[0];
  type Opts = Parameters<RockyResource["buildArgs"]>[1];
  /** A subclass that adds a default --pipeline, like examples/subclass. */
  const withPipeline = (name: string) =>
    class extends RockyResource {
      protected override buildArgs<V extends Verb>(verb: V, options: Opts): string[] {
        return [...super.buildArgs(verb, options as never), `--pipeline=${name}`];
      }
    };

  it("an override that selects the quality pipeline is refused; one selecting replication runs", async () => {
    const { s, cwd, verbsSpawned } = await project(`${replication("repl")}\n${quality("checks")}`);
    const opts = { binaryPath: s.binaryPath, cwd, shadowMode: "branch_deploy", env: PR42 } as const;
    const Checks = withPipeline("checks");
    const err = await refusal(new Checks(opts).run({ filter: "tenant=acme" }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    const Repl = withPipeline("repl");
    await new Repl(opts).run({ filter: "tenant=acme" });
    expect(await verbsSpawned()).toEqual(["run"]);
  });

  it("an override that repeats --pipeline with another value cannot be told apart: refused", async () => {
    const { s, cwd, verbsSpawned } = await project(`${replication("repl")}\n${quality("checks")}`);
    const Twice = withPipeline("checks");
    const r = new Twice({ binaryPath: s.binaryPath, cwd, shadowMode: "always", env: {} });
    const err = await refusal(r.run({ filter: "tenant=acme", pipeline: "repl" }));
    expect(err.code).toBe("PIPELINE_UNKNOWN");
    expect(err.message).toContain("--pipeline");
    expect(await verbsSpawned()).toEqual([]);
  });
});
