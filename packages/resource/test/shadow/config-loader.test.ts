// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
// Through the resource: where shadowing is required, a run or plan's pipeline is judged on the
// document rocky will read: rocky.toml after substitution from the child's env (the resource's
// `env`), with rocky's shorthands and aliases (src/rocky-config.ts). Nothing is spawned on refusal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { sim, tempDir, writeProject } from "../helpers.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };

async function project(toml: string) {
  const s = await sim({ assumeConfig: false });
  const cwd = await tempDir();
  await writeProject(cwd, toml);
  const make = (options: RockyResourceOptions = {}) =>
    new RockyResource({ binaryPath: s.binaryPath, cwd, shadowMode: "branch_deploy", ...options });
  const spawned = async () => (await s.invocations()).filter((i) => i.verb !== null).length;
  return { cwd, make, spawned };
}

async function refusal(p: Promise<unknown>): Promise<RockyShadowError> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyShadowError);
  return err as RockyShadowError;
}

describe("a bare quality [pipeline] is pipeline `default`, whatever sub-table it holds", () => {
  it("run and plan with pipeline: default are refused as quality, nothing spawned", async () => {
    const { make, spawned } = await project(
      '[pipeline]\ntype = "quality"\n[pipeline.target]\nadapter = "default"\n[pipeline.default]\ntype = "transformation"\n',
    );
    const r = make({ env: PR42 });
    for (const verb of ["run", "plan"] as const) {
      const err = await refusal(r[verb]({ filter: "tenant=acme", pipeline: "default" }));
      expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
      expect(err.message).toContain('pipeline "default"');
    }
    expect(await spawned()).toBe(0);
  });
});

describe("substitution from the child's env, with its refusals", () => {
  const KEY = "ROCKY_GUARD_TEST_PTYPE";
  beforeEach(() => {
    process.env[KEY] = "quality";
  });
  afterEach(() => {
    delete process.env[KEY];
  });

  it("a value carrying TOML is refused (the variable named, its value not), nothing spawned", async () => {
    const { make, spawned } = await project('[pipeline.p]\nnote = "${NOTE}"\n');
    const err = await refusal(
      make({ env: { ...PR42, NOTE: 'x"\ntype = "quality' } }).run({ filter: "tenant=acme" }),
    );
    expect(err.code).toBe("PIPELINE_UNKNOWN");
    expect(err.message).toContain('"NOTE"');
    expect(err.message).not.toContain("quality\n");
    expect(await spawned()).toBe(0);
  });

  it("${VAR:-quality} as the type, VAR absent from the resource's env: refused even when process.env has it", async () => {
    const { make, spawned } = await project(`[pipeline.p]\ntype = "\${${KEY}:-quality}"\n`);
    process.env[KEY] = "transformation";
    const err = await refusal(make({ env: PR42 }).plan({ filter: "tenant=acme" }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(await spawned()).toBe(0);
  });

  it("the resource's env decides, not process.env: VAR=transformation there runs shadowed", async () => {
    const { make } = await project(`[pipeline.p]\ntype = "\${${KEY}}"\n`);
    const r = make({ env: { ...PR42, [KEY]: "transformation" } });
    const { argv } = await prepareInvocation(r, "run", { filter: "tenant=acme" });
    expect(argv).toContain("--shadow");
    // process.env holds quality; it is not what rocky gets.
    expect(process.env[KEY]).toBe("quality");
  });

  it("without env the child gets process.env at call time, and so does the guard", async () => {
    const { make } = await project(`[pipeline.p]\ntype = "\${${KEY}}"\n`);
    const r = make({ shadowMode: "always" });
    const err = await refusal(r.run({ filter: "tenant=acme" }));
    expect(err.code).toBe("PIPELINE_NOT_SHADOWABLE");
    process.env[KEY] = "transformation";
    expect((await prepareInvocation(r, "run", { filter: "tenant=acme" })).argv).toContain(
      "--shadow",
    );
  });
});

describe("a buildArgs override that adds --dag or --watch is judged on what rocky then does", () => {
  type Verb = Parameters<RockyResource["buildArgs"]>[0];
  type Opts = Parameters<RockyResource["buildArgs"]>[1];
  /** A subclass whose buildArgs appends one flag. */
  class Dag extends RockyResource {
    readonly #extra: string;
    constructor(options: RockyResourceOptions, extra: string) {
      super(options);
      this.#extra = extra;
    }
    protected override buildArgs<V extends Verb>(verb: V, options: Opts): string[] {
      return [...super.buildArgs(verb, options as never), this.#extra];
    }
  }
  it("--dag with a quality pipeline anywhere is refused; --watch always", async () => {
    const { cwd, spawned } = await project(
      '[pipeline.a]\ntype = "transformation"\n[pipeline.q]\ntype = "quality"\n',
    );
    const options = { cwd, env: PR42, shadowMode: "branch_deploy" as const };
    const dag = await refusal(
      new Dag(options, "--dag").run({ filter: "tenant=acme", pipeline: "a" }),
    );
    expect(dag.code).toBe("PIPELINE_NOT_SHADOWABLE");
    expect(dag.message).toContain('pipeline "q"');
    const watch = await refusal(
      new Dag(options, "--watch").run({ filter: "tenant=acme", pipeline: "a" }),
    );
    expect(watch.code).toBe("PIPELINE_UNKNOWN");
    expect(await spawned()).toBe(0);
  });
});
