import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { checkBuiltArgs, maskArgv } from "../src/argv.js";
import { RockyConfigError, RockyResource, type RockyResourceOptions } from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";
import { loadAllVerbs } from "../src/verbs/index.js";
import { sim, tempDir } from "./helpers.js";

const argv = async (
  verb: Parameters<typeof prepareInvocation>[1],
  call: unknown,
  options: RockyResourceOptions = {},
) => (await prepareInvocation(new RockyResource({ env: {}, ...options }), verb, call)).argv;

describe("global flags come first: --config, --state-path or --state-namespace, --output json", () => {
  it("defaults", async () => {
    expect(await argv("state", {})).toEqual(["--config=rocky.toml", "--output", "json", "state"]);
  });
  it("--state-path only when set", async () => {
    expect(
      await argv("state", {}, { statePath: "/s/state.redb", configPath: "/c/rocky.toml" }),
    ).toEqual([
      "--config=/c/rocky.toml",
      "--state-path=/s/state.redb",
      "--output",
      "json",
      "state",
    ]);
  });
  it("--state-namespace when set", async () => {
    expect((await argv("state", {}, { stateNamespace: "tenant_a" })).slice(0, 2)).toEqual([
      "--config=rocky.toml",
      "--state-namespace=tenant_a",
    ]);
  });
});

describe("a run's or plan's own stateNamespace replaces the resource's, before the verb", () => {
  it("per call, over the resource's namespace", async () => {
    for (const verb of ["run", "plan"] as const) {
      const args = await argv(
        verb,
        { filter: "tenant=acme", stateNamespace: "acme" },
        { stateNamespace: "shared" },
      );
      expect(args.slice(0, 4)).toEqual([
        "--config=rocky.toml",
        "--state-namespace=acme",
        "--output",
        "json",
      ]);
      expect(args.filter((a) => a.startsWith("--state-namespace"))).toHaveLength(1);
    }
  });
  it("not an identifier, or with a resource statePath: refused, naming stateNamespace", async () => {
    for (const [call, options] of [
      [{ filter: "tenant=a", stateNamespace: "a-b" }, {}],
      [{ filter: "tenant=a", stateNamespace: "a" }, { statePath: "/s/state.redb" }],
    ] as const) {
      const err = await argv("run", call, options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RockyConfigError);
      expect((err as RockyConfigError).issues.map((i) => i.path)).toContain("stateNamespace");
    }
  });
});

describe("run flags, every user value as --flag=value", () => {
  it("the full set", async () => {
    expect(
      await argv("run", {
        filter: "tenant=acme",
        pipeline: "main",
        governanceOverride: { workspace_ids: [{ id: 1 }, { id: 2, binding_type: "READ_ONLY" }] },
        runModels: true,
        model: "orders",
        from: "2026-01-01",
        to: "2026-01-31",
        lookback: 3,
        parallel: 8,
        idempotencyKey: "k-1",
        defer: true,
        deferTo: "prod",
      }),
    ).toEqual([
      "--config=rocky.toml",
      "--output",
      "json",
      "run",
      "--filter=tenant=acme",
      "--pipeline=main",
      '--governance-override={"workspace_ids":[{"id":1},{"id":2,"binding_type":"READ_ONLY"}]}',
      "--models=models",
      "--all",
      "--model=orders",
      "--from=2026-01-01",
      "--to=2026-01-31",
      "--lookback=3",
      "--parallel=8",
      "--idempotency-key=k-1",
      "--defer",
      "--defer-to=prod",
    ]);
  });
  it.each([
    [{ partition: "2026-01-01" }, ["--partition=2026-01-01"]],
    [{ latest: true }, ["--latest"]],
    [{ missing: true }, ["--missing"]],
    [{ latest: false, missing: false }, []],
  ])("partition selector %j", async (sel, flags) => {
    expect((await argv("run", { filter: "a=b", ...sel })).slice(5)).toEqual(flags);
  });
  it("a value starting with - stays a value", async () => {
    const a = await argv("run", { filter: "tenant=--shadow", pipeline: "--all" });
    expect(a).toContain("--filter=tenant=--shadow");
    expect(a).toContain("--pipeline=--all");
    expect(a).not.toContain("--all");
  });
  it("plan takes the same flags (no defer)", async () => {
    expect((await argv("plan", { filter: "a=b", latest: true })).slice(3)).toEqual([
      "plan",
      "--filter=a=b",
      "--latest",
    ]);
  });
});

