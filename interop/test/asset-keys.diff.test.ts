// Differential: the asset keys @dagster-rocky/pipes gives rocky's tables against dagster-rocky
// 1.74.0's translator and component (RockyDagsterTranslator.get_asset_key / get_group_name /
// get_model_asset_key / get_dag_node_asset_key; component.py _native_rocky_key,
// _build_group_contexts, the `remap` of _emit_results, _build_table_resolver and the model-name
// resolver), on the same outputs: every discover, compile and dag output of the shared contract
// and of the project's fixtures, rocky-sim's discover and run outputs, and synthetic discovers.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import {
  type RockyDiscoverLike,
  rockyAssetKeys,
  rockyDagNodeAssetKey,
  rockyGroupName,
  rockyModelAssetKey,
  rockyNativeAssetKey,
  rockySourceAssetKey,
} from "@dagster-rocky/pipes";
import { createRockySimulator, writeSimProject } from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInterop, IN_CI, REPO_ROOT, runPython, VENV_AVAILABLE } from "./helpers/venv.js";

const CONTRACT_DIR = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(REPO_ROOT, "..", "shared", "rocky-contract"),
);
const OWN_FIXTURES = join(REPO_ROOT, "packages", "resource", "test", "contract", "fixtures");
const SUFFIX = "_dagster_pr_42";

interface Doc {
  source: string;
  text: string;
}
function docsIn(dir: string, label: string, command: string): Doc[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split(sep).join("/"))
    .sort()
    .map((f) => ({ source: `${label} ${f}`, text: readFileSync(join(dir, f), "utf8") }))
    .filter((d) => (JSON.parse(d.text) as { command?: string }).command === command);
}

const discoverDoc = (sources: unknown[]) =>
  JSON.stringify({ version: "1.71.0", command: "discover", sources });
const source = (
  id: string,
  type: string,
  components: Record<string, unknown>,
  tables: string[],
) => ({
  id,
  components,
  source_type: type,
  last_sync_at: null,
  tables: tables.map((name) => ({ name })),
});

/** Discovers the fixtures lack: multi-valued components, collisions, odd names. */
const SYNTHETIC: Doc[] = [
  {
    source: "synthetic multi-valued components",
    text: discoverDoc([
      source("a", "fivetran", { client: "acme", regions: ["us", "eu"] }, ["orders", "refunds"]),
      source("b", "fivetran", { client: "globex", regions: ["apac"] }, ["orders"]),
      source("c", "s3", { regions: ["us", "eu"], kind: "raw" }, ["events"]),
      source("d", "s3", { only: ["x"] }, ["events"]),
    ]),
  },
  {
    source: "synthetic keys colliding within a group",
    text: discoverDoc([
      source("a", "t", { g: "grp", b: "x__y" }, ["o", "o"]),
      source("b", "t", { g: "grp", b: ["x", "y"] }, ["o", "p"]),
      source("c", "t", { b: ["x", "y"], g: "grp" }, ["q"]),
    ]),
  },
  {
    source: "synthetic odd names",
    text: discoverDoc([
      source("a", "duck.db", { "ten-ant": "a_b", "r.e": "x.y" }, ["or.ders", "a/b", "🚀", ""]),
      source("b", "duckdb", {}, ["t"]),
      source("c", "duckdb", { tenant: "acme" }, ["t", `orders${SUFFIX}`]),
    ]),
  },
];

/** A dag output with a node of every kind (the contract's has a few). */
const SYNTHETIC_DAG: Doc = {
  source: "synthetic dag",
  text: JSON.stringify({
    version: "1.71.0",
    command: "dag",
    nodes: [
      { id: "source:p", kind: "source", label: "p (source)", pipeline: "p" },
      { id: "load:p", kind: "load", label: "p (load)" },
      {
        id: "transformation:m",
        kind: "transformation",
        label: "m",
        pipeline: "p",
        target: { catalog: "c", schema: "s", table: "m" },
      },
      { id: "seed:countries", kind: "seed", label: "countries" },
      { id: "quality:p", kind: "quality", label: "q", pipeline: "p" },
      { id: "snapshot:p", kind: "snapshot", label: "s" },
      { id: "test:a.b-c", kind: "test", label: "t" },
    ],
    edges: [],
    execution_layers: [],
    summary: { total_nodes: 7, total_edges: 0, execution_layers: 0, counts_by_kind: {} },
  }),
};

