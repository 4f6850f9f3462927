// Differential: what dagster-rocky 1.74.0 reports to Dagster for a rocky run
// (dagster_rocky.checks.emit_materializations / emit_check_results on rocky-sdk's RunResult, plus
// the component's row_count_anomaly results) and
// what reportRunToPipes reports for the same run (the Pipes messages it writes): same asset keys,
// same check names and verdicts, same metadata keys and values, or a reason in docs/parity.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { encodePipesParam, openDagsterPipes, reportRunToPipes } from "@dagster-rocky/pipes";
import { OUTPUT_SCHEMAS } from "@dagster-rocky/resource/schemas";
import { createRockySimulator, type SimScenario, writeSimProject } from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withRockyChecks } from "./helpers/checks.js";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, IN_CI, REPO_ROOT, runPython } from "./helpers/venv.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON from both sides, narrowed where read
type Json = any;
interface Typed {
  type: string;
  value: Json;
}
interface Reported {
  materializations: { asset_key: string; metadata: Record<string, Typed> }[];
  checks: {
    asset_key: string;
    check_name: string;
    passed: boolean;
    severity: string;
    metadata: Record<string, Typed>;
  }[];
}

const CONTRACT_DIR = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(REPO_ROOT, "..", "shared", "rocky-contract"),
);
const OWN_FIXTURES = join(REPO_ROOT, "packages", "resource", "test", "contract", "fixtures");

interface RunDoc {
  source: string;
  text: string;
}

function runDocsIn(dir: string, label: string): RunDoc[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split(sep).join("/"))
    .sort()
    .map((f) => ({ source: `${label} ${f}`, text: readFileSync(join(dir, f), "utf8") }))
    .filter((d) => (JSON.parse(d.text) as { command?: string }).command === "run");
}

async function simRuns(work: string): Promise<RunDoc[]> {
  const sim = await createRockySimulator();
  const out: RunDoc[] = [];
  const variants: [string, SimScenario, string[]][] = [
    ["run", {}, []],
    ["run shadow", {}, ["--shadow", "--shadow-suffix=_dagster_pr_42"]],
    ["run partial", { commands: { run: { partialFailure: true } } }, []],
  ];
  try {
    for (const [label, scenario, extra] of variants) {
      await sim.setScenario(scenario);
      const r = spawnSync(
        sim.binaryPath,
        ["--config=rocky.toml", "--output", "json", "run", "--filter=source=shop", ...extra],
        { cwd: work, encoding: "utf8" },
      );
      out.push({ source: `rocky-sim ${label}`, text: r.stdout });
      if (label === "run") {
        const checked = withRockyChecks(JSON.parse(r.stdout));
        out.push({ source: "rocky-sim run with checks", text: JSON.stringify(checked) });
        // Anomalies named by target table, as rocky names them (with the asset_key newer
        // engines add, which rocky-sdk requires).
        const anomalies = ["orders", "payments", "unknown"].map((t, i) => ({
          table: `warehouse.staging__shop.${t}`,
          asset_key: ["duckdb", "shop", t],
          current_count: 5 + i,
          baseline_avg: i === 0 ? 376 : 12.5,
          deviation_pct: 98.7,
          reason: `row count dropped (${t})`,
        }));
        out.push({
          source: "rocky-sim run with anomalies",
          text: JSON.stringify({ ...checked, anomalies }),
        });
      }
    }
  } finally {
    await sim.cleanup();
  }
  return out;
}

