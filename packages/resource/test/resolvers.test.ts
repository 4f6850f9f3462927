import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type GovernanceOverride,
  type ResolverContext,
  RockyConfigError,
  RockyResource,
  type RockyResourceOptions,
  RockyTimeoutError,
} from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";
import { captureLogger, sim } from "./helpers.js";

type Hooks = {
  governance?: (ctx: ResolverContext) => unknown;
  key?: (ctx: ResolverContext) => unknown;
  timeout?: (ctx: ResolverContext) => unknown;
};

/** A subclass whose resolvers do what `hooks` says, recording every context it is given. */
class Resolving extends RockyResource {
  readonly seen: { hook: string; ctx: ResolverContext }[] = [];
  constructor(
    private readonly hooks: Hooks,
    options: RockyResourceOptions = {},
  ) {
    super({ env: {}, ...options });
  }
  protected override resolveGovernanceOverride(ctx: ResolverContext) {
    this.seen.push({ hook: "governance", ctx });
    return this.hooks.governance?.(ctx) as GovernanceOverride | undefined;
  }
  protected override resolveIdempotencyKey(ctx: ResolverContext) {
    this.seen.push({ hook: "key", ctx });
    return this.hooks.key?.(ctx) as string | undefined;
  }
  protected override resolveTimeoutMs(ctx: ResolverContext) {
    this.seen.push({ hook: "timeout", ctx });
    return this.hooks.timeout?.(ctx) as number | undefined;
  }
}

const argvOf = async (r: RockyResource, verb: "run" | "plan" | "state", call: object) =>
  (await prepareInvocation(r, verb, call)).argv;

const errorOf = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => new Error("expected a rejection"),
    (e: unknown) => e,
  );

describe("a resolver fires once per call, only when the caller left the option out", () => {
  it("run and plan get the override and key from the hooks, as --governance-override= and --idempotency-key=", async () => {
    const r = new Resolving({
      governance: () => ({ workspace_ids: [{ id: 7 }] }),
      key: (ctx) => `key-${ctx.method}`,
    });
    for (const verb of ["run", "plan"] as const) {
      const argv = await argvOf(r, verb, { filter: "tenant=acme" });
      expect(argv).toContain('--governance-override={"workspace_ids":[{"id":7}]}');
      expect(argv).toContain(`--idempotency-key=key-${verb}`);
    }
    expect(r.seen.map((s) => s.hook).sort()).toEqual(
      ["governance", "governance", "key", "key", "timeout", "timeout"].sort(),
    );
  });

  it("the caller's value wins: the hook for that option is not called", async () => {
    const r = new Resolving({
      governance: () => ({ workspace_ids: [{ id: 1 }] }),
      key: () => "from-hook",
    });
    const argv = await argvOf(r, "run", {
      filter: "a=b",
      idempotencyKey: "from-caller",
      governanceOverride: { workspace_ids: [{ id: 2 }] },
      timeoutMs: 5_000,
    });
    expect(argv).toContain("--idempotency-key=from-caller");
    expect(argv).toContain('--governance-override={"workspace_ids":[{"id":2}]}');
    expect(r.seen).toEqual([]);
  });

  it("the context holds the method, the filter and a frozen copy of the supplied options", async () => {
    const r = new Resolving({ key: () => null });
    await argvOf(r, "run", { filter: "tenant=acme", parallel: 2 });
    const ctx = r.seen.find((s) => s.hook === "key")?.ctx;
    expect(ctx?.method).toBe("run");
    expect(ctx?.filter).toBe("tenant=acme");
    expect(ctx?.suppliedOptions).toMatchObject({ filter: "tenant=acme", parallel: 2 });
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx?.suppliedOptions)).toBe(true);
  });

  it("null or undefined from a hook means none: no flag, the resource's timeout", async () => {
    const r = new Resolving({ governance: () => null, key: () => undefined, timeout: () => null });
    const argv = await argvOf(r, "run", { filter: "a=b" });
    expect(argv.some((t) => t.startsWith("--governance-override"))).toBe(false);
    expect(argv.some((t) => t.startsWith("--idempotency-key"))).toBe(false);
  });

  it("verbs without the option never call its hook; the timeout hook fires for every method", async () => {
    const r = new Resolving({});
    await argvOf(r, "state", {});
    expect(r.seen.map((s) => s.hook)).toEqual(["timeout"]);
    expect(r.seen[0]?.ctx.method).toBe("state");
  });

  it("the timeout from the hook is the call's deadline (a hung rocky is terminated at it)", async () => {
    const s = await sim({ commands: { run: { hang: true, hangMaxMs: 30_000 } } });
    const r = new Resolving(
      { timeout: (ctx) => (ctx.method === "run" ? 300 : null) },
      { binaryPath: s.binaryPath, killGraceMs: 100 },
    );
    const err = await errorOf(r.run({ filter: "a=b" }));
    expect(err).toBeInstanceOf(RockyTimeoutError);
    expect((err as RockyTimeoutError).timeoutMs).toBe(300);
  });

  it("version() consults the timeout hook too", async () => {
    const s = await sim();
    const r = new Resolving({ timeout: () => 0.5 }, { binaryPath: s.binaryPath });
    const err = await errorOf(r.version());
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).issues[0]?.path).toBe("resolveTimeoutMs");
    expect(await s.invocations()).toEqual([]);
  });
});

