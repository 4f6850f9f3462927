import { afterEach, describe, expect, it } from "vitest";
import { RockyResource, type RockyResourceOptions, RockyShadowError } from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { decideShadow } from "../../src/shadow/index.js";
import { captureLogger, sim, tempDir, verbPart } from "../helpers.js";

const FLAG = "DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT";
const PR = (n: number) => ({ [FLAG]: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: String(n) });
/** A least-privilege child environment: no Dagster+ variable at all. */
const CURATED = { PATH: "/usr/bin", DATABRICKS_TOKEN: "dapi-x" };

/** Sets variables in process.env for one test (restored afterwards). */
const saved: Record<string, string | undefined> = {};
function setProcessEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    process.env[k] = v;
  }
}
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    delete saved[k];
  }
});

const verbArgv = async (options: RockyResourceOptions, verb: "run" | "plan" = "run") =>
  verbPart((await prepareInvocation(new RockyResource(options), verb, { filter: "a=b" })).argv);
const refusal = async (options: RockyResourceOptions): Promise<RockyShadowError> => {
  const err = await prepareInvocation(new RockyResource(options), "run", { filter: "a=b" }).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RockyShadowError);
  return err as RockyShadowError;
};

describe("a deployment seen in process.env or in the env option counts", () => {
  it.each(["branch_deploy", "preview", undefined] as const)(
    "shadowMode %s: a curated env option cannot turn a PR deployment into production",
    async (shadowMode) => {
      setProcessEnv(PR(42));
      const options = { env: CURATED, ...(shadowMode === undefined ? {} : { shadowMode }) };
      expect(await verbArgv(options)).toEqual([
        "run",
        "--filter=a=b",
        "--shadow",
        "--shadow-suffix=_dagster_pr_42",
      ]);
      // The child still gets the curated environment (and, as dagster-rocky gives it, rocky's
      // deprecation notices off), nothing from process.env.
      const { env } = await prepareInvocation(new RockyResource(options), "run", {
        filter: "a=b",
      });
      expect(env).toEqual({ ...CURATED, ROCKY_SUPPRESS_DEPRECATION: "1" });
    },
  );

  it("a deployment in the env option alone counts (process.env production)", async () => {
    expect(await verbArgv({ env: PR(42) })).toContain("--shadow-suffix=_dagster_pr_42");
  });

  it("both describing the same deployment: shadowed once, with its suffix", async () => {
    setProcessEnv(PR(42));
    expect(await verbArgv({ env: { ...CURATED, ...PR(42) } })).toContain(
      "--shadow-suffix=_dagster_pr_42",
    );
  });

  it("two different deployments: DEPLOYMENT_AMBIGUOUS, naming both suffixes", async () => {
    setProcessEnv(PR(7));
    for (const shadowMode of ["branch_deploy", "preview"] as const) {
      const err = await refusal({ shadowMode, env: PR(42) });
      expect(err.code).toBe("DEPLOYMENT_AMBIGUOUS");
      expect(err.command).toBe("run");
      expect(err.message).toContain('the env option: "_dagster_pr_42"');
      expect(err.message).toContain('process.env: "_dagster_pr_7"');
    }
  });

  it("a preview detected by another detector in process.env counts too", async () => {
    setProcessEnv({
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_REF: "refs/pull/9/merge",
    });
    expect(
      await verbArgv({ shadowMode: "preview", previewDetectors: ["github_actions"], env: CURATED }),
    ).toContain("--shadow-suffix=_gha_pr_9");
  });

  it("through a real process: rocky-sim records the shadowed argv and the curated env", async () => {
    setProcessEnv(PR(42));
    const s = await sim();
    await new RockyResource({ binaryPath: s.binaryPath, cwd: await tempDir(), env: CURATED }).run({
      filter: "tenant=acme",
    });
    const run = (await s.invocations()).find((i) => i.verb === "run");
    expect(run?.argv).toContain("--shadow-suffix=_dagster_pr_42");
    expect(run?.env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT).toBeUndefined();
  });
});