/** reportRunToPipes on the run as RockyResource returns it, read back from the messages file. */
function oursFor(text: string, work: string, i: number): Reported {
  const run = OUTPUT_SCHEMAS.run.parse(JSON.parse(text));
  const messages = join(work, `messages-${i}.jsonl`);
  const pipes = openDagsterPipes({
    env: {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: { run_id: "r", extras: {} } }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    },
    handleProcessExit: false,
  });
  try {
    reportRunToPipes(pipes, run);
  } finally {
    pipes.close();
  }
  const lines = readFileSync(messages, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Json);
  const md = (m: Record<string, { raw_value: Json; type: string }> | null) =>
    Object.fromEntries(
      Object.entries(m ?? {}).map(([k, v]) => [k, { type: v.type, value: v.raw_value }]),
    );
  return {
    materializations: lines
      .filter((l) => l.method === "report_asset_materialization")
      .map((l) => ({ asset_key: l.params.asset_key, metadata: md(l.params.metadata) })),
    checks: lines
      .filter((l) => l.method === "report_asset_check")
      .map((l) => ({
        asset_key: l.params.asset_key,
        check_name: l.params.check_name,
        passed: l.params.passed,
        severity: l.params.severity,
        metadata: md(l.params.metadata),
      })),
  };
}

/** dagster-rocky's key → ours, where we name a field differently. */
const RENAMED: Record<string, string> = {
  missing_columns: "missing",
  extra_columns: "extra",
  severity: "rocky_severity",
  overlap_sample: "sample",
};

/** Why a python metadata value differs from ours, or null. */
function explainValue(key: string, py: Typed, ours: Typed | undefined): string | null {
  if (ours === undefined) return null;
  if (key === "watermark" && py.type === "text" && ours.type === "timestamp") {
    return Date.parse(py.value) / 1000 === ours.value ? "metadata/watermark-timestamp" : null;
  }
  if (ours.type === "json" && Array.isArray(ours.value) && py.type === "text") {
    // dagster-rocky joins rocky's lists into text: ", " ("(none)" when empty), samples by "\n".
    const list = ours.value as string[];
    const text =
      key === "overlap_sample" ? list.join("\n") : list.length === 0 ? "(none)" : list.join(", ");
    return text === py.value ? "metadata/check-lists-as-text" : null;
  }
  if (py.type === "float" && ours.type === "int" && py.value === ours.value) {
    return "metadata/integral-float-as-int";
  }
  return null;
}

function compare(source: string, py: Reported, ours: Reported): Divergence[] {
  const out: Divergence[] = [];
  const push = (subject: string, o: unknown, p: unknown, id: string | null) =>
    out.push({ subject: `${source}: ${subject}`, ours: o, python: p, id });

  // Materializations, per asset key.
  const pyByKey = new Map<string, Reported["materializations"]>();
  for (const m of py.materializations) {
    pyByKey.set(m.asset_key, [...(pyByKey.get(m.asset_key) ?? []), m]);
  }
  const ourKeys = ours.materializations.map((m) => m.asset_key);
  if (JSON.stringify([...new Set(ourKeys)].sort()) !== JSON.stringify([...pyByKey.keys()].sort())) {
    push("materialized asset keys", ourKeys, [...pyByKey.keys()], null);
  }
  for (const [key, pys] of pyByKey) {
    const o = ours.materializations.find((m) => m.asset_key === key);
    if (!o) continue;
    if (pys.length > 1) {
      // One event per partition there; one per asset here, summed (rows, duration) with the list.
      const rows = pys.reduce((a, m) => a + (m.metadata.rows_copied?.value ?? 0), 0);
      const same = o.metadata.rocky_materializations?.value === pys.length;
      push(
        `${key}: ${pys.length} materializations`,
        o.metadata,
        pys,
        same && rows === (o.metadata.rows_copied?.value ?? 0)
          ? "metadata/partitions-grouped"
          : null,
      );
      continue;
    }
    const p = pys[0] as Reported["materializations"][number];
    for (const [k, v] of Object.entries(p.metadata)) {
      const ov = o.metadata[RENAMED[k] ?? k];
      if (ov && ov.type === v.type && JSON.stringify(ov.value) === JSON.stringify(v.value))
        continue;
      push(`${key} metadata ${k}`, ov, v, explainValue(k, v, ov));
    }
    const extra = Object.keys(o.metadata).filter((k) => !(k in p.metadata));
    if (extra.length > 0)
      push(`${key} extra metadata ${extra.join(",")}`, extra, [], "metadata/extra-keys");
  }

  // Checks, per (asset, name): verdict and severity must agree exactly.
  const id = (c: { asset_key: string; check_name: string }) => `${c.asset_key}#${c.check_name}`;
  const ourChecks = new Map(ours.checks.map((c) => [id(c), c]));
  for (const p of py.checks) {
    const o = ourChecks.get(id(p));
    if (!o || o.passed !== p.passed || o.severity !== p.severity) {
      push(`check ${id(p)}`, o, p, null);
      continue;
    }
    for (const [k, v] of Object.entries(p.metadata)) {
      const ov = o.metadata[RENAMED[k] ?? k];
      if (ov && ov.type === v.type && JSON.stringify(ov.value) === JSON.stringify(v.value)) {
        if (RENAMED[k]) push(`check ${id(p)} metadata ${k}`, ov, v, "metadata/check-field-names");
        continue;
      }
      push(`check ${id(p)} metadata ${k}`, ov, v, explainValue(k, v, ov));
    }
    const known = new Set(Object.keys(p.metadata).map((k) => RENAMED[k] ?? k));
    const extra = Object.keys(o.metadata).filter((k) => !known.has(k));
    if (extra.length > 0)
      push(`check ${id(p)} extra metadata ${extra.join(",")}`, extra, [], "metadata/extra-keys");
  }
  if (ours.checks.length !== py.checks.length)
    push("number of checks", ours.checks.length, py.checks.length, null);
  return out;
}