describe("run options are checked before spawning", () => {
  const bad = async (call: unknown, verb: "run" | "plan" = "run") => {
    try {
      await argv(verb, call);
    } catch (e) {
      expect(e).toBeInstanceOf(RockyConfigError);
      return (e as RockyConfigError).issues;
    }
    throw new Error("expected RockyConfigError");
  };
  it.each([
    [{}, "filter"],
    [{ filter: "acme" }, "filter"],
    [{ filter: "=acme" }, "filter"],
    [{ filter: "ten-ant=acme" }, "filter"],
    [{ filter: "tenant=" }, "filter"],
    [{ filter: "a=b", partition: "p", latest: true }, "partition"],
    [{ filter: "a=b", from: "x" }, "to"],
    [{ filter: "a=b", to: "x" }, "from"],
    [{ filter: "a=b", latest: true, missing: true }, "partition"],
    [{ filter: "a=b", deferTo: "prod" }, "deferTo"],
    [{ filter: "a=b", lookback: -1 }, "lookback"],
    [{ filter: "a=b", parallel: 0 }, "parallel"],
    [{ filter: "a=b", parallel: 1.5 }, "parallel"],
    [{ filter: "a=b", shadowSuffix: "bad suffix" }, "shadowSuffix"],
    [{ filter: "a=b", idempotencyKey: "" }, "idempotencyKey"],
    [{ filter: "a=b", pipeline: "p\u0000q" }, "pipeline"],
    [
      { filter: "a=b", governanceOverride: { workspace_ids: [] } },
      "governanceOverride.workspace_ids",
    ],
    [
      { filter: "a=b", governanceOverride: { workspace_ids: "x" } },
      "governanceOverride.workspace_ids",
    ],
    [{ filter: "a=b", governanceOverride: [1] }, "governanceOverride"],
    [{ filter: "a=b", filtre: "typo" }, "filtre"],
    [{ filter: "a=b", timeoutMs: 0 }, "timeoutMs"],
  ])("%j -> %s", async (call, path) => {
    const issues = await bad(call);
    expect(issues.map((i) => i.path)).toContain(path);
  });
  it("plan refuses defer", async () => {
    expect((await bad({ filter: "a=b", defer: true }, "plan")).length).toBeGreaterThan(0);
  });
  it("an empty workspace_ids list is allowed with consent, which reaches rocky inside the override", async () => {
    const a = await argv("run", {
      filter: "a=b",
      governanceOverride: { workspace_ids: [] },
      allowEmptyWorkspaceIds: true,
    });
    expect(a).toContain(
      '--governance-override={"workspace_ids":[],"allow_empty_workspace_ids":true}',
    );
  });
});

describe("other verbs", () => {
  it.each([
    [
      "discover",
      { pipeline: "p", withSchemas: true },
      ["discover", "--pipeline=p", "--with-schemas"],
    ],
    ["doctor", { check: "state", verbose: true }, ["doctor", "--check=state", "--verbose"]],
    ["compile", { model: "m" }, ["compile", "--models=models", "--model=m"]],
    ["test", {}, ["test", "--models=models"]],
  ] as const)("%s", async (verb, call, expected) => {
    expect((await argv(verb, call)).slice(3)).toEqual(expected);
  });
  it.each(["compile", "test"] as const)("%s passes the models and contracts dirs", async (verb) => {
    expect(
      (await argv(verb, { model: "x" }, { contractsDir: "contracts", modelsDir: "m" })).slice(3),
    ).toEqual([verb, "--models=m", "--contracts=contracts", "--model=x"]);
  });
  it("apply takes only a 64-hex plan id", async () => {
    const id = "a".repeat(64);
    expect((await argv("apply", { planId: id })).slice(3)).toEqual(["apply", id]);
    await expect(argv("apply", { planId: "--help" })).rejects.toBeInstanceOf(RockyConfigError);
    await expect(argv("apply", { planId: `../${"a".repeat(61)}` })).rejects.toBeInstanceOf(
      RockyConfigError,
    );
  });
});

