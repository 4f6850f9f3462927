/**
 * Secrets: the idempotency key, the governance override and the child's
 * environment reach rocky, and never a log line (pino at trace) nor an error
 * (message, JSON.stringify, stack, util.inspect, pino's err serializer).
 * What rocky itself prints is out of scope (see SECURITY.md); the simulator
 * (@dagster-rocky/testing, not rocky) never echoes these values on stderr.
 */
import { rm } from "node:fs/promises";
import { inspect } from "node:util";
import type { SimScenario } from "@dagster-rocky/testing";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  RockyConfigError,
  RockyError,
  RockyResource,
  type RockyResourceOptions,
  type RunOptions,
} from "../../src/index.js";
import { captureLogger, sim, tempDir } from "../helpers.js";

const KEY = "idem-S3CR3T-key-9f2a";
const WORKSPACE = "ws-G0V-S3CR3T-771";
const TOKEN = "dapi-T0K3N-S3CR3T-0042";
const AWS = "aws/S3CR3T+AccessKey/99";
const SECRETS = [KEY, WORKSPACE, TOKEN, AWS];
const ENV = {
  DATABRICKS_TOKEN: TOKEN,
  AWS_SECRET_ACCESS_KEY: AWS,
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: "42",
};
const CALL = {
  filter: "tenant=acme",
  idempotencyKey: KEY,
  governanceOverride: {
    workspace_ids: [{ id: 7474656540609532, binding_type: "READ_ONLY" }],
    grants: [{ principal: WORKSPACE, permissions: ["SELECT"] }],
  },
} satisfies RunOptions;

