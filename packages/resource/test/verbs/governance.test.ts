import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  computePlanId,
  type RockySimulator,
  type SimProjectShape,
  type SimScenario,
  simulatorBinPath,
} from "@dagster-rocky/testing";
import { describe, expect, it } from "vitest";
import {
  RockyCommandError,
  RockyConfigError,
  RockyPartialFailureError,
  RockyResource,
  type RockyResourceOptions,
  RockyShadowError,
  RockyVersionError,
  renderPreviewReport,
} from "../../src/index.js";
import { runReport, sim, tempDir } from "../helpers.js";

// Each governance verb's rule, through real processes against rocky-sim.

const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
const PROD = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "0" };

/** A simulator, a temp project dir (the cwd) and resources in production and in PR 42. */
async function setup(scenario: SimScenario = {}, shape: SimProjectShape = "replication") {
  const s = await sim({ branches: ["fix_orders"], ...scenario });
  const cwd = await tempDir(shape);
  const make = (env: Record<string, string>, extra: RockyResourceOptions = {}) =>
    new RockyResource({
      binaryPath: s.binaryPath,
      shadowMode: "branch_deploy",
      cwd,
      env,
      ...extra,
    });
  return { s, cwd, prod: make(PROD), branch: make(PR42), make };
}

/** Production's raw_orders, which customer_orders reads (built by the bare bin: not recorded). */
function buildUpstream(cwd: string): void {
  execFileSync(process.execPath, [simulatorBinPath(), "run", "--model=raw_orders"], {
    cwd,
    stdio: "ignore",
  });
}

/** A git repository whose `main` is HEAD: `preview create` diffs the models against it. */
function gitRepo(cwd: string): void {
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd,
      stdio: "ignore",
    });
  git("init", "-q", "-b", "main");
  git("commit", "-q", "--allow-empty", "-m", "base");
}

const spawnedVerbs = async (s: RockySimulator) =>
  (await s.invocations()).filter((i) => i.verb !== null);

async function writeProduct(cwd: string, name = "orders") {
  await mkdir(join(cwd, "products"), { recursive: true });
  await writeFile(join(cwd, "products", `${name}.toml`), `[product]\nname = "${name}"\n`);
}

/** Persists a plan as rocky's plan store does (id = blake3 of kind + payload). */
async function writePlanFile(cwd: string, kind: string, payload: Record<string, unknown>) {
  const id = await computePlanId(kind, payload as never);
  await mkdir(join(cwd, ".rocky", "plans"), { recursive: true });
  await writeFile(
    join(cwd, ".rocky", "plans", `${id}.json`),
    JSON.stringify({
      plan_id: id,
      kind,
      created_at: "2026-01-01T00:00:00Z",
      format_version: 1,
      principal: "human",
      payload,
    }),
  );
  return id;
}

const refusedCalls: [string, (r: RockyResource) => Promise<unknown>][] = [
  ["branchApprove", (r) => r.branchApprove("fix_orders", { message: "lgtm" })],
  ["branchPromote", (r) => r.branchPromote("fix_orders", { skipApproval: true })],
  ["planPromote", (r) => r.planPromote("fix_orders")],
  ["productApprove", (r) => r.productApprove("orders")],
];

