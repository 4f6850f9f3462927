// Differential: every shared engine fixture (/work/shared/rocky-contract/fixtures, real rocky
// outputs), the project's own fixtures, and rocky-sim's outputs for every verb and scenario, parsed
// by rocky-sdk 0.29.0's pydantic models (the way RockyClient parses each command) and by our zod
// schemas. Both must accept the same documents and read the same key values.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import {
  ApplyEnvelopeSchema,
  isOutputCommand,
  OUTPUT_SCHEMAS,
} from "@dagster-rocky/resource/schemas";
import { createRockySimulator, type SimScenario, writeSimProject } from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, IN_CI, REPO_ROOT, runPython } from "./helpers/venv.js";

const CONTRACT_DIR = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(REPO_ROOT, "..", "shared", "rocky-contract"),
);
const CONTRACT_AVAILABLE = existsSync(join(CONTRACT_DIR, "fixtures"));
const OWN_FIXTURES = join(REPO_ROOT, "packages", "resource", "test", "contract", "fixtures");
/** Commands rocky-sdk parses with a typed model that we also wrap. */
const BOTH = new Set(["run", "apply", "plan", "discover", "state", "doctor", "compile", "test"]);

interface Doc {
  source: string;
  command: string;
  text: string;
}

function listJson(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split(sep).join("/"))
    .sort();
}

const commandOf = (text: string): string => {
  const doc = JSON.parse(text) as { command?: unknown };
  return typeof doc.command === "string" ? doc.command : "(none)";
};

async function simOutputs(work: string): Promise<Doc[]> {
  const docs: Doc[] = [];
  const sim = await createRockySimulator();
  const call = (label: string, verbArgs: string[]): string => {
    const r = spawnSync(sim.binaryPath, ["--config=rocky.toml", "--output", "json", ...verbArgs], {
      cwd: work,
      encoding: "utf8",
    });
    if (r.stdout.trim() === "") throw new Error(`rocky-sim ${label} printed nothing: ${r.stderr}`);
    docs.push({ source: `rocky-sim ${label}`, command: verbArgs[0] as string, text: r.stdout });
    return r.stdout;
  };
  const variants: [string, SimScenario, string[]][] = [
    ["run", {}, ["run", "--filter=source=shop"]],
    [
      "run shadow",
      {},
      ["run", "--filter=source=shop", "--shadow", "--shadow-suffix=_dagster_pr_42"],
    ],
    [
      "run partial",
      { commands: { run: { partialFailure: true } } },
      ["run", "--filter=source=shop"],
    ],
    ["run failure", { commands: { run: { failure: true } } }, ["run", "--filter=source=shop"]],
    [
      "run tables",
      { commands: { run: { tables: ["a", "b", "c", "d"] } } },
      ["run", "--filter=source=shop"],
    ],
    ["discover", {}, ["discover"]],
    ["state", {}, ["state"]],
    ["doctor", {}, ["doctor"]],
    ["doctor warning", { commands: { doctor: { doctor: "warning" } } }, ["doctor"]],
    ["doctor critical", { commands: { doctor: { doctor: "critical" } } }, ["doctor"]],
    ["compile", {}, ["compile", "--models=t/models"]],
    [
      "compile failure",
      { commands: { compile: { failure: true } } },
      ["compile", "--models=t/models"],
    ],
    ["test", {}, ["test", "--models=t/models"]],
    ["test failure", { commands: { test: { failure: true } } }, ["test", "--models=t/models"]],
    // The shadow tables "run shadow" wrote.
    ["compare", {}, ["compare", "--filter=source=shop", "--shadow-suffix=_dagster_pr_42"]],
  ];
  try {
    for (const [label, scenario, args] of variants) {
      await sim.setScenario(scenario);
      call(label, args);
    }
    await sim.setScenario({});
    const plan = JSON.parse(call("plan", ["plan", "--filter=source=shop"])) as { plan_id?: string };
    if (typeof plan.plan_id === "string") call("apply", ["apply", plan.plan_id]);
  } finally {
    await sim.cleanup();
  }
  return docs;
}

