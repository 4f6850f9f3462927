// The quality-pipeline guard, unit by unit: which pipeline the final argv selects, and
// how the config file is read the way rocky resolves it (every "cannot tell" refuses).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyShadowError } from "../src/errors.js";
import {
  assertPipelineShadowable,
  selectionOfArgs,
  selectPipeline,
} from "../src/shadow/pipeline-guard.js";

describe("selectionOfArgs: --pipeline and --model as rocky reads them", () => {
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
    expect(selectionOfArgs(args)).toEqual({ pipeline, model, ambiguous });
  });
});

describe("selectPipeline: the config read like rocky's resolve_pipeline", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "rocky-pipeline-guard-"));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  const config = (text: string) => writeFile(join(cwd, "rocky.toml"), text);
  const req = (pipeline?: string) => ({
    verb: "run",
    pipeline,
    model: undefined,
    configPath: "rocky.toml",
    cwd,
  });
  const cannotTell = async (why: string, pipeline?: string) => {
    const err = await selectPipeline(req(pipeline)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyShadowError);
    const e = err as RockyShadowError;
    expect(e.code).toBe("PIPELINE_UNKNOWN");
    expect(e.command).toBe("run");
    expect(e.message).toBe(
      `refusing rocky run where shadowing is required: cannot tell which pipeline it selects because ${why} (config ${join(cwd, "rocky.toml")}). Quality pipelines ignore --shadow, so the SDK must see the pipeline's type; fix the config or pass pipeline. Nothing was spawned`,
    );
    return e;
  };

  it("one pipeline: it is selected; a missing type is replication", async () => {
    await config('[pipeline.p]\nstrategy = "full"\n');
    expect(await selectPipeline(req())).toEqual({ name: "p", type: "replication" });
  });
  it.each(["replication", "transformation", "quality", "snapshot", "load"])(
    "type %s is known",
    async (type) => {
      await config(`[pipeline.p]\ntype = "${type}"\n`);
      expect(await selectPipeline(req())).toEqual({ name: "p", type });
    },
  );
  it("`pipelines` (rocky's alias) is read the same way", async () => {
    await config('[pipelines.a]\ntype = "quality"\n[pipelines.b]\n');
    expect(await selectPipeline(req("a"))).toEqual({ name: "a", type: "quality" });
    expect(await selectPipeline(req("b"))).toEqual({ name: "b", type: "replication" });
  });
  it("a missing file (the cause kept)", async () => {
    const e = await cannotTell(
      "the config file does not exist (configPath is resolved against cwd)",
    );
    expect((e.cause as NodeJS.ErrnoException).code).toBe("ENOENT");
  });
  it("a directory where the file should be", async () => {
    await mkdir(join(cwd, "rocky.toml"));
    await cannotTell("the config file cannot be read (EISDIR)");
  });
  it("a file over 4 MiB is not parsed; exactly 4 MiB is", async () => {
    const body = '[pipeline.p]\ntype = "quality"\n';
    await config(body + "#".repeat(4 * 1024 * 1024 - body.length));
    expect(await selectPipeline(req())).toEqual({ name: "p", type: "quality" });
    await config(body + "#".repeat(4 * 1024 * 1024 - body.length + 1));
    await cannotTell(`the config file is larger than ${4 * 1024 * 1024} bytes`);
  });
  it("not TOML", async () => {
    await config("[pipeline.p\n");
    await cannotTell("the config file is not valid TOML");
  });
  it("both [pipeline] and [pipelines]", async () => {
    await config("[pipeline.a]\n[pipelines.b]\n");
    await cannotTell("it has both [pipeline] and [pipelines] tables (rocky refuses the duplicate)");
  });
  it.each([
    ["a number", "pipeline = 1\n"],
    ["an array", "pipeline = [1]\n"],
    ["a date", "pipeline = 1979-05-27T07:32:00Z\n"],
    ["a string", 'pipeline = "p"\n'],
  ])("a pipeline entry that is %s is not a table", async (_, text) => {
    await config(text);
    await cannotTell("its pipeline entry is not a table");
  });
  it("a named pipeline that is not defined names the ones that are", async () => {
    await config("[pipeline.a]\n[pipeline.b]\n");
    await cannotTell('pipeline "x" is not defined there (defined: a, b)', "x");
    await config('name = "project"\n');
    await cannotTell('pipeline "x" is not defined there (defined: none)', "x");
  });
  it("no pipeline at all", async () => {
    await config('name = "project"\n');
    await cannotTell("it defines no pipeline");
    await config("[pipeline]\n");
    await cannotTell("it defines no pipeline");
  });
  it("several pipelines and no pipeline option", async () => {
    await config("[pipeline.a]\n[pipeline.b]\n");
    await cannotTell("it defines several pipelines (a, b) and no pipeline option was given");
  });
  it.each([
    ["a number", "[pipeline]\np = 1\n"],
    ["an array", "[pipeline]\np = [1]\n"],
    ["a date", "[pipeline]\np = 1979-05-27\n"],
  ])("a pipeline that is %s is not a table", async (_, text) => {
    await config(text);
    await cannotTell("[pipeline.p] is not a table");
  });
  it.each([
    ['"weird"', '"weird"'],
    ["5", "5"],
    ['"Quality"', '"Quality"'],
  ])("an unknown type %s", async (type, shown) => {
    await config(`[pipeline.p]\ntype = ${type}\n`);
    await cannotTell(`[pipeline.p] has an unknown type ${shown}`);
  });
});

