// Every Python block of the Pipes READMEs (packages/pipes/README.md and
// examples/dagster-pipes/README.md) run as written on the real Dagster (python/readme_blocks.py):
// pasted into a Dagster project, its assets materialize with the asset keys the Node step reports.
// rocky is rocky-sim: the example's fallback, or `rocky` on PATH for the package README's program.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fencedBlocks } from "../../repo-tests/test/snippets.js";
import { describeInterop, REPO_ROOT, runPython, VENV_AVAILABLE } from "./helpers/venv.js";

// biome-ignore lint/suspicious/noExplicitAny: Dagster's event log as JSON
type Json = any;
interface Run {
  name: string;
  success: boolean;
  events: Json[];
}

const blocks = (readme: string, lang: string) =>
  fencedBlocks(readFileSync(join(REPO_ROOT, readme), "utf8"), new Set([lang])).map((b) => b.text);
const EXAMPLE_PY = blocks("examples/dagster-pipes/README.md", "python");
const PIPES_PY = blocks("packages/pipes/README.md", "python");
const PIPES_MAIN = blocks("packages/pipes/README.md", "ts").find((b) =>
  b.includes("RockyResource()"),
);
const TABLES = ["orders", "customers", "payments"];
const KEYS = TABLES.map((t) => `duckdb/shop/${t}`).sort();

/** The package README's program, as the user builds it: its imports pointed at this workspace. */
function asProgram(source: string): string {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return js.replace(/from "@dagster-rocky\/(\w+)"/g, (_, pkg: string) => {
    const url = pathToFileURL(join(REPO_ROOT, "packages", pkg, "dist/index.js")).href;
    return `from ${JSON.stringify(url)}`;
  });
}

let work: string;
const runs = new Map<string, Run>();

beforeAll(async () => {
  if (!VENV_AVAILABLE) return;
  work = mkdtempSync(join(tmpdir(), "interop-readme-"));
  // The package README's user project: the program in dist/main.js, a rocky project, rocky on PATH.
  const project = join(work, "project");
  const bin = join(work, "bin");
  mkdirSync(join(project, "dist"), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(project, "dist", "main.js"), asProgram(PIPES_MAIN ?? ""));
  writeFileSync(join(project, "rocky.toml"), DEFAULT_PROJECT_TOML);
  symlinkSync(join(REPO_ROOT, "packages/testing/bin/rocky-sim.js"), join(bin, "rocky"));

  // No rocky installed for the example: it falls back to its simulator.
  const PATH = [dirname(process.execPath), "/usr/bin", "/bin"].join(delimiter);
  // CI exports ROCKY_BIN (the real engine) for the engine suite; these blocks are about the
  // simulator fallback and rocky on PATH, so the variable is cleared as on a user's machine without it.
  const NO_ENGINE = { ROCKY_BIN: "" };
  const PR_42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
  const partial = JSON.stringify({ commands: { run: { partialFailure: true } } });
  const cases = [
    ...EXAMPLE_PY.map((code, i) => ({
      name: `example-${i}`,
      code,
      cwd: REPO_ROOT,
      env: { PATH, ...NO_ENGINE },
    })),
    ...EXAMPLE_PY.map((code, i) => ({
      name: `example-${i}-pr42`,
      code,
      cwd: REPO_ROOT,
      env: { PATH, ...NO_ENGINE, ...PR_42 },
    })),
    {
      name: "example-1-partial",
      code: EXAMPLE_PY[1],
      cwd: REPO_ROOT,
      env: { PATH, ...NO_ENGINE, ROCKY_SIM_SCENARIO_JSON: partial },
    },
    ...PIPES_PY.map((code, i) => ({
      name: `pipes-${i}`,
      code,
      cwd: project,
      env: { PATH: `${bin}${delimiter}${PATH}`, ...NO_ENGINE },
    })),
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DAGSTER_CLOUD_|DAGSTER_PIPES_|ROCKY_)/.test(k)) env[k] = v;
  }
  env.DAGSTER_HOME = work;
  const casesFile = join(work, "cases.json");
  const outFile = join(work, "out.json");
  writeFileSync(casesFile, JSON.stringify(cases));
  await runPython("readme_blocks.py", [casesFile, outFile], { env });
  for (const r of JSON.parse(readFileSync(outFile, "utf8")) as Run[]) runs.set(r.name, r);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const run = (name: string): Run => {
  const r = runs.get(name);
  if (!r) throw new Error(`no run recorded for ${name}`);
  return r;
};
const ofType = (r: Run, type: string) => r.events.filter((e) => e.type === type);
const keys = (r: Run) =>
  ofType(r, "ASSET_MATERIALIZATION")
    .map((e) => e.asset_key.join("/"))
    .sort();
/** Every error message of the step failure, its causes and contexts. */
function failure(r: Run): string {
  const parts: string[] = [];
  const walk = (e: Json): void => {
    if (!e) return;
    parts.push(`${e.cls_name}: ${e.message}`);
    walk(e.cause);
    walk(e.context);
  };
  for (const e of ofType(r, "STEP_FAILURE")) walk(e.error);
  return parts.join("\n");
}

describeInterop("the example README's Python blocks, pasted, on the real Dagster", () => {
  it("there are two blocks, each defining defs", () => {
    expect(EXAMPLE_PY).toHaveLength(2);
    for (const code of EXAMPLE_PY) expect(code).toMatch(/^defs = dg\.Definitions\(/m);
  });

  it("the PipesSubprocessClient block materializes the three declared assets, in production and in PR 42", () => {
    for (const name of ["example-0", "example-0-pr42"]) {
      const r = run(name);
      expect(r.success, failure(r)).toBe(true);
      expect(keys(r)).toEqual(KEYS);
    }
    for (const m of ofType(run("example-0-pr42"), "ASSET_MATERIALIZATION")) {
      expect(m.metadata.shadow).toEqual({ type: "BoolMetadataValue", value: true });
      expect(m.metadata.target_table_full_name.value).toMatch(/_dagster_pr_42$/);
    }
  });

  it("its declared row_count checks each get dagster-rocky's placeholder (rocky-sim measures none)", () => {
    const checks = ofType(run("example-0"), "ASSET_CHECK_EVALUATION");
    expect(checks.map((c) => `${c.asset_key.join("/")}#${c.check_name}`).sort()).toEqual(
      KEYS.map((k) => `${k}#row_count`),
    );
    for (const c of checks) {
      expect([c.passed, c.severity]).toEqual([false, "WARN"]);
      expect(c.metadata.status.value).toBe("not produced by rocky (check type: row_count)");
    }
  });

  it("the partial-failure recipe materializes everything on success, and on rocky exit 2 keeps the tables that succeeded and fails the step", () => {
    for (const name of ["example-1", "example-1-pr42"]) {
      expect(run(name).success, failure(run(name))).toBe(true);
      expect(keys(run(name))).toEqual(KEYS);
    }
    const r = run("example-1-partial");
    expect(r.success).toBe(false);
    expect(failure(r)).toMatch(
      /DagsterPipesExecutionError: External execution process failed with code 1/,
    );
    expect(keys(r)).toEqual(["duckdb/shop/customers", "duckdb/shop/orders"]);
  });
});

describeInterop(
  "the pipes README's Python block, pasted, runs its Node program on the real Dagster",
  () => {
    it("materializes the declared assets, on the keys rocky reports", () => {
      expect(PIPES_PY).toHaveLength(1);
      expect(PIPES_MAIN).toBeDefined();
      const r = run("pipes-0");
      expect(r.success, failure(r)).toBe(true);
      expect(keys(r)).toEqual(KEYS);
    });
  },
);
