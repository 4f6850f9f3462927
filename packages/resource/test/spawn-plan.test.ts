// One call, one immutable spawn plan: what the guards checked is what rocky gets. Real processes
// through rocky-sim (a simulator of the rocky CLI, not rocky), which records argv, cwd and env.
import { chmod, mkdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type RockyVerb,
  type VerbArgsOptions,
} from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";
import { sim, tempDir, verbPart, writeProject } from "./helpers.js";

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const QUALITY = `[pipeline.checks]
type = "quality"

[pipeline.checks.target]
adapter = "default"
catalog_template = "warehouse"
schema_template = "staging__{tenant}"
`;
const SHADOWED_RUN = ["run", "--filter=tenant=acme", "--shadow", "--shadow-suffix=_dagster_pr_42"];

type Later = (f: () => void) => void;
const TIMINGS: [string, Later][] = [
  ["a microtask", (f) => queueMicrotask(f)],
  ["a resolved promise", (f) => void Promise.resolve().then(f)],
  ["setTimeout(0)", (f) => setTimeout(f, 0)],
  ["setImmediate", (f) => setImmediate(f)],
];

/** A subclass whose buildArgs strips the shadow flags from its returned array, later. */
class LateMutation extends RockyResource {
  constructor(
    private readonly later: Later,
    options: RockyResourceOptions,
  ) {
    super(options);
  }
  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: VerbArgsOptions[V],
  ): string[] {
    const args = super.buildArgs(verb, options);
    this.later(() => {
      const keep = args.filter((t) => t !== "--shadow" && !t.startsWith("--shadow-suffix"));
      args.splice(0, args.length, ...keep, "--pipeline=checks");
    });
    return args;
  }
}

describe("the argv checked is the argv spawned: buildArgs' array is copied and frozen at once", () => {
  it.each(TIMINGS)(
    "mutated in %s after buildArgs returns: rocky still gets the checked, shadowed argv",
    async (_what, later) => {
      const s = await sim();
      const cwd = await tempDir();
      const r = new LateMutation(later, { binaryPath: s.binaryPath, cwd, env: PR42 });
      await r.run({ filter: "tenant=acme" });
      const runs = (await s.invocations()).filter((i) => i.verb === "run");
      expect(runs.map((i) => verbPart(i.argv))).toEqual([SHADOWED_RUN]);
    },
  );

  it("a cached array that a later call rewrites: each call spawns its own argv (a PR job stays shadowed)", async () => {
    // A fleet worker in production: a PR's job names its suffix, a production job does not.
    class Cached extends RockyResource {
      #cache: string[] | undefined;
      protected override buildArgs<V extends RockyVerb>(
        verb: V,
        options: VerbArgsOptions[V],
      ): string[] {
        const fresh = super.buildArgs(verb, options);
        this.#cache ??= [];
        this.#cache.splice(0, this.#cache.length, ...fresh);
        return this.#cache;
      }
    }
    const s = await sim();
    const cwd = await tempDir();
    const r = new Cached({ binaryPath: s.binaryPath, cwd, env: {} });
    await Promise.all([
      r.run({ filter: "tenant=acme", shadowSuffix: "_dagster_pr_42" }),
      r.run({ filter: "tenant=globex" }),
    ]);
    const runs = (await s.invocations()).filter((i) => i.verb === "run").map((i) => i.argv);
    expect(runs).toHaveLength(2);
    expect(runs.map(verbPart)).toEqual(
      expect.arrayContaining([SHADOWED_RUN, ["run", "--filter=tenant=globex"]]),
    );
    const pr = runs.find((a) => a.includes("--filter=tenant=acme"));
    expect(pr).toContain("--state-path=.rocky-state/shadow_dagster_pr_42.redb");
  });

  it("the prepared plan is frozen, argv and env included", async () => {
    const { plan } = await prepareInvocation(new RockyResource({ env: PR42 }), "run", {
      filter: "tenant=acme",
    });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.argv)).toBe(true);
    expect(Object.isFrozen(plan.env)).toBe(true);
    expect(() => (plan.argv as string[]).push("--x")).toThrow(TypeError);
  });
});