describe("assertPipelineShadowable: refuse quality, ambiguity and what cannot be told", () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), "rocky-pipeline-guard-"));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  const base = () => ({ verb: "plan", configPath: "rocky.toml", cwd });
  const caught = (p: Promise<void>) =>
    p.then(
      () => null,
      (e: unknown) => e as RockyShadowError,
    );

  it("a flag repeated with different values is refused before any file is read", async () => {
    const e = await caught(
      assertPipelineShadowable({
        ...base(),
        pipeline: "a",
        model: undefined,
        ambiguous: "--pipeline",
      }),
    );
    expect(e).toBeInstanceOf(RockyShadowError);
    expect(e?.code).toBe("PIPELINE_UNKNOWN");
    expect(e?.command).toBe("plan");
    expect(e?.message).toBe(
      "refusing rocky plan where shadowing is required: its arguments carry --pipeline more than once with different values, so the selected pipeline cannot be told; nothing was spawned",
    );
  });
  it("model-only (no --pipeline) never selects a quality pipeline: no file needed", async () => {
    await expect(
      assertPipelineShadowable({ ...base(), pipeline: undefined, model: "m", ambiguous: null }),
    ).resolves.toBeUndefined();
  });
  it("--model with --pipeline is judged by the pipeline", async () => {
    await writeFile(join(cwd, "rocky.toml"), '[pipeline.q]\ntype = "quality"\n');
    const e = await caught(assertPipelineShadowable({ ...base(), pipeline: "q", model: "m" }));
    expect(e?.code).toBe("PIPELINE_NOT_SHADOWABLE");
  });
  it("a quality pipeline is refused, named; others pass", async () => {
    await writeFile(
      join(cwd, "rocky.toml"),
      '[pipeline.q]\ntype = "quality"\n[pipeline.t]\ntype = "transformation"\n',
    );
    const e = await caught(
      assertPipelineShadowable({ ...base(), pipeline: "q", model: undefined }),
    );
    expect(e).toBeInstanceOf(RockyShadowError);
    expect(e?.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(e?.command).toBe("plan");
    expect(e?.message).toBe(
      'refusing rocky plan of pipeline "q" where shadowing is required: it is a quality pipeline, and rocky ignores --shadow for quality pipelines (their checks and tag-mode rewrites act on the production tables). Run quality pipelines from production only; nothing was spawned',
    );
    await expect(
      assertPipelineShadowable({ ...base(), pipeline: "t", model: undefined, ambiguous: null }),
    ).resolves.toBeUndefined();
  });
  it("no ambiguity given (undefined) reads the config", async () => {
    const e = await caught(
      assertPipelineShadowable({ ...base(), pipeline: undefined, model: undefined }),
    );
    expect(e?.code).toBe("PIPELINE_UNKNOWN");
  });
});
