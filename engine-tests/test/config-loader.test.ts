// biome-ignore-all lint/suspicious/noTemplateCurlyInString: rocky.toml's ${VAR} placeholders, not JS templates
// The SDK's config loader (packages/resource/src/rocky-config.ts) against the real engine: for
// each rocky.toml shape, the pipeline our loader selects (name and type) is the one rocky selects,
// observed through rocky's own output (`rocky run`'s "resolved pipeline" log line, or its
// `Error:` line when it refuses the config), in a DuckDB playground project in a temp dir. The
// two shapes that ran a quality pipeline on production past the old guard are in the table, and
// the guard now refuses them (nothing spawned).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RockyCommandError, RockyResource, RockyShadowError } from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRockyConfig, resolvePipeline } from "../../packages/resource/src/rocky-config.js";

const ROCKY_BIN = process.env.ROCKY_BIN;
if (ROCKY_BIN === undefined || ROCKY_BIN === "") {
  throw new Error(
    "the engine suite needs ROCKY_BIN=/path/to/rocky (a real rocky engine; see docs/real-engine.md)",
  );
}
const BIN: string = ROCKY_BIN;
const PR42 = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1", DAGSTER_CLOUD_PULL_REQUEST_ID: "42" };
/** Set in this test process only: rocky never sees it (each child gets an explicit env). */
const ONLY_HERE = "ROCKY_CONFIG_LOADER_TEST_ONLY_IN_PARENT";

const ADAPTER = '[adapter]\ntype = "duckdb"\npath = "playground.duckdb"\n';
/** The playground's transformation pipeline, under `[<key>.<name>]`. */
const transformation = (name: string, key = "pipeline") =>
  `[${key}.${name}]\ntype = "transformation"\nmodels = "models/**"\n[${key}.${name}.target.governance]\nauto_create_schemas = true\n`;
/** A quality pipeline with no tables: rocky resolves it and checks nothing. */
const quality = (name: string, key = "pipeline") =>
  `[${key}.${name}]\ntype = "quality"\n[${key}.${name}.target]\nadapter = "default"\n[${key}.${name}.checks]\nenabled = true\n`;

interface Case {
  readonly name: string;
  readonly toml: string;
  readonly env?: Record<string, string>;
  readonly pipeline?: string;
  /** Our loader refuses although rocky loads it: a substituted value carrying TOML. */
  readonly refusedByUs?: true;
}

const CASES: readonly Case[] = [
  { name: "one transformation pipeline", toml: ADAPTER + transformation("playground") },
  { name: "one quality pipeline", toml: ADAPTER + quality("checks") },
  { name: "[pipelines], rocky's alias", toml: ADAPTER + quality("checks", "pipelines") },
  {
    name: "bypass 1: a bare quality [pipeline] with a [pipeline.default] sub-table, --pipeline default",
    toml: `${ADAPTER}[pipeline]\ntype = "quality"\n[pipeline.target]\nadapter = "default"\n[pipeline.checks]\nenabled = true\n[pipeline.default]\ntype = "transformation"\nmodels = "models/**"\n`,
    pipeline: "default",
  },
  {
    name: "a bare quality [pipeline] with a [pipeline.default] sub-table, no --pipeline",
    toml: `${ADAPTER}[pipeline]\ntype = "quality"\n[pipeline.target]\nadapter = "default"\n[pipeline.checks]\nenabled = true\n[pipeline.default]\ntype = "transformation"\n`,
  },
  {
    name: "a bare transformation [pipeline]",
    toml: `${ADAPTER}[pipeline]\ntype = "transformation"\nmodels = "models/**"\n[pipeline.target.governance]\nauto_create_schemas = true\n`,
  },
  {
    name: "bypass 2: a variable whose value carries TOML (a quality type)",
    toml: `${ADAPTER}[pipeline.p]\nnote = "\${NOTE}"\n[pipeline.p.target]\nadapter = "default"\n[pipeline.p.checks]\nenabled = true\n`,
    env: { NOTE: 'x"\ntype = "quality' },
    refusedByUs: true,
  },
  {
    name: "${VAR} as the type",
    toml: ADAPTER + quality("checks").replace('"quality"', '"${PTYPE}"'),
    env: { PTYPE: "quality" },
  },
  {
    name: "${VAR:-quality} as the type, VAR unset",
    toml: ADAPTER + quality("checks").replace('"quality"', '"${PTYPE:-quality}"'),
  },
  {
    name: "${VAR:-quality} as the type, VAR empty",
    toml: ADAPTER + quality("checks").replace('"quality"', '"${PTYPE:-quality}"'),
    env: { PTYPE: "" },
  },
  {
    name: "${VAR:-quality} as the type, VAR=transformation",
    toml: ADAPTER + transformation("t").replace('"transformation"', '"${PTYPE:-quality}"'),
    env: { PTYPE: "transformation" },
  },
  {
    name: "${VAR} as the pipeline's name in its headers",
    toml: ADAPTER + quality("${PNAME}"),
    env: { PNAME: "nightly_dq" },
  },
  {
    name: "an unset variable on comment lines",
    toml: `# set \${NOPE} first\n   # \${ALSO_NOPE}\n${ADAPTER}${quality("checks")}`,
  },
  {
    name: "an unset variable in a trailing comment (rocky substitutes there)",
    toml: ADAPTER + quality("checks").replace('"quality"', '"quality" # ${NOPE}'),
  },
  {
    name: "an unset ${VAR}",
    toml: ADAPTER + quality("checks").replace('"quality"', '"${NOPE}"'),
  },
  {
    name: "a variable set only in the parent's process.env",
    toml: ADAPTER + quality("checks").replace('"quality"', `"\${${ONLY_HERE}}"`),
  },
  {
    name: "both [pipeline] and [pipelines]",
    toml: ADAPTER + transformation("t") + quality("q", "pipelines"),
  },
  {
    name: "a bare [pipelines] (only [pipeline] is normalised)",
    toml: `${ADAPTER}[pipelines]\ntype = "quality"\n[pipelines.target]\nadapter = "default"\n`,
  },
  { name: "two pipelines, none named", toml: ADAPTER + transformation("t") + quality("q") },
  {
    name: "two pipelines, the quality one named",
    toml: ADAPTER + transformation("t") + quality("q"),
    pipeline: "q",
  },
  {
    name: "two pipelines, an undefined one named",
    toml: ADAPTER + transformation("t") + quality("q"),
    pipeline: "nope",
  },
  {
    name: "an unknown type string",
    toml: ADAPTER + quality("checks").replace('"quality"', '"Quality"'),
  },
  { name: "a byte-order mark", toml: `\ufeff${ADAPTER}${quality("checks")}` },
];