async function simDocs(work: string): Promise<{ discovers: Doc[]; runKeys: string[][] }> {
  const sim = await createRockySimulator();
  try {
    const call = (args: string[]) =>
      spawnSync(sim.binaryPath, ["--config=rocky.toml", "--output", "json", ...args], {
        cwd: work,
        encoding: "utf8",
      }).stdout;
    const discovers = [{ source: "rocky-sim discover", text: call(["discover"]) }];
    const runKeys: string[][] = [];
    for (const extra of [[], ["--shadow", `--shadow-suffix=${SUFFIX}`]]) {
      for (const filter of ["tenant=acme", "source=shop"]) {
        const run = JSON.parse(call(["run", `--filter=${filter}`, ...extra])) as {
          materializations: { asset_key: string[] }[];
        };
        for (const m of run.materializations) runKeys.push(m.asset_key);
      }
    }
    return { discovers, runKeys };
  } finally {
    await sim.cleanup();
  }
}

interface PyDiscover {
  tables: { translator: string[]; native: string[]; group: string }[];
  lookups: string[][];
  table_ids: (string[] | null)[];
  models: (string[] | null)[];
}
interface PyAnswer {
  discovers: PyDiscover[];
  compiles: { name: string; key: string[] }[][];
  dags: { id: string; key: string[] }[][];
}

let work: string;
let discovers: Doc[];
let compiles: Doc[];
let dags: Doc[];
let shared: Doc[] = [];
let requests: { text: string; lookups: string[][]; tables: string[]; models: string[] }[];
let python: PyAnswer;

/** Every rocky key, table identifier and model name worth asking about for one discover. */
function questions(text: string, runKeys: string[][]) {
  const d = JSON.parse(text) as RockyDiscoverLike;
  const lookups: string[][] = [...runKeys, ["w", "marts", "revenue"], ["unknown"]];
  const tables = ["unknown", "a.b.unknown", ""];
  const models = ["unknown", ""];
  for (const s of d.sources) {
    for (const t of s.tables) {
      const native = rockyNativeAssetKey(s, t.name);
      lookups.push(native, rockySourceAssetKey(s, t), [
        ...native.slice(0, -1),
        `${t.name}${SUFFIX}`,
      ]);
      tables.push(t.name, native.join("."), `cat.staging__x.${t.name}`, native.slice(1).join("."));
      models.push(t.name);
    }
  }
  return { text, lookups, tables, models };
}

