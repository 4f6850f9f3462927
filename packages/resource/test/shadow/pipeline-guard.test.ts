// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
// The quality-pipeline guard, unit by unit: what selects the pipeline (final argv or persisted
// plan), and the refusal when the config, read by rocky's own loader (src/rocky-config.ts, its
// rules in rocky-config.test.ts), selects a quality pipeline or cannot tell which; then the same
// rule through the resource and rocky-sim (run and plan, buildArgs overrides, outside deployments).
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../../src/index.js";
import {
  assertPipelineShadowable,
  type PipelineGuardRequest,
  selectionOfArgs,
  selectionOfPlan,
  selectPipeline,
} from "../../src/shadow/pipeline-guard.js";
import { runReport, sim, tempDir, writeProject } from "../helpers.js";

describe("selectionOfArgs: --pipeline, --model, --dag and --watch as rocky reads them", () => {
  it.each([
    [["run", "--pipeline", "a"], "a", undefined, null],
    [["run", "--pipeline=a", "--model=m"], "a", "m", null],
    [["run", "--pipeline", "a", "--pipeline=a"], "a", undefined, null],
    [["run", "--pipeline", "a", "--pipeline", "b"], "a", undefined, "--pipeline"],
    [["run", "--model", "m1", "--model=m2"], undefined, "m1", "--model"],
    [
      ["run", "--pipeline", "a", "--pipeline=b", "--model", "x", "--model", "y"],
      "a",
      "x",
      "--pipeline",
    ],
    [["run", "--", "--pipeline", "q"], undefined, undefined, null],
    [["run", "--pipeline", "a", "--", "--pipeline", "q"], "a", undefined, null],
    [["run", "--pipeline"], "", undefined, null],
    [["run", "--pipelines", "x", "--modelx=y"], undefined, undefined, null],
    [["run", "x", "--pipeline"], "", undefined, null],
  ])("%j → pipeline %j, model %j, ambiguous %j", (args, pipeline, model, ambiguous) => {
    expect(selectionOfArgs(args)).toEqual({ pipeline, model, ambiguous, dag: false, watch: false });
  });
  it.each([
    [["run", "--dag"], true, false],
    [["run", "--watch", "--pipeline", "p"], false, true],
    [["run", "--", "--dag", "--watch"], false, false],
    [["run", "--dags", "--watch=1"], false, false],
  ])("%j → dag %j, watch %j", (args, dag, watch) => {
    expect(selectionOfArgs(args)).toMatchObject({ dag, watch });
  });
});

describe("selectionOfPlan: what a persisted run plan replays (RunPlan pipeline, model, dag)", () => {
  it.each([
    [{}, { pipeline: undefined, model: undefined, ambiguous: null, dag: false }],
    [
      { pipeline: "q", model: null, dag: false },
      { pipeline: "q", model: undefined, ambiguous: null, dag: false },
    ],
    [
      { model: "m", dag: true },
      { pipeline: undefined, model: "m", ambiguous: null, dag: true },
    ],
    [{ pipeline: 5 }, { ambiguous: `the plan's "pipeline" has the wrong type` }],
    [{ model: ["m"] }, { ambiguous: `the plan's "model" has the wrong type` }],
    [{ dag: "yes" }, { ambiguous: `the plan's "dag" has the wrong type`, dag: false }],
  ])("%j → %j", (payload, want) => {
    expect(selectionOfPlan(payload)).toMatchObject(want);
  });
});