let root = "";
let project = "";

/** What rocky made of the config: `name:type` from its "resolved pipeline" line, or its Error line. */
function rockySelects(c: Case, env: Record<string, string>): string {
  writeFileSync(join(project, "rocky.toml"), c.toml);
  const args = ["--config", "rocky.toml", "--output", "json", "run"];
  if (c.pipeline !== undefined) args.push("--pipeline", c.pipeline);
  const r = spawnSync(BIN, args, { cwd: project, env, encoding: "utf8", timeout: 120_000 });
  for (const line of r.stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    const fields = (JSON.parse(line) as { fields?: Record<string, unknown> }).fields;
    if (fields?.message === "resolved pipeline")
      return `${String(fields.pipeline)}:${String(fields.pipeline_type)}`;
  }
  const error = r.stderr.split("\n").find((l) => l.startsWith("Error:"));
  expect(error, `rocky neither resolved a pipeline nor failed:\n${r.stderr}`).toBeDefined();
  return `error: ${error}`;
}

/** What our loader selects: `name:type`, or `cannot tell: <reason>`. */
async function weSelect(c: Case, env: Record<string, string>): Promise<string> {
  const loaded = await loadRockyConfig({ configPath: "rocky.toml", cwd: project, env });
  if (!loaded.ok) return `cannot tell: ${loaded.reason}`;
  const s = resolvePipeline(loaded.value.config, c.pipeline);
  return s.ok ? `${s.value.name}:${s.value.type}` : `cannot tell: ${s.reason}`;
}

/** The child's environment: this process's, without Dagster+ variables, plus the case's. */
function childEnv(c: Case): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("DAGSTER_CLOUD_") && k !== ONLY_HERE) env[k] = v;
  return { ...env, ...c.env };
}

const seen = new Map<string, string>();

beforeAll(() => {
  process.env[ONLY_HERE] = "quality";
  root = mkdtempSync(join(tmpdir(), "rocky-config-loader-"));
  const made = spawnSync(BIN, ["playground", "proj"], { cwd: root, encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
  project = join(root, "proj");
});
afterAll(() => {
  delete process.env[ONLY_HERE];
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("our loader selects the pipeline rocky selects (or refuses where rocky refuses)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const env = childEnv(c);
    const rocky = rockySelects(c, env);
    const ours = await weSelect(c, env);
    seen.set(c.name, rocky);
    if (c.refusedByUs === true) {
      // rocky reads the document the value made; we refuse to read it at all.
      expect(rocky).toMatch(/^[^:]+:quality$/);
      expect(ours).toMatch(/^cannot tell: .*could change the TOML structure/);
    } else if (rocky.startsWith("error: ")) {
      expect(ours, rocky).toMatch(/^cannot tell: /);
    } else {
      expect(ours).toBe(rocky);
    }
  });
});

describe("the guard refuses every shape rocky runs as quality (the two bypasses included) or refuses, and passes the rest", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const env = childEnv(c);
    writeFileSync(join(project, "rocky.toml"), c.toml);
    const rocky = seen.get(c.name) ?? rockySelects(c, env);
    const resource = new RockyResource({
      binaryPath: BIN,
      cwd: project,
      shadowMode: "branch_deploy",
      env: { ...env, ...PR42 },
    });
    const call = { filter: "tenant=playground", ...(c.pipeline ? { pipeline: c.pipeline } : {}) };
    const err = await resource.plan(call).catch((e: unknown) => e);
    if (rocky.endsWith(":quality") || rocky.startsWith("error: ")) {
      // Refused before spawning (no version probe, no plan): a typed shadow refusal.
      expect(err).toBeInstanceOf(RockyShadowError);
      expect((err as RockyShadowError).code).toMatch(/^PIPELINE_(NOT_SHADOWABLE|UNKNOWN)$/);
    } else {
      // The guard let it through: rocky itself answered (its plan covers replication pipelines
      // only, so a transformation plan exits 1).
      expect(err).toBeInstanceOf(RockyCommandError);
    }
  });
});