describe("cwd is resolved once: process.chdir between prepare and spawn changes nothing", () => {
  const start = process.cwd();
  afterEach(() => process.chdir(start));

  async function twoProjects() {
    const a = await realpath(await tempDir()); // replication (the assumed project)
    const b = await realpath(await tempDir());
    await writeProject(b, QUALITY); // a quality pipeline: refused where shadowed
    return { a, b };
  }
  class ChdirLater extends RockyResource {
    constructor(
      private readonly later: Later,
      private readonly to: string,
      options: RockyResourceOptions,
    ) {
      super(options);
    }
    protected override buildArgs<V extends RockyVerb>(
      verb: V,
      options: VerbArgsOptions[V],
    ): string[] {
      this.later(() => process.chdir(this.to));
      return super.buildArgs(verb, options);
    }
  }

  it.each(TIMINGS)(
    "a chdir in %s: rocky starts in the cwd the guard read, with that config",
    async (_what, later) => {
      const s = await sim();
      const { a, b } = await twoProjects();
      process.chdir(a);
      const r = new ChdirLater(later, b, { binaryPath: s.binaryPath, env: PR42 });
      await r.run({ filter: "tenant=acme" });
      const runs = (await s.invocations()).filter((i) => i.verb === "run");
      expect(runs.map((i) => i.cwd)).toEqual([a]);
      expect(verbPart(runs[0]?.argv ?? [])).toEqual(SHADOWED_RUN);
    },
  );

  it("the plan's cwd is absolute and the config it checked lives there", async () => {
    const { a, b } = await twoProjects();
    process.chdir(a);
    const { plan } = await prepareInvocation(new ChdirLater((f) => f(), b, { env: PR42 }), "run", {
      filter: "tenant=acme",
    });
    expect(plan.cwd).toBe(a);
    expect(plan.config?.configPath).toBe(join(a, "rocky.toml"));
    expect(plan.config?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a relative cwd option is resolved against process.cwd() when the call starts", async () => {
    const { a } = await twoProjects();
    await mkdir(join(a, "proj"));
    await writeProject(join(a, "proj"));
    process.chdir(a);
    const { plan } = await prepareInvocation(
      new RockyResource({ env: {}, cwd: "proj" }),
      "state",
      {},
    );
    expect(plan.cwd).toBe(join(a, "proj"));
  });
});

describe("the config is re-read in the tick of the spawn: bytes changed since the check spawn nothing", () => {
  /** A binary that replaces rocky.toml in its cwd when probed for its version, then runs rocky-sim. */
  async function swappingBinary(simBinary: string, replacement: string): Promise<string> {
    const dir = await tempDir();
    const bin = join(dir, "rocky-swap");
    const next = join(dir, "next.toml");
    await writeFile(next, replacement);
    await writeFile(
      bin,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then cp ${JSON.stringify(next)} rocky.toml; fi\nexec ${JSON.stringify(simBinary)} "$@"\n`,
    );
    await chmod(bin, 0o755);
    return bin;
  }

  it("rocky.toml swapped after the quality guard read it (during the version probe): CONFIG_CHANGED", async () => {
    const s = await sim();
    const cwd = await tempDir();
    const binaryPath = await swappingBinary(s.binaryPath, QUALITY);
    const r = new RockyResource({ binaryPath, cwd, env: PR42 });
    const err = await r.run({ filter: "tenant=acme" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("CONFIG_CHANGED");
    expect((err as RockyShadowError).message).toContain(join(cwd, "rocky.toml"));
    expect((await s.invocations()).map((i) => i.verb)).toEqual([null]); // --version only
  });

  it("the same bytes written again are no change; a production call reads no config at all", async () => {
    const s = await sim();
    const cwd = await tempDir();
    const binaryPath = await swappingBinary(s.binaryPath, DEFAULT_PROJECT_TOML);
    await new RockyResource({ binaryPath, cwd, env: PR42 }).run({ filter: "tenant=acme" });
    const cwd2 = await tempDir();
    const prod = await swappingBinary(s.binaryPath, QUALITY);
    await new RockyResource({ binaryPath: prod, cwd: cwd2, env: {} }).run({
      filter: "tenant=acme",
    });
    expect((await s.invocations()).map((i) => i.verb)).toEqual([null, "run", null, "run"]);
  });
});