describe("maskArgv: a flag whose name says token, secret, password, key or credential, or one the verb declares secret, loses its value", () => {
  it("a verb's secret flags are read from the secret marks on its options", async () => {
    const verbs = await loadAllVerbs();
    const declared = Object.fromEntries(
      Object.entries(verbs)
        .filter(([, spec]) => spec.secretFlags.length > 0)
        .map(([verb, spec]) => [verb, [...spec.secretFlags].sort()]),
    );
    expect(declared).toEqual({
      run: ["--governance-override", "--idempotency-key"],
      plan: ["--governance-override", "--idempotency-key"],
      resumeRun: ["--governance-override"],
      testAdapter: ["--adapter-config"],
      packageAdd: ["--vars"],
      packageUpdate: ["--vars"],
    });
  });
  it("declared flags, both forms", () => {
    const declared = ["--governance-override", "--idempotency-key"];
    expect(
      maskArgv(
        ["run", "--idempotency-key=s3cret", "--governance-override", '{"a":1}', "--filter=a=b"],
        declared,
      ),
    ).toEqual(["run", "--idempotency-key=***", "--governance-override", "***", "--filter=a=b"]);
    expect(maskArgv(["test-adapter", "--adapter-config", "{}"], ["--adapter-config"])).toEqual([
      "test-adapter",
      "--adapter-config",
      "***",
    ]);
    // Not declared and not named like a secret: kept.
    expect(maskArgv(["test-adapter", "--adapter-config", "{}"], [])).toEqual([
      "test-adapter",
      "--adapter-config",
      "{}",
    ]);
  });
  it.each([
    "--token",
    "--api-token",
    "--TOKEN",
    "--client_secret",
    "--Secret-Name",
    "--password",
    "--db-passwd",
    "--api-key",
    "--apiKey",
    "--ssh_KEY_file",
    "--credential",
    "--aws-credentials",
    "--auth",
    "--authorization",
    "-token",
  ])("%s, in both forms", (flag) => {
    expect(maskArgv(["run", `${flag}=dapi-123`, "--filter=a=b"], [])).toEqual([
      "run",
      `${flag}=***`,
      "--filter=a=b",
    ]);
    expect(maskArgv(["run", flag, "dapi-123", "--filter=a=b"], [])).toEqual([
      "run",
      flag,
      "***",
      "--filter=a=b",
    ]);
  });
  it("the value after a bare secret flag is masked whatever it looks like, and so is every positional after it", () => {
    expect(
      maskArgv(["run", "--token", "-dash-start", "second", "third", "--x=1", "free"], []),
    ).toEqual(["run", "--token", "***", "***", "***", "--x=1", "free"]);
    expect(maskArgv(["run", "--token=a", "b", "--y", "c"], [])).toEqual([
      "run",
      "--token=***",
      "***",
      "--y",
      "c",
    ]);
    expect(maskArgv(["run", "--token"], [])).toEqual(["run", "--token"]);
    expect(maskArgv(["--token", "--", "x"], [])).toEqual(["--token", "***", "***"]);
  });
  it("other flags and positionals pass through unchanged, and the input is not modified", () => {
    const argv = Object.freeze([
      "--config=rocky.toml",
      "--output",
      "json",
      "run",
      "--filter=tenant=acme",
      "--pipeline",
      "main",
      "--",
      "-5",
    ]);
    expect(maskArgv(argv, [])).toEqual([...argv]);
  });
});