const BAD: [keyof Hooks, string, unknown][] = [
  ["governance", "resolveGovernanceOverride", "a string"],
  ["governance", "resolveGovernanceOverride", ["array"]],
  ["governance", "resolveGovernanceOverride", new Map()],
  ["governance", "resolveGovernanceOverride", { workspace_ids: "ws-1" }],
  ["governance", "resolveGovernanceOverride", { workspace_ids: [] }],
  ["governance", "resolveGovernanceOverride", { n: 10n }],
  ["governance", "resolveGovernanceOverride", Promise.resolve({ a: 1 })],
  ["key", "resolveIdempotencyKey", ""],
  ["key", "resolveIdempotencyKey", "-rf"],
  ["key", "resolveIdempotencyKey", "a\nb"],
  ["key", "resolveIdempotencyKey", "a\u0085b"],
  ["key", "resolveIdempotencyKey", "k".repeat(257)],
  ["key", "resolveIdempotencyKey", 42],
  ["key", "resolveIdempotencyKey", Promise.resolve("k")],
  ["timeout", "resolveTimeoutMs", 0],
  ["timeout", "resolveTimeoutMs", -5],
  ["timeout", "resolveTimeoutMs", 1.5],
  ["timeout", "resolveTimeoutMs", Number.NaN],
  ["timeout", "resolveTimeoutMs", 2_147_483_648],
  ["timeout", "resolveTimeoutMs", "600000"],
];