describe("an unrecognised DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT refuses (cannot tell), never production", () => {
  it.each(["yes", "on", "2", " ", "tru e", "1.0", "\uff11"])(
    "%j in the env option or in process.env: DEPLOYMENT_UNKNOWN, the value not quoted",
    async (raw) => {
      for (const shadowMode of ["branch_deploy", "preview", undefined] as const) {
        const options = shadowMode === undefined ? {} : { shadowMode };
        const inOption = await refusal({ ...options, env: { ...CURATED, [FLAG]: raw } });
        expect(inOption.code).toBe("DEPLOYMENT_UNKNOWN");
        expect(inOption.message).toContain("in the env option");
        expect(inOption.message).not.toContain(JSON.stringify(raw));
        setProcessEnv({ [FLAG]: raw });
        const inProcess = await refusal({ ...options, env: CURATED });
        expect(inProcess.message).toContain("in process.env");
        delete process.env[FLAG];
      }
    },
  );

  it("recognised values still decide: 0/false production, 1/true a branch (any case, padded)", async () => {
    for (const raw of ["0", " FALSE ", "false", ""])
      expect(await verbArgv({ env: { [FLAG]: raw } })).toEqual(["run", "--filter=a=b"]);
    for (const raw of ["1", " TRUE\n"])
      expect(await verbArgv({ env: { [FLAG]: raw } })).toContain("--shadow");
  });

  it("a deployment detected elsewhere shadows even next to an unreadable flag (as --require)", async () => {
    setProcessEnv(PR(42));
    expect(await verbArgv({ env: { [FLAG]: "yes" } })).toContain("--shadow-suffix=_dagster_pr_42");
  });

  it('"always" and an explicit "off" do not detect, so they do not refuse', async () => {
    const env = { [FLAG]: "yes" };
    expect(await verbArgv({ shadowMode: "always", env })).toContain("--shadow");
    expect(await verbArgv({ shadowMode: "off", env })).toEqual(["run", "--filter=a=b"]);
  });

  it("verbs that never write (policy none) never read the environment", async () => {
    const { argv } = await prepareInvocation(
      new RockyResource({ env: { [FLAG]: "yes" } }),
      "state",
      {},
    );
    expect(verbPart(argv)).toEqual(["state"]);
  });
});

describe('the default shadowMode is "branch_deploy"', () => {
  it("a resource created without shadowMode shadows inside a branch deployment", async () => {
    expect(await verbArgv({ env: PR(42) }, "plan")).toEqual([
      "plan",
      "--filter=a=b",
      "--shadow",
      "--shadow-suffix=_dagster_pr_42",
    ]);
    expect(await verbArgv({ env: {} })).toEqual(["run", "--filter=a=b"]);
  });
});

describe('an explicit shadowMode "off" inside a detected deployment logs exactly one warning', () => {
  const warnings = (lines: { level: number; msg: string }[]) =>
    lines.filter((l) => l.level === 40 && l.msg.includes('shadowMode "off"'));

  it("one warning per resource, however many calls; production tables as asked", async () => {
    const { logger, lines } = captureLogger<{ level: number; msg: string }>();
    const r = new RockyResource({ shadowMode: "off", env: PR(42), logger });
    for (let i = 0; i < 3; i++) {
      const { argv } = await prepareInvocation(r, "run", { filter: "a=b" });
      expect(verbPart(argv)).toEqual(["run", "--filter=a=b"]);
    }
    expect(warnings(lines)).toHaveLength(1);
    const other = new RockyResource({ shadowMode: "off", env: CURATED, logger });
    setProcessEnv(PR(42)); // seen in process.env counts as well
    await prepareInvocation(other, "plan", { filter: "a=b" });
    expect(warnings(lines)).toHaveLength(2);
  });

  it("no warning outside a deployment, nor for the default mode", async () => {
    const { logger, lines } = captureLogger<{ level: number; msg: string }>();
    await prepareInvocation(new RockyResource({ shadowMode: "off", env: {}, logger }), "run", {
      filter: "a=b",
    });
    await prepareInvocation(new RockyResource({ env: PR(42), logger }), "run", { filter: "a=b" });
    expect(warnings(lines)).toEqual([]);
  });
});

describe("decideShadow over two environments (pure)", () => {
  it("the option env's detection is reported first; process-only detection still requires", () => {
    const d = decideShadow({ shadowMode: "branch_deploy" }, { process: PR(42), option: CURATED });
    expect(d.required).toBe(true);
    expect(d.info.prNumber).toBe("42");
    expect(d.branchSeen).toBe(true);
    const same = decideShadow({ shadowMode: "branch_deploy" }, { process: PR(42), option: PR(42) });
    expect(same.required).toBe(true);
    const none = decideShadow({ shadowMode: "branch_deploy" }, { process: {}, option: CURATED });
    expect([none.required, none.branchSeen]).toEqual([false, false]);
  });
});