beforeAll(async () => {
  if (!VENV_AVAILABLE) return;
  work = mkdtempSync(join(tmpdir(), "interop-keys-"));
  // rocky-sim's replication project over the source "shop" (`raw__shop` in its simulated warehouse).
  await writeSimProject(work, { component: "source", sources: ["shop"] });
  shared = [
    ...docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "discover"),
    ...docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "compile"),
  ];
  if (shared.length === 0 && IN_CI) throw new Error(`CI is set but ${CONTRACT_DIR} has no fixture`);
  const sim = await simDocs(work);
  const contractRunKeys = docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "run").flatMap((d) =>
    (JSON.parse(d.text) as { materializations: { asset_key: string[] }[] }).materializations.map(
      (m) => m.asset_key,
    ),
  );
  discovers = [
    ...docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "discover"),
    ...docsIn(OWN_FIXTURES, "project", "discover"),
    ...sim.discovers,
    ...SYNTHETIC,
  ];
  compiles = [
    ...docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "compile"),
    ...docsIn(OWN_FIXTURES, "project", "compile"),
  ];
  dags = [...docsIn(join(CONTRACT_DIR, "fixtures"), "shared", "dag"), SYNTHETIC_DAG];
  requests = discovers.map((d) => questions(d.text, [...sim.runKeys, ...contractRunKeys]));
  const { stdout } = await runPython("pipes_anchors.py", ["asset_keys"], {
    input: JSON.stringify({
      discovers: requests,
      compiles: compiles.map((d) => d.text),
      dags: dags.map((d) => d.text),
    }),
  });
  python = JSON.parse(stdout);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describeInterop("asset keys: a Node step names rocky's tables as dagster-rocky does", () => {
  it("every discovered table: the translator's key, rocky's own key and the group", () => {
    let tables = 0;
    discovers.forEach((doc, i) => {
      const d = JSON.parse(doc.text) as RockyDiscoverLike;
      const ours = d.sources.flatMap((s) =>
        s.tables.map((t) => ({
          translator: rockySourceAssetKey(s, t),
          native: rockyNativeAssetKey(s, t.name),
          group: rockyGroupName(s),
        })),
      );
      expect(ours, doc.source).toEqual(python.discovers[i]?.tables);
      tables += ours.length;
    });
    expect(discovers.some((d) => d.source.startsWith("rocky-sim"))).toBe(true);
    expect(tables).toBeGreaterThan(15);
  });

  it("rocky's keys of a run (and any other key) resolve to the component's asset; shadow tables keep rocky's name", () => {
    let looked = 0;
    requests.forEach((req, i) => {
      const keys = rockyAssetKeys({ discover: JSON.parse(req.text) });
      const ours = req.lookups.map((k) => keys.forRockyKey(k));
      expect(ours, discovers[i]?.source).toEqual(python.discovers[i]?.lookups);
      looked += ours.length;
    });
    expect(looked).toBeGreaterThan(100);
  });

  it("with shadowSuffix, a shadow table resolves to the asset dagster-rocky gives its production table", () => {
    let compared = 0;
    requests.forEach((req, i) => {
      const discover = JSON.parse(req.text) as RockyDiscoverLike;
      const keys = rockyAssetKeys({ discover, shadowSuffix: SUFFIX });
      const py = python.discovers[i] as PyDiscover;
      // A table really named with the suffix is that table, not a shadow.
      const natives = new Set(
        discover.sources.flatMap((s) =>
          s.tables.map((t) => JSON.stringify(rockyNativeAssetKey(s, t.name))),
        ),
      );
      req.lookups.forEach((k, j) => {
        const last = k.at(-1) ?? "";
        if (!last.endsWith(SUFFIX) || last === SUFFIX) return;
        if (natives.has(JSON.stringify(k))) {
          expect(keys.forRockyKey(k)).toEqual(py.lookups[j]);
          return;
        }
        const production = [...k.slice(0, -1), last.slice(0, -SUFFIX.length)];
        const p = req.lookups.findIndex((l) => JSON.stringify(l) === JSON.stringify(production));
        if (p === -1) return;
        expect([k, keys.forRockyKey(k)], discovers[i]?.source).toEqual([k, py.lookups[p]]);
        expect(j).not.toBe(p);
        compared += 1;
      });
    });
    expect(compared).toBeGreaterThan(10);
  });

  it("tables named by a string (anomalies, drift) and models named (compliance, retention) resolve the same", () => {
    requests.forEach((req, i) => {
      const keys = rockyAssetKeys({ discover: JSON.parse(req.text) });
      const py = python.discovers[i] as PyDiscover;
      expect(
        req.tables.map((t) => keys.forTable(t)),
        discovers[i]?.source,
      ).toEqual(py.table_ids);
      expect(
        req.models.map((m) => keys.forModel(m)),
        discovers[i]?.source,
      ).toEqual(py.models);
    });
    // Both outcomes occur: resolved and unresolved (ambiguous or unknown).
    const all = python.discovers.flatMap((d) => d.table_ids);
    expect(all.some((k) => k === null)).toBe(true);
    expect(all.some((k) => k !== null)).toBe(true);
  });

  it("every compiled model: [catalog, schema, table]; every dag node by its kind", () => {
    // The shared contract has four compile outputs; without it (outside CI) the project's one.
    expect(compiles.length).toBeGreaterThan(shared.length > 0 ? 2 : 0);
    compiles.forEach((doc, i) => {
      const models = (
        JSON.parse(doc.text) as {
          models_detail: {
            name: string;
            target: { catalog: string; schema: string; table: string };
          }[];
        }
      ).models_detail;
      expect(
        models.map((m) => ({ name: m.name, key: rockyModelAssetKey(m) })),
        doc.source,
      ).toEqual(python.compiles[i]);
    });
    expect(dags.length).toBeGreaterThan(shared.length > 0 ? 1 : 0);
    dags.forEach((doc, i) => {
      const nodes = (
        JSON.parse(doc.text) as { nodes: Parameters<typeof rockyDagNodeAssetKey>[0][] }
      ).nodes;
      expect(
        nodes.map((n) => ({ id: n.id, key: rockyDagNodeAssetKey(n) })),
        doc.source,
      ).toEqual(python.dags[i]);
    });
  });
});