describe("refused verbs: in a branch deployment (and under always / a preview) nothing is spawned", () => {
  it.each(refusedCalls)("%s in a Dagster+ branch deployment", async (name, call) => {
    const { s, branch } = await setup();
    const err = await call(branch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("REFUSED_WHEN_SHADOWED");
    expect((err as RockyShadowError).command).toBe(name);
    expect(await s.invocations()).toEqual([]);
  });

  it.each(refusedCalls)("%s under shadowMode always, even in production", async (_name, call) => {
    const { s, make } = await setup();
    const err = await call(make(PROD, { shadowMode: "always" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect(await s.invocations()).toEqual([]);
  });

  it.each(refusedCalls)("%s in a detected preview deployment", async (_name, call) => {
    const { s, make } = await setup();
    const err = await call(make(PR42, { shadowMode: "preview" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect(await s.invocations()).toEqual([]);
  });
});

describe("refused verbs run in production", () => {
  it("branchApprove signs, then branchPromote (gated on it) copies the branch over production", async () => {
    const { s, cwd, prod } = await setup();
    await writeProduct(cwd);
    const approval = await prod.branchApprove("fix_orders", { message: "lgtm" });
    expect(approval.artifact.branch).toBe("fix_orders");
    expect(approval.artifact.message).toBe("lgtm");
    const promoted = await prod.branchPromote("fix_orders");
    expect(promoted.success).toBe(true);
    expect(promoted.targets.map((t) => t.source)).toEqual([
      "branch__fix_orders.orders",
      "branch__fix_orders.customers",
      "branch__fix_orders.payments",
    ]);
    const argv = (await spawnedVerbs(s)).map((i) => i.argv.slice(i.argv.indexOf("branch")));
    expect(argv[0]).toEqual(["branch", "approve", "--message=lgtm", "--", "fix_orders"]);
    expect(argv[1]).toEqual(["branch", "promote", "--models=models", "--", "fix_orders"]);
  });

  it("branchPromote without an approval: rocky's gate refuses (exit 1, no report)", async () => {
    const { prod } = await setup();
    const err = await prod.branchPromote("fix_orders").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(err).not.toBeInstanceOf(RockyPartialFailureError);
    expect((err as RockyCommandError).stderrTail).toMatch(/no valid approval/);
  });

  it("productApprove approves once; a second approval reports already_approved", async () => {
    const { cwd, prod } = await setup();
    await writeProduct(cwd);
    expect((await prod.productApprove("orders")).already_approved).toBe(false);
    expect((await prod.productApprove("orders")).already_approved).toBe(true);
  });
});

describe("branchPromote: a promotion that did not fully succeed is an error carrying the report", () => {
  it.each(["partial", "breaking"] as const)(
    "%s: RockyPartialFailureError with the report",
    async (promote) => {
      const { prod } = await setup({ commands: { "branch promote": { promote } } });
      const err = (await prod
        .branchPromote("fix_orders", { skipApproval: true })
        .catch((e: unknown) => e)) as RockyPartialFailureError<{
        success: boolean;
        targets: unknown[];
      }>;
      expect(err).toBeInstanceOf(RockyPartialFailureError);
      expect(err.exitCode).toBe(1);
      expect(err.result.success).toBe(false);
      if (promote === "breaking") expect(err.result.targets).toEqual([]);
    },
  );

  it("allowPartial: true returns the failed report", async () => {
    const { prod } = await setup({ commands: { "branch promote": { promote: "partial" } } });
    const out = await prod.branchPromote("fix_orders", { skipApproval: true, allowPartial: true });
    expect(out.success).toBe(false);
    expect(out.targets.filter((t) => !t.succeeded)).toHaveLength(1);
  });
});

describe("resumeRun and runModel are shadowed exactly like run (fail closed)", () => {
  const shadowArgs = ["--shadow", "--shadow-suffix=_dagster_pr_42"];

  it("resumeRun(id) in a branch deployment carries --shadow --shadow-suffix and resumes", async () => {
    const { s, branch } = await setup({ runs: ["run-20260101-000000-000"] });
    const out = runReport(
      await branch.resumeRun("run-20260101-000000-000", { filter: "tenant=acme" }),
    );
    expect(out.resumed_from).toBe("run-20260101-000000-000");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv).toEqual(
      expect.arrayContaining(["--resume=run-20260101-000000-000", ...shadowArgs]),
    );
    for (const m of out.materializations) {
      expect(m.metadata.target_table_full_name).toMatch(/_dagster_pr_42$/);
    }
  });

  it("resumeRun without an id sends --resume-latest", async () => {
    const { s, branch } = await setup({ runs: ["run-a", "run-b"] });
    const out = runReport(await branch.resumeRun({ filter: "tenant=acme" }));
    expect(out.resumed_from).toBe("run-b");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv).toEqual(expect.arrayContaining(["--resume-latest", ...shadowArgs]));
    expect(inv?.argv.some((a) => a.startsWith("--resume="))).toBe(false);
  });

  it("an id rocky has no progress for runs afresh: no resumed_from", async () => {
    const { prod } = await setup();
    const out = runReport(await prod.resumeRun("run-unknown", { filter: "tenant=acme" }));
    expect(out.resumed_from ?? undefined).toBeUndefined();
  });

  it("runModel in a branch deployment carries the shadow flags and no filter", async () => {
    const { s, cwd, branch } = await setup({}, "transformation");
    buildUpstream(cwd);
    const out = await branch.runModel("customer_orders");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv).toEqual(expect.arrayContaining(["--model=customer_orders", ...shadowArgs]));
    expect(inv?.argv.some((a) => a.startsWith("--filter"))).toBe(false);
    expect(out.materializations.map((m) => m.metadata.target_table_full_name)).toEqual([
      expect.stringMatching(/customer_orders_dagster_pr_42$/),
    ]);
  });

  class NoSuffix extends RockyResource {
    protected override resolveShadowSuffix(): null {
      return null;
    }
  }
  it.each([
    ["resumeRun", (r: RockyResource) => r.resumeRun("run-a", { filter: "tenant=acme" })],
    ["runModel", (r: RockyResource) => r.runModel("customer_orders")],
  ] as const)(
    "%s: no suffix in a branch deployment → RockyShadowError, nothing spawned",
    async (_n, call) => {
      const { s, cwd } = await setup();
      const r = new NoSuffix({
        binaryPath: s.binaryPath,
        shadowMode: "branch_deploy",
        cwd,
        env: PR42,
      });
      const err = await call(r).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect((err as RockyShadowError).code).toBe("SUFFIX_REQUIRED");
      expect(await s.invocations()).toEqual([]);
    },
  );

  it("resumeRun refuses idempotencyKey before spawning (rocky refuses the combination)", async () => {
    const { s, prod } = await setup();
    const err = await prod
      .resumeRun("run-a", { filter: "tenant=acme", idempotencyKey: "k" } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyConfigError);
    expect((err as RockyConfigError).issues[0]?.path).toBe("idempotencyKey");
    expect(await s.invocations()).toEqual([]);
  });
});

describe("runModel with a pipeline needs rocky >= 1.69.0, checked before spawning", () => {
  it("1.68.0: RockyVersionError, only the version probe ran", async () => {
    const { s, prod } = await setup({ version: "1.68.0" });
    const err = await prod
      .runModel("customer_orders", { pipeline: "raw" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).minimumVersion).toBe("1.69.0");
    expect(await spawnedVerbs(s)).toEqual([]);
  });

  it("1.68.0 without a pipeline runs", async () => {
    const { prod, cwd } = await setup({ version: "1.68.0" }, "transformation");
    buildUpstream(cwd);
    const out = await prod.runModel("customer_orders");
    expect(out.materializations).toHaveLength(1);
  });
});

describe("apply: the plan guard refuses every plan kind but a shadowed run plan where shadowing is required", () => {
  const kinds: [string, Record<string, unknown>, string][] = [
    ["compact", { statements: [{ purpose: "compact", sql: "OPTIMIZE t" }] }, "compact"],
    ["archive", { statements: [{ purpose: "archive", sql: "DELETE FROM t" }] }, "archive"],
    [
      "gc",
      { artifacts: [{ model_name: "m", run_id: "r", blake3_hash: "0".repeat(64), size_bytes: 5 }] },
      "gc",
    ],
    [
      "restore",
      { artifacts: [{ model_name: "m", run_id: "r", blake3_hash: "0".repeat(64), size_bytes: 5 }] },
      "restore",
    ],
  ];

  it("a promote plan (from planPromote in production) is refused in a branch deployment, naming the kind", async () => {
    const { s, cwd, prod, branch } = await setup();
    await prod.branchApprove("fix_orders");
    const plan = await prod.planPromote("fix_orders");
    expect(plan.plan_kind).toBe("promote");
    await s.clearInvocations();
    const err = await branch.apply(plan.plan_id as string).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyShadowError);
    expect((err as RockyShadowError).code).toBe("PLAN_NOT_SHADOWED");
    expect((err as Error).message).toMatch(/"promote" plan/);
    expect(await spawnedVerbs(s)).toEqual([]);
    // In production the same plan applies and prints a branch promote document.
    const out = await prod.apply(plan.plan_id as string);
    expect(out.kind).toBe("branch_promote");
    void cwd;
  });

  it.each(kinds)(
    "a %s plan is refused in a branch deployment and applies in production",
    async (kind, payload, tag) => {
      const { s, cwd, prod, branch } = await setup();
      const id = await writePlanFile(cwd, kind, payload);
      const err = await branch.apply(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect((err as Error).message).toContain(`"${kind}" plan`);
      expect(await spawnedVerbs(s)).toEqual([]);
      const out = await prod.apply(id);
      expect(out.kind).toBe(tag);
    },
  );

  it.each(["ai_authored", "backfill", "some_future_kind"])(
    "a %s plan is refused in a branch deployment",
    async (kind) => {
      const { s, cwd, branch } = await setup();
      const id = await writePlanFile(cwd, kind, {
        filter: "tenant=acme",
        shadow: true,
        shadow_suffix: "_x",
      });
      const err = await branch.apply(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyShadowError);
      expect((err as Error).message).toContain(`"${kind}" plan`);
      expect(await spawnedVerbs(s)).toEqual([]);
    },
  );

  it("a shadowed run plan made in the branch deployment applies there", async () => {
    const { branch } = await setup();
    const plan = await branch.plan({ filter: "tenant=acme" });
    const out = await branch.apply(plan.plan_id as string);
    expect(out.kind).toBe("run");
  });
});

describe("apply --expect-spec-digest: rocky's product-binding gate", () => {
  const payload = { filter: "tenant=acme", product_id: "orders", spec_digest: "sha256:abc" };

  it("a product-bound plan applies with the right digest, as --expect-spec-digest=<d> before the id", async () => {
    const { s, cwd, prod } = await setup();
    const id = await writePlanFile(cwd, "run", payload);
    const out = await prod.apply(id, { expectSpecDigest: "sha256:abc" });
    expect(out.kind).toBe("run");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv.slice(inv.argv.indexOf("apply"))).toEqual([
      "apply",
      "--expect-spec-digest=sha256:abc",
      id,
    ]);
  });

  it.each([
    [undefined, /bare `rocky apply` is refused/],
    ["sha256:other", /spec digest mismatch/],
  ])("digest %s: rocky refuses (RockyCommandError, exit 1)", async (digest, why) => {
    const { cwd, prod } = await setup();
    const id = await writePlanFile(cwd, "run", payload);
    const err = await prod
      .apply(id, digest === undefined ? {} : { expectSpecDigest: digest })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect((err as RockyCommandError).exitCode).toBe(1);
    expect((err as RockyCommandError).stderrTail).toMatch(why);
  });

  it("expectSpecDigest needs rocky >= 1.71.0", async () => {
    const { s, cwd, prod } = await setup({ version: "1.70.0" });
    const id = await writePlanFile(cwd, "run", payload);
    const err = await prod.apply(id, { expectSpecDigest: "sha256:abc" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(await spawnedVerbs(s)).toEqual([]);
  });
});

describe("product verify, compile, status are allowed in a branch deployment", () => {
  it.each([
    ["pass", 0],
    ["needs_input", 1],
    ["fail", 2],
  ] as const)("verify %s (exit %i) is a result", async (verify, exit) => {
    const { s, cwd, branch } = await setup({ commands: { "product verify": { verify } } });
    await writeProduct(cwd);
    const out = await branch.productVerify("orders");
    expect(out.status).toBe(verify);
    expect((await spawnedVerbs(s)).at(-1)?.exitCode).toBe(exit);
    if (verify === "needs_input") expect(out.paste_block).toMatch(/\[policy/);
  });

  it("compile and status run; status reads the spec", async () => {
    const { cwd, branch } = await setup();
    await writeProduct(cwd);
    expect((await branch.productCompile("orders")).product_id).toBe("orders");
    const status = await branch.productStatus("orders");
    expect(status.spec_present).toBe(true);
    expect(status.spec_digest).toMatch(/^sha256:/);
  });

  it("product verbs need rocky >= 1.71.0", async () => {
    const { s, branch } = await setup({ version: "1.70.0" });
    const err = await branch.productStatus("orders").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(await spawnedVerbs(s)).toEqual([]);
  });
});

describe("preview verbs are allowed in a branch deployment; renderPreviewReport renders them", () => {
  it("previewCreate parses the JSON after rocky's text line", async () => {
    const { s, cwd, branch } = await setup();
    gitRepo(cwd);
    const out = await branch.previewCreate({ name: "pr_42", base: "main" });
    expect(out.branch_schema).toBe("branch__pr_42");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv.slice(inv.argv.indexOf("preview"))).toEqual([
      "preview",
      "create",
      "--models=models",
      "--base=main",
      "--name=pr_42",
    ]);
  });

  it("previewCreate outside a git repository: rocky exits 1 (it diffs against the base ref)", async () => {
    const { branch } = await setup();
    const err = await branch.previewCreate({ name: "pr_42" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect((err as RockyCommandError).stderrTail).toMatch(/is this a git repository/);
  });

  it("previewCreate of an existing branch: rocky exits 1", async () => {
    const { branch, cwd } = await setup({ branches: ["pr_42"] });
    gitRepo(cwd);
    const err = await branch.previewCreate({ name: "pr_42" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect((err as RockyCommandError).stderrTail).toMatch(/already exists/);
  });

  it("previewDiff and previewCost render into one PR comment", async () => {
    const { branch } = await setup({
      branches: ["pr_42"],
      commands: { "preview cost": { budgetBreach: true } },
    });
    const diff = await branch.previewDiff({ name: "pr_42", sampleSize: 50 });
    const cost = await branch.previewCost({ name: "pr_42" });
    const md = renderPreviewReport({ diff, cost }, { format: "markdown" });
    expect(md).toMatch(/^### Preview pr\\_42|^### Preview pr_42/);
    expect(md).toContain("| orders | 3 | 0 | 5 | +discount |");
    expect(md).toContain("| customers | 0 | 0 | 0 | none |");
    expect(md).toContain("**Total:** base $3.00, branch $2.25, delta -$0.75");
    expect(md).toContain("Projected budget breaches");
    const text = renderPreviewReport({ diff, cost }, { format: "text" });
    expect(text).not.toContain("|");
    expect(text).toContain("orders");
  });

  it("previewDiff with no base run in the state store: a result saying so (exit 0)", async () => {
    const { branch } = await setup();
    const diff = await branch.previewDiff({ name: "nope" });
    expect(diff.models).toEqual([]);
    expect((diff as { base_note?: string }).base_note).toMatch(/^no run recorded for 'main'/);
  });
});

describe("every name argument is validated before spawning", () => {
  const common = ["", "-x", "--help", "a\nb", "a\u0000b", "a\u007fb"];
  const identifier = [...common, "a b", "a/b", "..", "a.b", "a-b", "é", "a=b"];
  const branch = [...common, "a b", "a/b", "..", "a..b", ".hidden", "x".repeat(65), "é"];
  const runId = [...common, "a b", "a/b", "x".repeat(129), "é"];
  const gitRef = [...common, "a b", "..", "a..b", "é", "a:b"];
  const digest = [...common, "a b", "é", "x".repeat(257)];
  // A pipeline name is any rocky.toml key (rocky does not restrict it): empty and control
  // characters are refused; "-x" is a name like any other, sent as --pipeline=-x.
  const pipeline = ["", "a\nb", "a\u0000b", "a\u007fb", "a\tb"];
  const calls: [string, string[], (r: RockyResource, v: string) => Promise<unknown>][] = [
    ["branchApprove", branch, (r, v) => r.branchApprove(v)],
    ["branchPromote", branch, (r, v) => r.branchPromote(v)],
    ["planPromote", branch, (r, v) => r.planPromote(v)],
    ["productVerify", identifier, (r, v) => r.productVerify(v)],
    ["productCompile", identifier, (r, v) => r.productCompile(v)],
    ["productApprove", identifier, (r, v) => r.productApprove(v)],
    ["productStatus", identifier, (r, v) => r.productStatus(v)],
    ["runModel", identifier, (r, v) => r.runModel(v)],
    ["runModel pipeline", pipeline, (r, v) => r.runModel("m", { pipeline: v })],
    ["resumeRun", runId, (r, v) => r.resumeRun(v, { filter: "tenant=acme" })],
    ["previewCreate name", branch, (r, v) => r.previewCreate({ name: v })],
    ["previewCreate base", gitRef, (r, v) => r.previewCreate({ base: v })],
    ["previewDiff", branch, (r, v) => r.previewDiff({ name: v })],
    ["previewCost", branch, (r, v) => r.previewCost({ name: v })],
    ["branchPromote baseRef", gitRef, (r, v) => r.branchPromote("b", { baseRef: v })],
    ["planPromote base", gitRef, (r, v) => r.planPromote("b", { base: v })],
    ["branchApprove out", common, (r, v) => r.branchApprove("b", { out: v })],
    ["apply expectSpecDigest", digest, (r, v) => r.apply("a".repeat(64), { expectSpecDigest: v })],
    ["plan env", identifier, (r, v) => r.plan({ filter: "tenant=acme", env: v })],
    ["discover emitFivetranStateTo", common, (r, v) => r.discover({ emitFivetranStateTo: v })],
  ];
  it.each(calls)(
    "%s: hostile values → RockyConfigError naming the field, nothing spawned",
    async (_name, values, call) => {
      const { s, prod } = await setup();
      for (const v of values) {
        const err = await call(prod, v).catch((e: unknown) => e);
        expect(err, JSON.stringify(v)).toBeInstanceOf(RockyConfigError);
        expect((err as RockyConfigError).issues.length).toBeGreaterThan(0);
      }
      expect(await s.invocations()).toEqual([]);
    },
  );

  it("a name rocky itself accepts with a leading dash still reaches it only after --", async () => {
    const { s, prod } = await setup({ branches: ["fix.orders-2"] });
    await prod.branchApprove("fix.orders-2");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv.slice(-2)).toEqual(["--", "fix.orders-2"]);
  });
});

describe("plan --env and discover --emit-fivetran-state-to", () => {
  it("plan({ env }) sends --env=<e> and the plan carries it", async () => {
    const { s, prod } = await setup();
    const out = await prod.plan({ filter: "tenant=acme", env: "prod" });
    expect(out.env).toBe("prod");
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv).toContain("--env=prod");
  });

  it("discover({ emitFivetranStateTo }) sends the path as one token; needs rocky >= 1.38.0", async () => {
    const { s, cwd, prod } = await setup();
    const path = join(cwd, "state dir", "fivetran.json");
    await prod.discover({ emitFivetranStateTo: path });
    const [inv] = await spawnedVerbs(s);
    expect(inv?.argv).toContain(`--emit-fivetran-state-to=${path}`);
    const old = await setup({ version: "1.37.0" });
    const err = await old.prod.discover({ emitFivetranStateTo: path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect(await spawnedVerbs(old.s)).toEqual([]);
    void readFile;
  });
});