// biome-ignore lint/suspicious/noExplicitAny: rocky JSON documents, narrowed where read
type Json = any;
interface PyParse {
  ok: boolean;
  error?: string;
  detail?: string | null;
  summary?: Record<string, unknown>;
}
interface OursParse {
  ok: boolean;
  error?: string;
  summary?: Record<string, unknown>;
}

function oursParse(doc: Doc): OursParse {
  const json = JSON.parse(doc.text) as Record<string, unknown>;
  const command = doc.command;
  let parsed: Record<string, unknown>;
  if (command === "apply" && json.command === "run") {
    // What RockyResource.apply accepts: rocky prints a run plan's result as a plain run output.
    const r = OUTPUT_SCHEMAS.run.safeParse(json);
    if (!r.success) return { ok: false, error: r.error.message.slice(0, 300) };
    parsed = r.data as Record<string, unknown>;
  } else if (command === "apply") {
    const r = ApplyEnvelopeSchema.safeParse(json);
    if (!r.success) return { ok: false, error: r.error.message.slice(0, 300) };
    const env = r.data as Record<string, unknown>;
    const inner = OUTPUT_SCHEMAS.run.safeParse(env.result);
    if (!inner.success) return { ok: false, error: inner.error.message.slice(0, 300) };
    parsed = inner.data as Record<string, unknown>;
  } else {
    if (!isOutputCommand(command)) return { ok: false, error: `no schema for ${command}` };
    const r = OUTPUT_SCHEMAS[command].safeParse(json);
    if (!r.success) return { ok: false, error: r.error.message.slice(0, 300) };
    parsed = r.data as Record<string, unknown>;
  }
  const keys: Record<string, string[]> = {
    run: ["status", "tables_copied", "tables_failed"],
    apply: ["status", "tables_copied", "tables_failed"],
    doctor: ["overall"],
    compile: ["models"],
    test: ["total", "passed", "failed"],
  };
  const summary: Record<string, unknown> = {};
  for (const k of keys[command] ?? []) summary[k] = parsed[k];
  for (const f of ["materializations", "statements", "sources", "checks", "watermarks"]) {
    if (Array.isArray(parsed[f])) summary[`${f}.length`] = (parsed[f] as unknown[]).length;
  }
  return { ok: true, summary };
}