/** Every way an app might print an error. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  const { logger, raw } = captureLogger();
  logger.error({ err: e }, "rocky failed"); // pino's default err serializer (message and stack with causes)
  const withCause = captureLogger();
  withCause.logger.error({ err: pino.stdSerializers.errWithCause(e) }, "rocky failed");
  return [
    e.message,
    JSON.stringify(e),
    String(e.stack),
    inspect(e, { depth: 6 }),
    ...raw,
    ...withCause.raw,
  ];
}

function expectNoSecret(texts: readonly string[], what: string): void {
  for (const text of texts)
    for (const s of SECRETS)
      expect(text.includes(s), `${what} contains ${s}:\n${text.slice(0, 2_000)}`).toBe(false);
}

async function scenario(
  simScenario: SimScenario,
  act: (r: RockyResource) => Promise<unknown>,
  options: RockyResourceOptions = {},
): Promise<{ error: unknown; logs: string[]; argvs: string[][]; envs: Record<string, string>[] }> {
  const s = await sim(simScenario);
  const { logger, raw } = captureLogger();
  const r = new RockyResource({
    binaryPath: s.binaryPath,
    shadowMode: "branch_deploy",
    env: ENV,
    logger,
    cwd: await tempDir(),
    ...options,
  });
  const error = await act(r).then(
    () => null,
    (e: unknown) => e,
  );
  const invs = await s.invocations();
  return { error, logs: raw, argvs: invs.map((i) => i.argv), envs: invs.map((i) => i.env) };
}

describe("the resource itself never shows env values (inspect, JSON, console, keys, spread)", () => {
  class Sub extends RockyResource {
    readonly tenant = "acme";
    get opts() {
      return this.options;
    }
  }
  const make = () =>
    new Sub({ env: ENV, serverUrl: "http://127.0.0.1:1", serverToken: TOKEN, timeoutMs: 1234 });

  it("util.inspect (any depth, hidden fields), JSON.stringify and console.log carry no env value", () => {
    const r = make();
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => {
      printed.push(args.map((a) => inspect(a, { depth: 10 })).join(" "));
    };
    try {
      console.log(r);
    } finally {
      console.log = log;
    }
    const texts = [
      inspect(r, { depth: 20, showHidden: true, getters: true }),
      inspect(r.opts, { depth: 20, showHidden: true }),
      JSON.stringify(r),
      JSON.stringify(r.opts),
      ...printed,
    ];
    expectNoSecret(texts, "rendering of the resource");
    for (const t of texts) expect(t).not.toContain("DATABRICKS_TOKEN");
  });

  it("nothing enumerable reachable from the resource holds env: keys, spread, options", () => {
    const r = make();
    const seen = new Set<unknown>();
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v !== "object" || seen.has(v)) {
        if (typeof v === "string") expectNoSecret([v], path);
        return;
      }
      seen.add(v);
      for (const k of Object.keys(v)) {
        expect(k, path).not.toBe("env");
        walk((v as Record<string, unknown>)[k], `${path}.${k}`);
      }
    };
    walk({ ...r }, "resource");
    walk(r.opts, "options");
    expect(Object.isFrozen(r.opts)).toBe(true);
    // A subclass still reads every other option.
    expect(r.opts.timeoutMs).toBe(1234);
    expect(r.tenant).toBe("acme");
  });
});

describe("secrets reach rocky and nothing else", () => {
  it("a successful run: the values are in rocky's argv and env, not in any log line", async () => {
    const out = await scenario({ commands: { run: { stderrLines: 20 } } }, (r) => r.run(CALL));
    expect(out.error).toBeNull();
    const run = out.argvs.find((a) => a.includes("run"));
    // Shadowed in PR 42: the key is namespaced for the deployment, and still masked.
    expect(run).toContain(`--idempotency-key=shadow_dagster_pr_42:${KEY}`);
    expect(run?.some((t) => t.includes(WORKSPACE))).toBe(true);
    expect(
      out.envs.every((e) => e.DATABRICKS_TOKEN === TOKEN && e.AWS_SECRET_ACCESS_KEY === AWS),
    ).toBe(true);
    expect(out.logs.length).toBeGreaterThan(10); // trace logging really was on
    expectNoSecret(out.logs, "log");
  });

  it("plan then apply", async () => {
    const out = await scenario({}, async (r) => {
      const plan = await r.plan(CALL);
      await r.apply(plan.plan_id as string);
    });
    // Both verbs really ran (a failure before either would leave nothing to leak).
    expect(out.error).toBeNull();
    expect(out.argvs.map((a) => a.find((t) => t === "plan" || t === "apply"))).toEqual([
      undefined,
      "plan",
      "apply",
    ]);
    expect(out.argvs.find((a) => a.includes("plan"))).toContain(
      `--idempotency-key=shadow_dagster_pr_42:${KEY}`,
    );
    expect(out.logs.length).toBeGreaterThan(2);
    expectNoSecret(out.logs, "log");
  });

  const failures: [string, SimScenario, (r: RockyResource) => Promise<unknown>, string][] = [
    [
      "exit 1 without JSON and a stderr flood",
      { commands: { run: { exitCode: 1, output: "none", stderrLines: 100 } } },
      (r) => r.run(CALL),
      "RockyCommandError",
    ],
    [
      "a partial failure with allowPartial false",
      { commands: { run: { partialFailure: true } } },
      (r) => r.run({ ...CALL, allowPartial: false }),
      "RockyPartialFailureError",
    ],
    [
      "a timeout",
      { commands: { run: { hang: true, hangMaxMs: 20_000 } } },
      (r) => r.run({ ...CALL, timeoutMs: 400 }),
      "RockyTimeoutError",
    ],
    [
      "an abort",
      { commands: { plan: { hang: true, hangMaxMs: 20_000 } } },
      (r) => {
        const c = new AbortController();
        setTimeout(() => c.abort(new Error("cancelled")), 400);
        return r.plan({ ...CALL, signal: c.signal });
      },
      "RockyAbortError",
    ],
    [
      "truncated JSON (it echoes the key)",
      { commands: { run: { output: "truncated" } } },
      (r) => r.run(CALL),
      "RockyOutputParseError",
    ],
    [
      "not JSON",
      { commands: { run: { output: "not-json" } } },
      (r) => r.run(CALL),
      "RockyOutputParseError",
    ],
    [
      "schema-invalid JSON",
      { commands: { run: { output: "invalid-schema" } } },
      (r) => r.run(CALL),
      "RockyOutputParseError",
    ],
    [
      "an external SIGKILL",
      { commands: { run: { selfKill: "SIGKILL" } } },
      (r) => r.run(CALL),
      "RockyCommandError",
    ],
    ["a binary too old", { version: "1.0.0" }, (r) => r.run(CALL), "RockyVersionError"],
  ];
  it.each(failures)(
    "%s: no secret in logs or in the error",
    async (_what, simScenario, act, name) => {
      const out = await scenario(simScenario, act, { killGraceMs: 100 });
      expect((out.error as Error)?.name).toBe(name);
      expect(out.error).toBeInstanceOf(RockyError);
      expectNoSecret(out.logs, "log");
      expectNoSecret(renderings(out.error), "error");
    },
  );

  it("the binary disappears after the version probe: the spawn error carries no argv", async () => {
    const s = await sim();
    const { logger, raw } = captureLogger();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      env: ENV,
      logger,
    });
    await r.state();
    await rm(s.binaryPath);
    const err = await r.run(CALL).catch((e: unknown) => e);
    expect((err as Error).name).toBe("RockyBinaryNotFoundError");
    expectNoSecret(raw, "log");
    expectNoSecret(renderings(err), "error");
  });

  it("an environment value the OS would refuse (NUL) is a RockyConfigError naming the variable, not quoting it", async () => {
    const s = await sim();
    let err: unknown;
    try {
      new RockyResource({
        binaryPath: s.binaryPath,
        env: { ...ENV, DATABRICKS_TOKEN: `${TOKEN}\u0000` },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).issues.map((i) => i.path)).toEqual(["env.DATABRICKS_TOKEN"]);
    expectNoSecret(renderings(err), "error");
    expect(await s.invocations()).toEqual([]);
  });

  it("refused options do not quote the secret values", async () => {
    const r = new RockyResource({ env: ENV, shadowMode: "branch_deploy" });
    const bad: unknown[] = [
      { ...CALL, idempotencyKey: `${KEY}\u0000` },
      { ...CALL, governanceOverride: { workspace_ids: WORKSPACE } },
      { ...CALL, governanceOverride: { workspace_ids: [], note: WORKSPACE } },
      { ...CALL, idempotencyKey: [KEY] },
      { ...CALL, timeoutMs: KEY },
    ];
    for (const call of bad) {
      const err = await r.run(call as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyError);
      expect((err as Error).name).toBe("RockyConfigError");
      expectNoSecret(renderings(err), "config error");
    }
  });
});
