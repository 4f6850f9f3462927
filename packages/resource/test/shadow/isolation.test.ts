// Nothing shared with production: a shadowed write runs on a state file of its own and its
// idempotency keys carry the suffix (rocky keeps watermarks, history and local idempotency stamps
// per state file, and Valkey/S3/GCS idempotency entries under one prefix whatever the file).
// Against rocky-sim (not rocky) here; engine-tests/test/seams.test.ts proves it on the real engine.
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ResolverContext,
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  type RockyVerb,
  type VerbArgsOptions,
} from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import {
  MAX_SHADOW_NAMESPACE_CHARS,
  shadowIdempotencyKey,
  shadowStateNamespace,
} from "../../src/shadow/isolation.js";
import { sim, tempDir } from "../helpers.js";

const SUFFIX = "_dagster_pr_42";
const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const IDENT = /^[A-Za-z0-9_]+$/;
const FILE = `.rocky-state/shadow${SUFFIX}.redb`;

const prepared = (options: RockyResourceOptions, verb: RockyVerb, call: object) =>
  prepareInvocation(new RockyResource(options), verb, call);
const globalsOf = (argv: readonly string[]) => argv.slice(0, argv.indexOf("--output"));

describe("a shadowed write runs on a state file of its own (a local file and a remote key)", () => {
  it.each([
    ["run", { filter: "a=b" }],
    ["plan", { filter: "a=b" }],
    ["resumeRun", { filter: "a=b" }],
    ["runModel", { name: "orders" }],
  ] as const)(
    "%s in PR 42: --state-path=.rocky-state/shadow_dagster_pr_42.redb",
    async (verb, call) => {
      const { argv, plan } = await prepared({ env: PR42 }, verb, call);
      expect(globalsOf(argv)).toEqual(["--config=rocky.toml", `--state-path=${FILE}`]);
      expect(plan.stateDir).toBe(join(plan.cwd, ".rocky-state"));
    },
  );

  it("named after production's namespace (the resource's, or the call's)", async () => {
    const r = await prepared({ env: PR42, stateNamespace: "acme" }, "run", { filter: "a=b" });
    expect(globalsOf(r.argv)).toContain(`--state-path=.rocky-state/acme__shadow${SUFFIX}.redb`);
    const c = await prepared({ env: PR42 }, "run", { filter: "a=b", stateNamespace: "t1" });
    expect(globalsOf(c.argv)).toContain(`--state-path=.rocky-state/t1__shadow${SUFFIX}.redb`);
    // apply takes the namespace its plan was made with, so both land in the same file.
    const p = await prepared({ env: {} }, "apply", {
      planId: "a".repeat(64),
      stateNamespace: "t1",
    });
    expect(globalsOf(p.argv)).toEqual(["--config=rocky.toml", "--state-namespace=t1"]);
  });

  it("a resource with statePath: a file named after that one, never production's", async () => {
    const cwd = await tempDir();
    const { argv } = await prepared({ env: PR42, cwd, statePath: "state/my-prod.redb" }, "run", {
      filter: "a=b",
    });
    const path =
      globalsOf(argv)
        .find((t) => t.startsWith("--state-path="))
        ?.split("=")[1] ?? "";
    const name = shadowStateNamespace({ statePath: "state/my-prod.redb" }, cwd, SUFFIX);
    expect(path).toBe(`.rocky-state/${name}.redb`);
    expect(name).toMatch(/^my_prod_[0-9a-f]{8}__shadow_dagster_pr_42$/);
    // Another file gives another name; the same file spelled otherwise the same one.
    expect(shadowStateNamespace({ statePath: "other/my-prod.redb" }, cwd, SUFFIX)).not.toBe(name);
    expect(shadowStateNamespace({ statePath: join(cwd, "state/my-prod.redb") }, cwd, SUFFIX)).toBe(
      name,
    );
  });

  it("always an identifier, and at most MAX_SHADOW_NAMESPACE_CHARS (cut with a hash, distinct)", () => {
    const long = "n".repeat(300);
    const a = shadowStateNamespace({ stateNamespace: long }, "/", SUFFIX);
    const b = shadowStateNamespace({ stateNamespace: `${long}x` }, "/", SUFFIX);
    for (const ns of [a, b]) {
      expect(ns).toMatch(IDENT);
      expect(ns.length).toBeLessThanOrEqual(MAX_SHADOW_NAMESPACE_CHARS);
    }
    expect(a).not.toBe(b);
    expect(shadowStateNamespace({ statePath: "/x/.redb" }, "/", "s")).toMatch(IDENT);
  });

  it("production calls keep production's state flags exactly", async () => {
    for (const [options, globals] of [
      [{}, ["--config=rocky.toml"]],
      [{ stateNamespace: "acme" }, ["--config=rocky.toml", "--state-namespace=acme"]],
      [{ statePath: "s.redb" }, ["--config=rocky.toml", "--state-path=s.redb"]],
    ] as const) {
      const { argv, plan } = await prepared({ env: {}, ...options }, "run", { filter: "a=b" });
      expect(globalsOf(argv)).toEqual(globals);
      expect(plan.stateDir).toBeNull();
    }
  });

  it("reads (state, history) and compare stay on production's state", async () => {
    for (const [verb, call] of [
      ["state", {}],
      ["history", {}],
      ["compare", { filter: "a=b" }],
    ] as const) {
      const { argv } = await prepared({ env: PR42 }, verb, call);
      expect(globalsOf(argv)).toEqual(["--config=rocky.toml"]);
    }
  });

  it("the folder is created right before the spawn; one that cannot be is a refusal, nothing spawned", async () => {
    const s = await sim();
    const cwd = await tempDir();
    await new RockyResource({ binaryPath: s.binaryPath, cwd, env: PR42 }).run({ filter: "a=b" });
    expect((await stat(join(cwd, ".rocky-state"))).isDirectory()).toBe(true);
    const blocked = await tempDir();
    await writeFile(join(blocked, ".rocky-state"), "a file where the folder goes");
    const err = await new RockyResource({ binaryPath: s.binaryPath, cwd: blocked, env: PR42 })
      .run({ filter: "a=b" })
      .catch((e: unknown) => e);
    expect((err as RockyShadowError).code).toBe("STATE_NOT_ISOLATED");
    const runs = (await s.invocations()).filter((i) => i.verb === "run");
    expect(runs.map((i) => i.cwd)).toEqual([cwd]);
  });
});