describe("assertPipelineShadowable: quality refused, what cannot be told refused, the bytes checked returned", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "rocky-pipeline-guard-"));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  const config = (text: string) => writeFile(join(cwd, "rocky.toml"), text);
  const req = (over: Partial<PipelineGuardRequest> = {}): PipelineGuardRequest => ({
    verb: "plan",
    pipeline: undefined,
    model: undefined,
    configPath: "rocky.toml",
    cwd,
    env: {},
    ...over,
  });
  const caught = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as RockyShadowError,
    );
  const cannotTell = (why: string, verb = "plan") =>
    `refusing rocky ${verb} where shadowing is required: cannot tell which pipeline it selects because ${why} (config ${join(cwd, "rocky.toml")}). Quality pipelines ignore --shadow, so the SDK must see the pipeline's type; fix the config or pass pipeline. Nothing was spawned`;
  const notShadowable = (name: string, verb = "plan") =>
    `refusing rocky ${verb} of pipeline "${name}" where shadowing is required: it is a quality pipeline, and rocky ignores --shadow for quality pipelines (their checks and tag-mode rewrites act on the production tables). Run quality pipelines from production only; nothing was spawned`;

  it("a flag repeated with different values is refused before any file is read", async () => {
    const e = await caught(
      assertPipelineShadowable(req({ pipeline: "a", ambiguous: "--pipeline" })),
    );
    expect(e).toBeInstanceOf(RockyShadowError);
    expect(e?.code).toBe("PIPELINE_UNKNOWN");
    expect(e?.command).toBe("plan");
    expect(e?.message).toBe(
      "refusing rocky plan where shadowing is required: its arguments carry --pipeline more than once with different values, so the selected pipeline cannot be told; nothing was spawned",
    );
  });
  it("a plan field of the wrong type is refused with its sentence", async () => {
    const e = await caught(
      assertPipelineShadowable(req({ verb: "apply", ...selectionOfPlan({ pipeline: 1 }) })),
    );
    expect(e?.message).toBe(
      `refusing rocky apply where shadowing is required: the plan's "pipeline" has the wrong type, so the selected pipeline cannot be told; nothing was spawned`,
    );
  });
  it("--watch is refused: rocky re-reads the config after any check", async () => {
    await config("[pipeline.p]\n");
    const e = await caught(assertPipelineShadowable(req({ pipeline: "p", watch: true })));
    expect(e?.code).toBe("PIPELINE_UNKNOWN");
    expect(e?.message).toContain("with --watch rocky re-reads the config");
  });
  it("model-only (no --pipeline) never selects a quality pipeline: nothing read, null", async () => {
    await expect(assertPipelineShadowable(req({ model: "m" }))).resolves.toBeNull();
  });
  it("--model with --pipeline is judged by the pipeline", async () => {
    await config('[pipeline.q]\ntype = "quality"\n');
    const e = await caught(assertPipelineShadowable(req({ pipeline: "q", model: "m" })));
    expect(e?.code).toBe("PIPELINE_NOT_SHADOWABLE");
  });
  it("a quality pipeline is refused, named; another passes and returns the path and sha256 checked", async () => {
    const text = '[pipeline.q]\ntype = "quality"\n[pipeline.t]\ntype = "transformation"\n';
    await config(text);
    const e = await caught(assertPipelineShadowable(req({ pipeline: "q" })));
    expect(e).toBeInstanceOf(RockyShadowError);
    expect(e?.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(e?.command).toBe("plan");
    expect(e?.message).toBe(notShadowable("q"));
    await expect(
      assertPipelineShadowable(req({ pipeline: "t", ambiguous: null })),
    ).resolves.toEqual({
      configPath: join(cwd, "rocky.toml"),
      sha256: createHash("sha256").update(text).digest("hex"),
    });
  });
  it("--dag runs every pipeline: refused when any is quality, even with --model", async () => {
    await config('[pipeline.a]\n[pipeline.q]\ntype = "quality"\n');
    const e = await caught(assertPipelineShadowable(req({ dag: true, model: "m" })));
    expect(e?.message).toBe(notShadowable("q"));
    await config('[pipeline.a]\n[pipeline.t]\ntype = "transformation"\n');
    await expect(assertPipelineShadowable(req({ dag: true }))).resolves.not.toBeNull();
  });
  it("what cannot be told is refused with the loader's reason and the config's path", async () => {
    const e = await caught(assertPipelineShadowable(req()));
    expect(e?.code).toBe("PIPELINE_UNKNOWN");
    expect(e?.message).toBe(
      cannotTell("the config file does not exist (configPath is resolved against cwd)"),
    );
    expect((e?.cause as NodeJS.ErrnoException | undefined)?.code).toBe("ENOENT");
    await config("[pipeline.a]\n[pipeline.b]\n");
    expect((await caught(assertPipelineShadowable(req({ verb: "run" }))))?.message).toBe(
      cannotTell("it defines several pipelines (a, b) and no pipeline option was given", "run"),
    );
  });

  describe("the two shapes that ran a quality pipeline on the real engine past the old guard", () => {
    it("a bare quality [pipeline] with a [pipeline.default] sub-table: pipeline default is quality", async () => {
      await config(
        '[pipeline]\ntype = "quality"\n[pipeline.target]\nadapter = "default"\n[pipeline.default]\ntype = "transformation"\n',
      );
      const e = await caught(assertPipelineShadowable(req({ pipeline: "default" })));
      expect(e?.code).toBe("PIPELINE_NOT_SHADOWABLE");
      expect(e?.message).toBe(notShadowable("default"));
    });
    it("a variable whose value carries TOML is refused, naming the variable and not its value", async () => {
      await config('[pipeline.p]\nnote = "${NOTE}"\n');
      const e = await caught(
        assertPipelineShadowable(req({ env: { NOTE: 'x"\ntype = "quality' } })),
      );
      expect(e?.code).toBe("PIPELINE_UNKNOWN");
      expect(e?.message).toBe(
        cannotTell(
          'the value of environment variable "NOTE" substituted into it could change the TOML structure (it contains a newline)',
        ),
      );
    });
  });

  it("the type comes through substitution from env, the child's environment", async () => {
    await config('[pipeline.p]\ntype = "${PTYPE:-quality}"\n');
    expect((await caught(assertPipelineShadowable(req())))?.code).toBe("PIPELINE_NOT_SHADOWABLE");
    await expect(
      assertPipelineShadowable(req({ env: { PTYPE: "transformation" } })),
    ).resolves.not.toBeNull();
    expect(await selectPipeline(req({ env: { PTYPE: "load" } }))).toMatchObject({
      name: "p",
      type: "load",
    });
  });
});

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
