import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRockySimulator,
  DEFAULT_PROJECT_TOML,
  type RockySimulator,
  writeSimProject,
} from "../src/index.js";
import { rocky, type SimResult } from "./helpers.js";

// A simulator that assumes nothing: like rocky, it needs the --config file to exist.
let sim: RockySimulator;
let dirs: string[] = [];
beforeAll(async () => {
  sim = await createRockySimulator();
});
afterAll(async () => {
  await sim.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** rocky-sim's simulated warehouse: `raw__<tenant>` sources with three tables each. */
function simulatedWarehouse(dir: string, tenants: readonly string[]): void {
  const tables: Record<string, { columns: [string, string][]; rows: number }> = {};
  for (const t of tenants) {
    for (const name of ["orders", "customers", "payments"]) {
      tables[`cat.raw__${t}.${name}`] = { columns: [["id", "BIGINT"]], rows: 10 };
    }
  }
  mkdirSync(join(dir, ".rocky-sim"), { recursive: true });
  writeFileSync(join(dir, ".rocky-sim", "warehouse.json"), JSON.stringify({ tables }));
}

function project(toml: string | null, tenants: readonly string[] = ["acme", "a", "zz"]): string {
  const dir = mkdtempSync(join(tmpdir(), "rocky-sim-project-"));
  dirs.push(dir);
  if (toml !== null) writeFileSync(join(dir, "rocky.toml"), toml);
  simulatedWarehouse(dir, tenants);
  return dir;
}

const run = (cwd: string, args: string[]): Promise<SimResult> =>
  rocky(sim.binaryPath, args, { cwd });

const PIPE = (name: string, type: string, schema = "staging__{tenant}") =>
  `[pipeline.${name}]\ntype = "${type}"\n[pipeline.${name}.source.schema_pattern]\nprefix = "raw__"\nseparator = "__"\ncomponents = ["tenant"]\n[pipeline.${name}.target]\nadapter = "wh"\ncatalog_template = "cat"\nschema_template = "${schema}"\n`;
const ADAPTER = `[adapter.wh]\ntype = "databricks"\ntoken = "x"\n[adapter.ft]\ntype = "fivetran"\napi_key = "k"\n`;

const targets = (r: SimResult): string[] =>
  (
    JSON.parse(r.stdout) as { materializations: { metadata: { target_table_full_name: string } }[] }
  ).materializations.map((m) => m.metadata.target_table_full_name);

describe("a missing rocky.toml (config.rs FileNotFound)", () => {
  for (const args of [["run", "--filter", "tenant=acme"], ["plan"], ["compare"], ["discover"]]) {
    it(`${args[0]}: Error on stderr, exit 1, empty stdout`, async () => {
      const r = await run(project(null), args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        "Error: failed to load config from rocky.toml\n\nCaused by:\n    No rocky.toml found at 'rocky.toml'\n",
      );
    });
  }

  it("--config names the file that is missing", async () => {
    const r = await run(project(null), ["-c", "conf/x.toml", "run"]);
    expect(r.stderr).toContain("No rocky.toml found at 'conf/x.toml'");
  });

  it("doctor reports critical checks in JSON and exits 3", async () => {
    const r = await run(project(null), ["doctor"]);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.overall).toBe("critical");
    const byName = Object.fromEntries(
      out.checks.map((c: { name: string; status: string }) => [c.name, c.status]),
    );
    expect(byName).toMatchObject({
      config: "critical",
      adapters: "critical",
      pipelines: "critical",
      state_sync: "critical",
      state_rw: "critical",
      auth: "critical",
    });
    expect(out.suggestions).toContain("Fix config file at rocky.toml");
  });

  it("state does not need it; compile and test need only the models folder", async () => {
    const dir = project(null);
    expect((await run(dir, ["state"])).code).toBe(0);
    for (const verb of ["compile", "test"]) {
      const r = await run(dir, [verb]);
      expect(r.code, verb).toBe(1);
      expect(r.stderr).toBe("Error: no models found in models\n");
    }
    await writeSimProject(dir, { shape: "transformation" });
    rmSync(join(dir, "rocky.toml"));
    for (const verb of ["compile", "test"]) expect((await run(dir, [verb])).code, verb).toBe(0);
  });

  it("an invalid TOML file is a config error too", async () => {
    const r = await run(project("[pipeline\n"), ["run"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: failed to load config from rocky\.toml\n\nCaused by:\n {4}failed to parse TOML: /,
    );
  });

  it("the scenario's assumeConfig stands in for a missing file; an existing file wins", async () => {
    const s = await createRockySimulator({
      assumeConfig: PIPE("only", "replication", "mine__{tenant}") + ADAPTER,
    });
    try {
      // Without files, the fake project's warehouse (raw__acme, raw__globex, raw__initech) too.
      const empty = mkdtempSync(join(tmpdir(), "rocky-sim-assumed-"));
      dirs.push(empty);
      const assumed = await rocky(s.binaryPath, ["run", "--filter", "tenant=acme"], { cwd: empty });
      expect(targets(assumed)[0]).toBe("cat.mine__acme.customers");
      const real = project(PIPE("p", "replication", "real__{tenant}") + ADAPTER);
      const fromFile = await rocky(s.binaryPath, ["run", "--filter", "tenant=a"], { cwd: real });
      expect(targets(fromFile)[0]).toBe("cat.real__a.customers");
    } finally {
      await s.cleanup();
    }
    expect(DEFAULT_PROJECT_TOML).toContain('schema_template = "staging__{tenant}"');
  });
});

describe("pipelines are read from rocky.toml (registry.rs resolve_pipeline)", () => {
  const two = PIPE("repl", "replication") + PIPE("checks", "quality") + ADAPTER;

  it("several pipelines and no --pipeline: exit 1 naming them", async () => {
    const r = await run(project(two), ["run"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: multiple pipelines defined (repl, checks). Use --pipeline <name> to select one.\n",
    );
  });

  it("an unknown --pipeline: exit 1", async () => {
    const r = await run(project(two), ["run", "--pipeline", "nope"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: pipeline 'nope' not found in config/);
  });

  it("targets follow the pipeline's catalog and schema templates", async () => {
    const r = await run(project(two), ["run", "--pipeline", "repl", "--filter", "tenant=zz"]);
    expect(targets(r)).toEqual([
      "cat.staging__zz.customers",
      "cat.staging__zz.orders",
      "cat.staging__zz.payments",
    ]);
  });
});

describe("shadow flags (main.rs ShadowConfig, shadow.rs shadow_target)", () => {
  const dir = () => project(PIPE("repl", "replication") + ADAPTER);

  it("--shadow-suffix without --shadow is inert: production targets, exit 0, no shadow field", async () => {
    const r = await run(dir(), ["run", "--filter", "tenant=acme", "--shadow-suffix", "_pr7"]);
    expect(r.code).toBe(0);
    expect(targets(r)[0]).toBe("cat.staging__acme.customers");
    expect(JSON.parse(r.stdout)).not.toHaveProperty("shadow");
  });

  it("--shadow-schema without --shadow is inert too", async () => {
    const r = await run(dir(), ["run", "--filter", "tenant=acme", "--shadow-schema", "pr_7"]);
    expect(targets(r)[0]).toBe("cat.staging__acme.customers");
  });

  it("--shadow with --shadow-schema: the schema wins over the suffix", async () => {
    const r = await run(dir(), [
      "run",
      "--filter",
      "tenant=acme",
      "--shadow",
      "--shadow-suffix",
      "_x",
      "--shadow-schema",
      "pr_7",
    ]);
    expect(targets(r)[0]).toBe("cat.pr_7.customers");
  });

  it("a quality pipeline ignores --shadow (run.rs PipelineConfig::Quality)", async () => {
    const q = project(PIPE("checks", "quality") + ADAPTER);
    const r = await run(q, ["run", "--shadow", "--shadow-suffix", "_pr7"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.pipeline_type).toBe("quality");
    expect(out).not.toHaveProperty("shadow");
    expect(targets(r).every((t) => !t.includes("_pr7"))).toBe(true);
  });

  for (const type of ["snapshot", "load"]) {
    it(`a ${type} pipeline refuses --shadow and --branch (run.rs reject_unsupported_shadow)`, async () => {
      const r = await run(project(PIPE("p", type) + ADAPTER), ["run", "--shadow"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        new RegExp(`^Error: --shadow / --branch is not supported for ${type} pipelines`),
      );
    });
  }
});

describe("state backend from rocky.toml", () => {
  it("--assume-fresh-state passes its check with a remote backend", async () => {
    const dir = project(`${PIPE("p", "replication")}${ADAPTER}[state]\nbackend = "s3"\n`);
    const r = await run(dir, ["run", "--assume-fresh-state", "--filter", "tenant=a"]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("--assume-fresh-state with a missing config is the local backend: exit 1", async () => {
    const r = await run(project(null), ["run", "--assume-fresh-state"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: --assume-fresh-state requires a remote `\[state\]` backend/);
  });
});

describe("more runtime checks of the Run and Plan arms (main.rs)", () => {
  const dir = () => project(PIPE("p", "replication") + ADAPTER);
  const cases: [string, string[], RegExp][] = [
    [
      "a --var with an empty name",
      ["run", "--var", "=1"],
      /^Error: invalid --var '=1': variable name is empty\n$/,
    ],
    [
      "a --var name starting with a digit",
      ["run", "--var", "1a=x"],
      /^Error: invalid --var name '1a': must match \[A-Za-z_\]\[A-Za-z0-9_\]\*/,
    ],
    [
      "an unreadable --governance-override @file",
      ["run", "--governance-override", "@/nonexistent/gov.json"],
      /^Error: failed to read governance override file: \/nonexistent\/gov\.json\n\nCaused by:\n/,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const r = await run(dir(), args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(pattern);
    });
  }

  it("--assume-fresh-state with an unparsable config: the config error is the cause", async () => {
    const r = await run(project("[state\n"), ["run", "--assume-fresh-state"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: cannot validate --assume-fresh-state: rocky\.toml failed to load, so the \[state\] backend cannot be resolved\n\nCaused by:\n {4}failed to parse TOML/,
    );
  });

  it("plan on a pipeline that is not replication is refused (registry.rs)", async () => {
    const r = await run(project(PIPE("checks", "quality") + ADAPTER), ["plan"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: pipeline 'checks' is type 'quality', but this command only supports replication pipelines\n",
    );
  });

  it("a --branch that is registered but combined with a snapshot pipeline is refused", async () => {
    const s = await createRockySimulator({ branches: ["feat"] });
    try {
      const r = await rocky(s.binaryPath, ["run", "--branch", "feat"], {
        cwd: project(PIPE("snap", "snapshot") + ADAPTER),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^Error: --shadow \/ --branch is not supported for snapshot pipelines/,
      );
    } finally {
      await s.cleanup();
    }
  });
});

describe("compare (compare.rs)", () => {
  it("refuses a pipeline that is neither replication nor transformation", async () => {
    const r = await run(project(PIPE("checks", "quality") + ADAPTER), ["compare"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: `compare` supports replication and transformation pipelines; 'checks' is a quality pipeline/,
    );
  });

  it("a transformation pipeline takes only table, model, catalog and schema filter keys (mod.rs)", async () => {
    const dir = project(PIPE("t", "transformation") + ADAPTER);
    const refused = await run(dir, ["compare", "--filter", "tenant=acme"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      "Error: transformation-pipeline `compare` does not support `--filter tenant=...`. Supported keys: table, model, catalog, schema.\n",
    );
    for (const key of ["table", "model", "catalog", "schema"]) {
      const ok = await run(dir, ["compare", "--filter", `${key}=x`]);
      expect(ok.stderr).not.toMatch(/does not support/);
    }
    // A replication pipeline takes any key (its filter selects sources).
    const replication = await run(project(PIPE("p", "replication") + ADAPTER), [
      "compare",
      "--filter",
      "tenant=acme",
    ]);
    expect(replication.stderr).not.toMatch(/does not support/);
    // Its three tables have no shadow copies yet: each comparison fails (compare.rs read errors).
    expect(JSON.parse(replication.stdout).tables_compared).toBe(3);
  });

  it("shadow names use the default suffix without any flag; the filter is optional", async () => {
    const r = await run(project(PIPE("p", "replication") + ADAPTER), [
      "compare",
      "--filter",
      "tenant=a",
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.results[0]).toMatchObject({
      production_table: "cat.staging__a.customers",
      shadow_table: "cat.staging__a.customers_rocky_shadow",
    });
  });
});

describe("doctor (doctor.rs)", () => {
  const dir = () => project(PIPE("p", "replication") + ADAPTER);

  it("emits state_rw, auth/<adapter> per adapter and the auth summary", async () => {
    const r = await run(dir(), ["doctor"]);
    expect(r.code).toBe(0);
    const names = JSON.parse(r.stdout).checks.map((c: { name: string }) => c.name);
    expect(names).toEqual([
      "config",
      "state",
      "state_schema",
      "adapters",
      "pipelines",
      "state_sync",
      "state_rw",
      "auth/wh",
      "auth",
      "auth/ft",
    ]);
  });

  it("details are [label, value] pairs only with --verbose", async () => {
    const plain = JSON.parse((await run(dir(), ["doctor"])).stdout);
    expect(plain.checks.some((c: object) => "details" in c)).toBe(false);
    const v = JSON.parse((await run(dir(), ["doctor", "--verbose"])).stdout);
    const adapters = v.checks.find((c: { name: string }) => c.name === "adapters");
    expect(adapters.details).toEqual([
      ["wh.type", "databricks"],
      ["wh.credential", "token"],
      ["ft.type", "fivetran"],
      ["ft.credential", "api_key"],
    ]);
    const config = v.checks.find((c: { name: string }) => c.name === "config");
    expect(config.details).toEqual([["path", "rocky.toml"]]);
  });

  it("--check keeps exactly the named check", async () => {
    const out = JSON.parse((await run(dir(), ["doctor", "--check", "state_rw"])).stdout);
    expect(out.checks).toEqual([
      {
        name: "state_rw",
        status: "healthy",
        message: "Local backend — no remote probe needed",
        duration_ms: expect.any(Number),
      },
    ]);
  });

  it("a critical scenario fails auth/<adapter>, drops the summary, exits 3", async () => {
    const s = await createRockySimulator({ commands: { doctor: { doctor: "critical" } } });
    try {
      const r = await rocky(s.binaryPath, ["doctor"], { cwd: dir() });
      expect(r.code).toBe(3);
      const out = JSON.parse(r.stdout);
      const auth = out.checks.find((c: { name: string }) => c.name === "auth/wh");
      expect(auth.status).toBe("critical");
      expect(out.checks.some((c: { name: string }) => c.name === "auth")).toBe(false);
      expect(out.suggestions).toContain("Adapter 'wh': verify credentials and network access");
    } finally {
      await s.cleanup();
    }
  });
});