let work: string;
let docs: Doc[];
let py: PyParse[];
const notWrapped: Doc[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-outputs-"));
  // A rocky project, as rocky (and rocky-sim) needs one in its working directory: a replication
  // pipeline over the source "shop" (no models folder, as rocky reads that shape), and the
  // transformation project's models over the same source in `t/models` (compile and test).
  await writeSimProject(work, { component: "source", sources: ["shop"] });
  await writeSimProject(join(work, "t"), {
    shape: "transformation",
    component: "source",
    sources: ["shop"],
  });
  const shared: Doc[] = [];
  if (CONTRACT_AVAILABLE) {
    for (const f of listJson(join(CONTRACT_DIR, "fixtures"))) {
      const text = readFileSync(join(CONTRACT_DIR, "fixtures", f), "utf8");
      shared.push({ source: `shared ${f}`, command: commandOf(text), text });
    }
  } else if (IN_CI) {
    throw new Error(`CI is set but the shared rocky contract is absent (${CONTRACT_DIR})`);
  }
  const own = listJson(OWN_FIXTURES).map((f) => {
    const text = readFileSync(join(OWN_FIXTURES, f), "utf8");
    return { source: `project ${f}`, command: commandOf(text), text };
  });
  const all = [...shared, ...own, ...(await simOutputs(work))];
  docs = all.filter((d) => BOTH.has(d.command));
  notWrapped.push(...all.filter((d) => !BOTH.has(d.command)));
  const { stdout } = await runPython("anchors.py", ["outputs"], {
    input: JSON.stringify({ docs: docs.map((d) => ({ command: d.command, text: d.text })) }),
  });
  py = JSON.parse(stdout);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The docs/parity.md id explaining a difference, or null. */
function classify(doc: Doc, o: OursParse, p: PyParse): string | null {
  if (!o.ok || p.ok) return null;
  const json = JSON.parse(doc.text) as Record<string, Json>;
  const detail = p.detail ?? "";
  // rocky-sdk 0.29.0 requires asset_key on drift actions and anomalies; engine 1.71 does not emit it.
  const missingKeys = [
    ...(json.drift?.actions_taken ?? []).map(
      (_: unknown, i: number) => `drift.actions_taken.${i}.asset_key`,
    ),
    ...(json.anomalies ?? []).map((_: unknown, i: number) => `anomalies.${i}.asset_key`),
  ].filter((path: string) => {
    const [head, ...rest] = path.split(".");
    let node: Json = json[head as string];
    for (const part of rest.slice(0, -1)) node = node?.[part];
    return node !== undefined && !("asset_key" in node);
  });
  if (missingKeys.length > 0) {
    const reported = [...detail.matchAll(/^(\S+)\n\s+Field required/gm)].map((m) => m[1]);
    if (reported.length > 0 && reported.every((r) => missingKeys.includes(r as string))) {
      return "outputs/rocky-sdk-requires-asset-key";
    }
  }
  // The engine's apply.schema.json envelope: rocky-sdk expects the bare inner output only.
  if (
    json.command === "apply" &&
    json.plan_kind === "run" &&
    /unrecognized apply output/.test(detail)
  ) {
    return "outputs/apply-envelope";
  }
  return null;
}

describeInterop("outputs: rocky-sdk's models and our schemas accept the same documents", () => {
  it("covers the shared fixtures, the project's fixtures and rocky-sim's outputs for every verb", () => {
    const sources = docs.map((d) => d.source);
    expect(sources.filter((s) => s.startsWith("rocky-sim")).length).toBeGreaterThanOrEqual(15);
    expect(sources.filter((s) => s.startsWith("project")).length).toBeGreaterThan(0);
    if (CONTRACT_AVAILABLE) {
      expect(sources.filter((s) => s.startsWith("shared")).length).toBeGreaterThanOrEqual(20);
    } else {
      console.warn(
        `[interop] shared rocky contract absent (${CONTRACT_DIR}): only project and rocky-sim outputs compared`,
      );
    }
    expect(new Set(docs.map((d) => d.command))).toEqual(BOTH);
  });

  it("every difference in acceptance or in the values read is listed in docs/parity.md", () => {
    const divergences: Divergence[] = [];
    docs.forEach((doc, i) => {
      const o = oursParse(doc);
      const p = py[i] as PyParse;
      if (o.ok !== p.ok) {
        divergences.push({ subject: doc.source, ours: o, python: p, id: classify(doc, o, p) });
        return;
      }
      if (o.ok && p.ok) {
        const { model: _model, ...pySummary } = p.summary ?? {};
        if (JSON.stringify(o.summary) !== JSON.stringify(pySummary)) {
          divergences.push({ subject: doc.source, ours: o.summary, python: pySummary, id: null });
        }
      }
    });
    expectOnlyListedDivergences(divergences);
    // We accept every document: every real engine output, the project's fixtures, rocky-sim's.
    const rejected = docs.map((d) => [d.source, oursParse(d)] as const).filter(([, o]) => !o.ok);
    expect(rejected).toEqual([]);
  });

  it("outputs of commands only one side wraps are listed (not compared)", () => {
    const commands = [...new Set(notWrapped.map((d) => d.command))].sort();
    expect(commands).toContain("compare");
    // Each such command is named in docs/parity.md.
    const parity = readFileSync(join(REPO_ROOT, "docs", "parity.md"), "utf8");
    for (const c of commands) expect([c, parity.includes(`\`${c}\``)]).toEqual([c, true]);
  });
});