let work: string;
let docs: RunDoc[];
let py: (Reported | { error: string })[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-metadata-"));
  // A rocky project, as rocky (and rocky-sim) needs one in its working directory.
  // rocky-sim's replication project over the source "shop" (`raw__shop` in its simulated warehouse).
  await writeSimProject(work, { component: "source", sources: ["shop"] });
  const shared = runDocsIn(join(CONTRACT_DIR, "fixtures"), "shared");
  if (shared.length === 0 && IN_CI)
    throw new Error(`CI is set but ${CONTRACT_DIR} has no run fixture`);
  docs = [...shared, ...runDocsIn(OWN_FIXTURES, "project"), ...(await simRuns(work))];
  const { stdout } = await runPython("pipes_anchors.py", ["metadata"], {
    input: JSON.stringify({ runs: docs.map((d) => d.text) }),
  });
  py = JSON.parse(stdout);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describeInterop("metadata: dagster-rocky's and reportRunToPipes's reports of the same run", () => {
  it("compares runs with materializations, checks (both severities) and partitions", () => {
    const compared = docs.filter((_, i) => !("error" in (py[i] as object)));
    expect(compared.length).toBeGreaterThanOrEqual(4);
    const pyOk = py.filter((r): r is Reported => !("error" in r));
    expect(pyOk.some((r) => r.checks.some((c) => c.severity === "WARN"))).toBe(true);
    expect(pyOk.some((r) => r.checks.some((c) => c.severity === "ERROR"))).toBe(true);
    expect(pyOk.some((r) => r.materializations.length > 0)).toBe(true);
    expect(pyOk.some((r) => r.checks.some((c) => c.check_name === "row_count_anomaly"))).toBe(true);
  });

  it("every difference is listed and explained in docs/parity.md", () => {
    const divergences: Divergence[] = [];
    docs.forEach((doc, i) => {
      const p = py[i] as Reported | { error: string };
      if ("error" in p) {
        // rocky-sdk cannot parse the run at all (docs/parity.md, outputs section).
        const json = JSON.parse(doc.text) as Json;
        const known = (json.drift?.actions_taken?.length ?? 0) + (json.anomalies?.length ?? 0) > 0;
        divergences.push({
          subject: `${doc.source}: rocky-sdk rejects the run`,
          ours: "reported",
          python: p.error,
          id:
            known && /RockyOutputParseError/.test(p.error)
              ? "outputs/rocky-sdk-requires-asset-key"
              : null,
        });
        return;
      }
      divergences.push(...compare(doc.source, p, oursFor(doc.text, work, i)));
    });
    const counts = expectOnlyListedDivergences(divergences);
    expect(counts.get("metadata/extra-keys")).toBeGreaterThan(0);
  });
});
