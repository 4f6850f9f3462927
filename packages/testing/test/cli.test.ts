import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRockySimulator, type RockySimulator } from "../src/index.js";
import { rocky, type SimResult } from "./helpers.js";

let sim: RockySimulator;
beforeAll(async () => {
  sim = await createRockySimulator({ assumeConfig: true });
});
afterAll(async () => {
  await sim.cleanup();
});

const run = (args: string[]): Promise<SimResult> => rocky(sim.binaryPath, args, { cwd: sim.dir });

function expectUsageError(r: SimResult, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toContain("\n\nUsage: rocky");
  expect(r.stderr).toMatch(pattern);
}

describe("global flags and their ordering", () => {
  it("--version and -V print `rocky <version>` and exit 0", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("rocky 1.71.0\n");
    }
  });

  it("accepts --config, --state-path, --state-namespace and --output before the verb", async () => {
    const r = await run([
      "--config",
      "rocky.toml",
      "--state-path",
      "x.redb",
      "--state-namespace",
      "ns_1",
      "--output",
      "json",
      "run",
      "--filter",
      "tenant=acme",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("run");
  });

  it("accepts --output after the verb (clap global)", async () => {
    const r = await run(["doctor", "--output", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("doctor");
  });

  it("refuses non-global flags after the verb", async () => {
    for (const flag of ["--config", "--state-path", "--state-namespace"]) {
      const r = await run(["run", "--filter", "a=b", flag, "x"]);
      expectUsageError(r, new RegExp(`unexpected argument '${flag}' found`));
    }
  });

  it("refuses verb flags before the verb", async () => {
    expectUsageError(await run(["--filter", "a=b", "run"]), /unexpected argument '--filter'/);
  });

  it("--output table and md print text, not JSON", async () => {
    const t = await run(["--output", "table", "run", "--filter", "a=b"]);
    expect(t.code).toBe(0);
    expect(() => JSON.parse(t.stdout)).toThrow();
    expect(t.stdout).toMatch(/command\s+run/);
    const md = await run(["-o", "md", "doctor"]);
    expect(md.stdout).toContain("| command | doctor |");
  });

  it("--help prints usage to stdout and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: rocky [OPTIONS] <COMMAND>");
    const v = await run(["run", "--help"]);
    expect(v.stdout).toContain("--shadow-suffix");
  });

  it("rocky with no verb prints its help on stderr, exit 2 (clap arg_required_else_help)", async () => {
    for (const args of [[], ["--output", "json"]]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe("Rust SQL transformation engine");
      expect(r.stderr).toContain("Usage: rocky [OPTIONS] <COMMAND>");
    }
  });

  it("a verb that needs a sub-command prints its help on stderr, exit 2", async () => {
    for (const [verb, about] of [
      ["hooks", "Manage and test shell lifecycle hooks"],
      ["branch", "Manage named virtual branches (schema-prefix branches)"],
      ["product", "Spec-driven data products — verify posture, lower, approve"],
    ]) {
      const r = await run([verb as string]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe(about);
    }
  });

  it("an unknown verb is a usage error", async () => {
    expectUsageError(await run(["bogus"]), /unrecognized subcommand 'bogus'/);
  });
});

describe("both flag forms (--flag value and --flag=value)", () => {
  it("global flags in = form", async () => {
    const r = await run(["--config=rocky.toml", "--output=json", "--state-namespace=a_b", "state"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("state");
  });

  it("short flags: -c x, -cx, -o=json", async () => {
    const r = await run(["-c", "x.toml", "-o=json", "discover"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("discover");
    const r2 = await run(["-cx.toml", "-ojson", "doctor"]);
    expect(JSON.parse(r2.stdout).command).toBe("doctor");
  });

  it("verb flags in both forms give the same output; the first `=` splits the filter", async () => {
    const a = JSON.parse(
      (await run(["run", "--filter", "tenant=acme", "--shadow", "--shadow-suffix", "_s"])).stdout,
    );
    const b = JSON.parse(
      (await run(["run", "--filter=tenant=acme", "--shadow", "--shadow-suffix=_s"])).stdout,
    );
    expect(a.filter).toBe("tenant=acme");
    expect(b.filter).toBe("tenant=acme");
    expect(b.materializations.map((m: { asset_key: string[] }) => m.asset_key)).toEqual(
      a.materializations.map((m: { asset_key: string[] }) => m.asset_key),
    );
    // The value is everything after the first `=`: `v=w` names no tenant, so nothing is copied.
    const c = JSON.parse((await run(["run", "--filter", "tenant=v=w"])).stdout);
    expect(c.filter).toBe("tenant=v=w");
    expect(c.materializations).toEqual([]);
  });

  it("a switch given a value (--shadow=true) is a usage error", async () => {
    expectUsageError(
      await run(["run", "--filter", "a=b", "--shadow=true"]),
      /unexpected value 'true' for '--shadow'/,
    );
  });
});

describe("usage errors exit 2 with empty stdout", () => {
  const cases: [string, string[], RegExp][] = [
    ["unknown flag", ["run", "--filter", "a=b", "--nope"], /unexpected argument '--nope' found/],
    ["missing value", ["run", "--filter"], /a value is required for '--filter <FILTER>'/],
    ["value that looks like a flag", ["run", "--filter", "--shadow"], /a value is required/],
    [
      "--partition with --latest",
      ["run", "--filter", "a=b", "--partition", "2024-01-01", "--latest"],
      /'--partition <PARTITION>' cannot be used with '--latest'/,
    ],
    [
      "--latest with --missing",
      ["run", "--filter", "a=b", "--latest", "--missing"],
      /'--latest' cannot be used with '--missing'/,
    ],
    [
      "--from with --partition",
      ["run", "--filter", "a=b", "--partition", "p", "--from", "x", "--to", "y"],
      /cannot be used with '--from <FROM>'/,
    ],
    [
      "--from without --to",
      ["run", "--filter", "a=b", "--from", "2024-01-01"],
      /required arguments were not provided:\n {2}--to <TO>/,
    ],
    [
      "--to without --from",
      ["plan", "--to", "2024-01-01"],
      /required arguments were not provided:\n {2}--from <FROM>/,
    ],
    [
      "--defer-to without --defer",
      ["run", "--filter", "a=b", "--defer-to", "prod"],
      /required arguments were not provided:\n {2}--defer\n/,
    ],
    [
      "--branch with --shadow",
      ["run", "--filter", "a=b", "--shadow", "--branch", "feat"],
      /'--shadow' cannot be used with '--branch <BRANCH>'/,
    ],
    [
      "duplicate --filter",
      ["run", "--filter", "a=b", "--filter", "c=d"],
      /'--filter <FILTER>' cannot be used multiple times/,
    ],
    [
      "bad --output value",
      ["--output", "xml", "run", "--filter", "a=b"],
      /invalid value 'xml' for '--output <OUTPUT>'/,
    ],
    [
      "bad --parallel value",
      ["run", "--filter", "a=b", "--parallel", "four"],
      /invalid value 'four' for '--parallel <PARALLEL>'/,
    ],
    ["apply without plan id", ["apply"], /required arguments were not provided:\n {2}<PLAN_ID>/],
    [
      "--shadow on compare",
      ["compare", "--filter", "a=b", "--shadow"],
      /unexpected argument '--shadow' found/,
    ],
    ["--version after the verb", ["run", "--version"], /unexpected argument '--version'/],
    // main.rs `Run` has no `--contracts` (compile and test do).
    [
      "--contracts on run",
      ["run", "--contracts", "c", "--model", "m", "--pipeline", "p"],
      /unexpected argument '--contracts' found/,
    ],
    [
      "--watch with --resume-latest",
      ["run", "--watch", "--resume-latest"],
      /'--watch' cannot be used with '--resume-latest'/,
    ],
    [
      "--assume-fresh-state with --dag",
      ["run", "--assume-fresh-state", "--dag"],
      /'--assume-fresh-state' cannot be used with '--dag'/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      expectUsageError(await run(args), pattern);
    });
  }

  it("compare accepts --shadow-suffix / --shadow-schema without --shadow", async () => {
    const r = await run([
      "compare",
      "--filter",
      "a=b",
      "--shadow-suffix",
      "_x",
      "--shadow-schema",
      "s",
    ]);
    expect(r.code).toBe(0);
  });

  it("repeatable --var is accepted", async () => {
    const r = await run(["compile", "--var", "A=1", "--var", "B=2"]);
    expect(r.code).toBe(0);
  });
});

describe("argv the engine accepts (main.rs has no such clap rule)", () => {
  const cases: [string, string[]][] = [
    ["run without --filter", ["run"]],
    ["plan without --filter", ["plan"]],
    ["compare without --filter", ["compare"]],
    ["--shadow-suffix without --shadow (run)", ["run", "--filter", "a=b", "--shadow-suffix", "_x"]],
    ["--shadow-schema without --shadow (plan)", ["plan", "--shadow-schema", "x"]],
    [
      "--resume with --resume-latest",
      ["run", "--filter", "a=b", "--resume", "r1", "--resume-latest"],
    ],
    ["--dag with --resume", ["run", "--dag", "--resume", "r1"]],
    ["an empty filter key", ["run", "--filter", "=acme"]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const r = await run(args);
      expect(r.stderr).not.toMatch(/^error: /);
      // compare fails its tables (no shadow tables were written) but prints its report.
      expect(r.code).toBe(args[0] === "compare" ? 1 : 0);
      expect(JSON.parse(r.stdout).version).toBe("1.71.0");
    });
  }
});

describe("runtime argument errors: `Error: ...` on stderr, exit 1, empty stdout (main.rs order)", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "bad --state-namespace",
      ["--state-namespace", "bad-ns", "run", "--filter", "a=b"],
      /^Error: invalid --state-namespace 'bad-ns': invalid SQL identifier 'bad-ns'.*\^\[a-zA-Z0-9_\]\+\$/,
    ],
    [
      "filter without =",
      ["run", "--filter", "tenant"],
      /^Error: invalid filter 'tenant': expected key=value \(e\.g\., client=acme\)\n$/,
    ],
    [
      "bad --thresholds JSON",
      ["compare", "--filter", "a=b", "--thresholds", "{nope"],
      /^Error: failed to parse thresholds JSON\n\nCaused by:\n {4}/,
    ],
    [
      "--models with --dag",
      ["run", "--filter", "a=b", "--models", "m", "--dag"],
      /^Error: --models is not supported with --dag/,
    ],
    [
      "--var without =",
      ["run", "--var", "region"],
      /^Error: invalid --var 'region': expected name=value \(no '=' found\)/,
    ],
    [
      "--var with --dag",
      ["run", "--var", "a=1", "--dag"],
      /^Error: --var is not yet supported with --dag or --watch/,
    ],
    [
      "--idempotency-key with --resume-latest",
      ["run", "--idempotency-key", "k1", "--resume-latest"],
      /^Error: --idempotency-key cannot be combined with --resume \/ --resume-latest/,
    ],
    [
      "--idempotency-key with --resume on plan",
      ["plan", "--idempotency-key", "k1", "--resume", "r1"],
      /^Error: --idempotency-key cannot be combined with --resume \/ --resume-latest/,
    ],
    [
      "--assume-fresh-state on the local state backend",
      ["run", "--assume-fresh-state"],
      /^Error: --assume-fresh-state requires a remote `\[state\]` backend/,
    ],
    [
      "--branch that was never created",
      ["run", "--branch", "feat"],
      /^Error: branch 'feat' not found — create it with `rocky branch create feat`\n$/,
    ],
    [
      "bad --governance-override JSON",
      ["run", "--governance-override", "{x"],
      /^Error: failed to parse governance override JSON/,
    ],
    [
      "unknown --model on compile",
      ["compile", "--model", "nope"],
      /^Error: model 'nope' not found \(no transformation model with that name\)\n$/,
    ],
    [
      "unknown --model on test",
      ["test", "--model", "nope"],
      /^Error: model 'nope' not found \(no transformation model with that name\)\n$/,
    ],
    [
      "unknown --pipeline",
      ["run", "--pipeline", "nope"],
      /^Error: pipeline 'nope' not found in config/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(pattern);
    });
  }

  it("ROCKY_IDEMPOTENCY_KEY counts as --idempotency-key (clap env)", async () => {
    const r = await rocky(sim.binaryPath, ["run", "--resume-latest"], {
      cwd: sim.dir,
      env: { ...process.env, ROCKY_IDEMPOTENCY_KEY: "k2" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: --idempotency-key cannot be combined/);
  });

  it("an explicit --state-path turns namespacing (and its validation) off", async () => {
    const r = await run(["--state-path", "s.redb", "--state-namespace", "bad-ns", "state"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe("state");
  });

  it("valid identifiers pass", async () => {
    const r = await run([
      "--state-namespace",
      "Tenant_01",
      "run",
      "--filter",
      "a=b",
      "--shadow",
      "--shadow-suffix",
      "_pr_42",
    ]);
    expect(r.code).toBe(0);
  });
});