describe("what a resolver returns is checked: a bad value or a throw is a RockyConfigError naming the hook, nothing spawned", () => {
  it.each(BAD)("%s hook returning a bad value (%s #%#)", async (which, hookName, value) => {
    const s = await sim();
    const r = new Resolving({ [which]: () => value }, { binaryPath: s.binaryPath });
    const err = await errorOf(r.run({ filter: "a=b" }));
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).issues.map((i) => i.path)).toEqual([hookName]);
    expect((err as Error).message).toContain(hookName);
    expect(await s.invocations()).toEqual([]);
  });

  it.each([
    ["governance", "resolveGovernanceOverride"],
    ["key", "resolveIdempotencyKey"],
    ["timeout", "resolveTimeoutMs"],
  ] as const)(
    "%s hook that throws: RockyConfigError with the thrown error as cause",
    async (which, hookName) => {
      const s = await sim();
      const boom = new TypeError("vault unreachable");
      const r = new Resolving(
        {
          [which]: () => {
            throw boom;
          },
        },
        { binaryPath: s.binaryPath },
      );
      const err = await errorOf(r.plan({ filter: "a=b" }));
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues[0]?.path).toBe(hookName);
      expect((err as Error).message).toContain("TypeError");
      expect((err as Error).cause).toBe(boom);
      expect(await s.invocations()).toEqual([]);
    },
  );

  it("an empty workspace_ids passes with allow_empty_workspace_ids: true or the call's allowEmptyWorkspaceIds", async () => {
    const withFlag = new Resolving({
      governance: () => ({ workspace_ids: [], allow_empty_workspace_ids: true }),
    });
    expect(await argvOf(withFlag, "run", { filter: "a=b" })).toContain(
      '--governance-override={"workspace_ids":[],"allow_empty_workspace_ids":true}',
    );
    const consent = new Resolving({ governance: () => ({ workspace_ids: [] }) });
    const argv = await argvOf(consent, "run", { filter: "a=b", allowEmptyWorkspaceIds: true });
    expect(argv).toContain(
      '--governance-override={"workspace_ids":[],"allow_empty_workspace_ids":true}',
    );
  });

  it("the override is checked and sent as one snapshot: a getter cannot pass one value and send another", async () => {
    let reads = 0;
    const sneaky = {
      get workspace_ids() {
        reads++;
        return reads === 1 ? [] : ["ws"];
      },
    };
    const r = new Resolving({ governance: () => sneaky });
    const err = await errorOf(argvOf(r, "run", { filter: "a=b" }));
    expect(err).toBeInstanceOf(RockyConfigError); // the snapshot holds [] and is refused
    expect(reads).toBe(1);
  });
});

describe("secrets returned by resolvers never reach logs or error messages", () => {
  const KEY = "idem-RESOLVED-S3CRET-81";
  const WS = "ws-RESOLVED-SECRET-13";

  it("a successful run: the values reach rocky, never a log line (pino at trace)", async () => {
    const s = await sim();
    const { logger, raw } = captureLogger();
    const r = new Resolving(
      {
        governance: () => ({ grants: [{ principal: WS, permissions: ["SELECT"] }] }),
        key: () => KEY,
      },
      { binaryPath: s.binaryPath, logger },
    );
    await r.run({ filter: "tenant=acme" });
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toContain(`--idempotency-key=${KEY}`);
    expect(run?.argv.join(" ")).toContain(WS);
    const all = raw.join("\n");
    expect(all).toContain("--idempotency-key=***");
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(WS);
  });

  it("refused values and thrown errors: the secret is in no message, stack, JSON or inspect output", async () => {
    const s = await sim();
    const { logger, raw } = captureLogger();
    const cases: Hooks[] = [
      { key: () => `-${KEY}` },
      { key: () => `${KEY}\n` },
      { key: () => KEY.repeat(20) },
      { governance: () => ({ workspace_ids: [], token: WS }) },
      { governance: () => ({ workspace_ids: WS }) },
    ];
    for (const hooks of cases) {
      const r = new Resolving(hooks, { binaryPath: s.binaryPath, logger });
      const err = (await errorOf(r.run({ filter: "a=b" }))) as RockyConfigError;
      expect(err).toBeInstanceOf(RockyConfigError);
      logger.error({ err }, "call failed");
      const shown = [err.message, err.stack ?? "", JSON.stringify(err)].join("\n");
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain(WS);
      expect(inspect(err)).not.toContain(KEY);
    }
    const all = raw.join("\n");
    expect(all).not.toContain(WS);
    expect(all).not.toContain(KEY);
    expect(await s.invocations()).toEqual([]);
  });

  it("a hook that throws: the SDK's message names the hook and the error class, never the thrown message", async () => {
    const r = new Resolving({
      key: () => {
        throw new Error(`could not fetch ${KEY}`);
      },
    });
    const err = (await errorOf(argvOf(r, "run", { filter: "a=b" }))) as RockyConfigError;
    expect(err.message).toContain("resolveIdempotencyKey: threw an error of class Error");
    // The caller's own error stays reachable as `cause`, outside the SDK's message and fields.
    for (const shown of [err.message, err.stack ?? "", JSON.stringify(err)])
      expect(shown).not.toContain(KEY);
  });
});