describe("a buildArgs override's secret flags never reach the debug log", () => {
  it("--token=…, --api-key …, and a positional after them: rocky gets them, the log shows ***", async () => {
    const TOKEN = "dapi-T0K3N-BUILDARGS-1";
    const KEY = "K3Y-BUILDARGS-2";
    class WithToken extends RockyResource {
      protected override buildArgs(
        verb: Parameters<RockyResource["buildArgs"]>[0],
        options: Parameters<RockyResource["buildArgs"]>[1],
      ): string[] {
        return [...super.buildArgs(verb, options), `--token=${TOKEN}`, "--api-key", KEY];
      }
    }
    const s = await sim();
    const raw: string[] = [];
    const logger = pino(
      { level: "debug" },
      new Writable({
        write(chunk, _enc, cb) {
          raw.push(chunk.toString());
          cb();
        },
      }),
    );
    const r = new WithToken({ binaryPath: s.binaryPath, env: {}, cwd: await tempDir(), logger });
    // The simulator knows no --token (it fails the call): what matters is what was logged.
    await r.state().catch(() => {});
    const state = (await s.invocations()).find((i) => i.verb === "state");
    expect(state?.argv).toContain(`--token=${TOKEN}`);
    expect(state?.argv).toContain(KEY);
    const lines = raw.map((l) => JSON.parse(l));
    const spawn = lines.find((l) => l.msg === "spawning rocky" && l.command === "state");
    expect(spawn?.argv.slice(-3)).toEqual(["--token=***", "--api-key", "***"]);
    // The SDK's own lines (what rocky itself prints on stderr is rocky's: the simulator, like
    // clap, quotes the argument it refuses).
    const own = JSON.stringify(lines.filter((l) => l.msg !== "rocky stderr"));
    expect(own).not.toContain(TOKEN);
    expect(own).not.toContain(KEY);
  });
});

describe("checkBuiltArgs: what a buildArgs override returns is argv-safe and starts with the verb", () => {
  const refusal = (verb: string, args: unknown, method = verb) => {
    try {
      checkBuiltArgs(verb.split(" "), args, method);
    } catch (e) {
      expect(e).toBeInstanceOf(RockyConfigError);
      return { command: (e as RockyConfigError).command, issues: (e as RockyConfigError).issues };
    }
    return null;
  };
  const NOT_STRINGS = [
    { path: "buildArgs", message: "must return an array of strings without NUL characters" },
  ];
  it.each([
    ["not an array", "run --filter=a=b"],
    ["a number inside", ["run", 1]],
    ["undefined inside", ["run", undefined]],
    ["a NUL character", ["run", "--filter=a\u0000b"]],
  ])("%s is refused, naming the method", (_, args) => {
    expect(refusal("run", args, "resumeRun")).toEqual({
      command: "resumeRun",
      issues: NOT_STRINGS,
    });
  });
  it("every word of the verb must lead, in order", () => {
    const start = (verb: string) => [
      { path: "buildArgs", message: `must start with the verb "${verb}"` },
    ];
    expect(refusal("run", ["plan", "--filter=a=b"])).toEqual({
      command: "run",
      issues: start("run"),
    });
    expect(refusal("run", [])).toEqual({ command: "run", issues: start("run") });
    expect(refusal("hooks list", ["hooks", "test"], "hooksList")).toEqual({
      command: "hooksList",
      issues: start("hooks list"),
    });
    expect(refusal("hooks list", ["list", "hooks"])).not.toBeNull();
    expect(refusal("hooks list", ["hooks", "list", "--output=json"])).toBeNull();
    expect(refusal("run", ["run"])).toBeNull();
    // A two-word command needs both words: its first word alone is another verb.
    expect(refusal("plan promote", ["plan", "--filter=a=b"], "planPromote")).toEqual({
      command: "planPromote",
      issues: start("plan promote"),
    });
    expect(refusal("branch promote", ["branch", "approve", "--", "x"])).not.toBeNull();
  });
  it("every verb declares its command in full: the built argv starts with all its words", async () => {
    const verbs = await loadAllVerbs();
    const twoWord = Object.entries(verbs)
      .filter(([, spec]) => spec.command.length > 1)
      .map(([verb, spec]) => `${verb}: ${spec.command.join(" ")}`);
    expect(twoWord).toEqual([
      "branchApprove: branch approve",
      "branchPromote: branch promote",
      "planPromote: plan promote",
      "productVerify: product verify",
      "productCompile: product compile",
      "productApprove: product approve",
      "productStatus: product status",
      "previewCreate: preview create",
      "previewDiff: preview diff",
      "previewCost: preview cost",
      "hooksList: hooks list",
      "hooksTest: hooks test",
      "branchList: branch list",
      "branchShow: branch show",
      "branchCompare: branch compare",
      "productList: product list",
      "productJournal: product journal",
      "packageList: package list",
      "packageAdd: package add",
      "packageUpdate: package update",
      "packageRemove: package remove",
      "reconcileWatermark: state reconcile-watermark",
      "scheduleSpool: state schedule spool",
    ]);
  });
});
