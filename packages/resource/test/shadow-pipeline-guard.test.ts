// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
// The quality-pipeline guard, unit by unit: what selects the pipeline (final argv or persisted
// plan), and the refusal when the config, read by rocky's own loader (src/rocky-config.ts, its
// rules in rocky-config.test.ts), selects a quality pipeline or cannot tell which.
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyShadowError } from "../src/errors.js";
import {
  assertPipelineShadowable,
  type PipelineGuardRequest,
  selectionOfArgs,
  selectionOfPlan,
  selectPipeline,
} from "../src/shadow/pipeline-guard.js";

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