describe("a shadowed write's idempotency key is namespaced with the suffix", () => {
  it("the call's key, and the resolveIdempotencyKey hook's", async () => {
    const call = await prepared({ env: PR42 }, "run", { filter: "a=b", idempotencyKey: "k1" });
    expect(call.argv).toContain(`--idempotency-key=shadow${SUFFIX}:k1`);
    class Keyed extends RockyResource {
      protected override resolveIdempotencyKey(_ctx: ResolverContext): string {
        return "k2";
      }
    }
    const hooked = await prepareInvocation(new Keyed({ env: PR42 }), "plan", { filter: "a=b" });
    expect(hooked.argv).toContain(`--idempotency-key=shadow${SUFFIX}:k2`);
    const prod = await prepared({ env: {} }, "run", { filter: "a=b", idempotencyKey: "k1" });
    expect(prod.argv).toContain("--idempotency-key=k1");
  });

  it("ROCKY_IDEMPOTENCY_KEY (rocky's fallback) is namespaced in the child env; an empty one dropped", async () => {
    const a = await prepared({ env: { ...PR42, ROCKY_IDEMPOTENCY_KEY: "k3" } }, "run", {
      filter: "a=b",
    });
    expect(a.env.ROCKY_IDEMPOTENCY_KEY).toBe(`shadow${SUFFIX}:k3`);
    const b = await prepared({ env: { ...PR42, ROCKY_IDEMPOTENCY_KEY: "" } }, "runModel", {
      name: "m",
    });
    expect(Object.hasOwn(b.env, "ROCKY_IDEMPOTENCY_KEY")).toBe(false);
    const prod = await prepared({ env: { ROCKY_IDEMPOTENCY_KEY: "k3" } }, "run", { filter: "a=b" });
    expect(prod.env.ROCKY_IDEMPOTENCY_KEY).toBe("k3");
  });

  it("a buildArgs override that adds a raw key to a shadowed write: STATE_NOT_ISOLATED, key not quoted", async () => {
    class RawKey extends RockyResource {
      protected override buildArgs<V extends RockyVerb>(
        verb: V,
        options: VerbArgsOptions[V],
      ): string[] {
        return [...super.buildArgs(verb, options), "--idempotency-key", "S3CRET-k"];
      }
    }
    const err = await prepareInvocation(new RawKey({ env: PR42 }), "run", { filter: "a=b" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("STATE_NOT_ISOLATED");
    expect((err as Error).message).not.toContain("S3CRET");
    // In production the override's key is its own business.
    const prod = await prepareInvocation(new RawKey({ env: {} }), "run", { filter: "a=b" });
    expect(prod.argv).toContain("S3CRET-k");
  });

  it("a key is namespaced injectively: no suffix can claim another's or production's", () => {
    expect(shadowIdempotencyKey("k", "_a")).toBe("shadow_a:k");
    expect(shadowIdempotencyKey("b:k", "_a")).not.toBe(shadowIdempotencyKey("k", "_a_b"));
    expect(shadowIdempotencyKey("k", "_a")).not.toBe("k");
  });
});

describe("through rocky-sim: what reaches rocky", () => {
  it("plan then apply in PR 42: both on the shadow state file, the persisted key namespaced", async () => {
    // The written replication project as it is (no models folder: plan.rs persists a
    // replication plan); assumeConfig would add rocky-sim's models to it.
    const s = await sim({ assumeConfig: false });
    const cwd = await tempDir();
    const r = new RockyResource({ binaryPath: s.binaryPath, cwd, env: PR42 });
    const plan = await r.plan({ filter: "tenant=acme", idempotencyKey: "nightly" });
    // The persisted payload names the state file rocky-sim used (rocky: plan.rs
    // `state_authority_identity`) and keeps the namespaced key apply will replay.
    const file = JSON.parse(
      await readFile(join(cwd, ".rocky", "plans", `${plan.plan_id}.json`), "utf8"),
    ) as { payload: { state_authority: string; idempotency_key: string } };
    expect(file.payload.state_authority).toContain(`path=${FILE}`);
    expect(file.payload.idempotency_key).toBe(`shadow${SUFFIX}:nightly`);
    await r.apply(plan.plan_id as string);
    const invs = (await s.invocations()).filter((i) => i.verb !== null);
    expect(invs.map((i) => globalsOf(i.argv))).toEqual([
      ["--config=rocky.toml", `--state-path=${FILE}`],
      ["--config=rocky.toml", `--state-path=${FILE}`],
    ]);
    expect(invs[0]?.argv).toContain(`--idempotency-key=shadow${SUFFIX}:nightly`);
  });

  it("production's run on the same resource class keeps production's state and key", async () => {
    const s = await sim();
    const cwd = await tempDir();
    await new RockyResource({ binaryPath: s.binaryPath, cwd, env: {} }).run({
      filter: "tenant=acme",
      idempotencyKey: "nightly",
    });
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(globalsOf(run?.argv ?? [])).toEqual(["--config=rocky.toml"]);
    expect(run?.argv).toContain("--idempotency-key=nightly");
  });
});
