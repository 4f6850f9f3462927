// Differential: the asset check results @dagster-rocky/pipes builds against dagster-rocky 1.74.0's
// builders on the same outputs: freshness_check_results, compliance_check_results,
// retention_observations, contract_check_results_from_diagnostics, anomaly_check_results /
// anomaly_evaluation_results (as _emit_results yields them) and _emit_placeholder_checks (as
// reportRunToPipes reports them). Check name, asset, verdict, severity and every metadata entry.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  anomalyCheckResults,
  complianceCheckResults,
  contractCheckResultsForModel,
  encodePipesParam,
  freshnessCheckResults,
  openDagsterPipes,
  type RockyAssetCheckResult,
  type RockyContractRules,
  reportRunToPipes,
  retentionCheckResults,
  rockyAssetKeys,
} from "@dagster-rocky/pipes";
import { createRockySimulator, DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython, VENV_AVAILABLE } from "./helpers/venv.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON from both sides
type Json = any;
interface Check {
  asset_key: string[];
  check_name: string;
  passed: boolean;
  severity: string;
  metadata: Record<string, { type: string; value: Json }>;
}
const asPython = (r: RockyAssetCheckResult): Check => ({
  asset_key: [...r.assetKey],
  check_name: r.checkName,
  passed: r.passed,
  severity: r.severity,
  metadata: Object.fromEntries(
    Object.entries(r.metadata).map(([k, v]) => [k, { type: v.type, value: v.raw_value }]),
  ),
});

const sample = <T>(arb: fc.Arbitrary<T>, seed: number, numRuns: number): T[] =>
  fc.sample(arb, { seed, numRuns });
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

// --- generated outputs --------------------------------------------------------------------------

const isoDate = fc
  .tuple(
    fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
    fc.constantFrom("", ".5", ".123456", ".123456789", ".000000", ".1234567"),
    fc.constantFrom("Z", "+00:00", "+05:30", "-08:00", "+0530"),
  )
  .map(([d, frac, tz]) => `${d.toISOString().slice(0, 19)}${frac}${tz}`);
const freshnessEntry = fc.record({
  name: word,
  pipeline: word,
  table: fc.array(word, { minLength: 1, maxLength: 3 }).map((p) => p.join(".")),
  status: fc.constantFrom("pass", "warn", "error", "runtime_error"),
  measured_from: fc.constantFrom("warehouse", "state_store"),
  max_loaded_at: maybe(isoDate),
  age_seconds: maybe(fc.integer({ min: -100, max: 10_000_000 })),
  warn_after_seconds: maybe(fc.nat(1_000_000)),
  error_after_seconds: maybe(fc.nat(1_000_000)),
  message: maybe(fc.constantFrom("", "stale", "query failed: relation missing")),
});
const freshness = fc
  .tuple(fc.array(freshnessEntry, { maxLength: 5 }), fc.array(freshnessEntry, { maxLength: 5 }))
  .map(([sources, models]) => ({
    checked_at: "2026-04-08T13:00:00Z",
    command: "freshness",
    version: "1.77.0",
    sources,
    models,
    summary: { pass: 0, warn: 0, error: 0, runtime_error: 0 },
  }));

const MODELS = ["orders", "customers", "payments", "ghost"];
const modelMap = fc
  .subarray(MODELS.slice(0, 3))
  .map((ms) => Object.fromEntries(ms.map((m) => [m, ["duckdb", "shop", m]])));
const compliance = fc.record({
  output: fc.record({
    command: fc.constant("compliance"),
    version: fc.constant("1.71.0"),
    per_column: fc.constant([]),
    exceptions: fc.array(
      fc.record({
        model: fc.constantFrom(...MODELS),
        column: word,
        env: fc.constantFrom("default", "prod", "dev"),
        reason: fc.constantFrom(
          "no masking strategy resolves for classification tag 'pii'",
          "no masking strategy resolves for classification tag 'confidential'",
        ),
      }),
      { maxLength: 8 },
    ),
    summary: fc.record({
      total_classified: fc.nat(50),
      total_exceptions: fc.nat(50),
      total_masked: fc.nat(50),
    }),
  }),
  models: modelMap,
});
const retention = fc.record({
  output: fc.record({
    command: fc.constant("retention-status"),
    version: fc.constant("1.71.0"),
    models: fc.array(
      fc.record({
        model: fc.constantFrom(...MODELS),
        in_sync: fc.boolean(),
        configured_days: maybe(fc.nat(4000)),
        warehouse_days: maybe(fc.nat(4000)),
      }),
      { maxLength: 6 },
    ),
  }),
  models: modelMap,
});
const CODES = [
  "E010",
  "E011",
  "E012",
  "E013",
  "E014",
  "E059",
  "W010",
  "W011",
  "I003",
  "E001",
  "W001",
];
const diagnostic = fc.record({
  code: fc.constantFrom(...CODES),
  message: fc.constantFrom(
    "required column 'id' missing",
    "column 'x' is nullable",
    "type unknown",
  ),
  model: fc.constantFrom("m", "other"),
  severity: fc.constantFrom("Error", "Warning", "Info"),
  span: fc.constant(null),
  suggestion: fc.constant(null),
});
const contract = fc.record({
  diagnostics: fc.oneof(fc.constant(null), fc.array(diagnostic, { maxLength: 7 })),
  rules: fc.record({
    hasRequired: fc.boolean(),
    hasProtected: fc.boolean(),
    hasColumnConstraints: fc.boolean(),
  }),
});

const KEYS = [
  ["duckdb", "shop", "orders"],
  ["duckdb", "shop", "customers"],
  ["duckdb", "acme", "orders"],
  ["duckdb", "shop", "payments"],
];
const tableName = fc.constantFrom(
  "w.staging__shop.orders",
  "w.staging__shop.customers",
  "shop.payments",
  "duckdb.shop.payments",
  "payments",
  "w.x.unknown",
  "orders",
);
const anomalies = fc.record({
  anomalies: fc.array(
    fc.record({
      table: tableName,
      asset_key: fc.constant(["duckdb", "shop", "x"]),
      current_count: fc.nat(10_000),
      baseline_avg: fc.oneof(fc.nat(10_000), fc.double({ min: 0, max: 1e6, noNaN: true })),
      deviation_pct: fc.double({ min: 0, max: 100, noNaN: true }),
      reason: fc.constantFrom("row count dropped", "row count spiked"),
    }),
    { maxLength: 4 },
  ),
  anomaly_evaluated: fc.array(
    fc.record({
      table: tableName,
      asset_key: fc.constant(["duckdb", "shop", "x"]),
      evaluated: fc.boolean(),
      not_evaluated_reason: maybe(
        fc.constantFrom("", "row_count checks are off", "no state store"),
      ),
    }),
    { maxLength: 4 },
  ),
  keys: fc.subarray(KEYS, { minLength: 1 }),
});

interface Placeholder {
  specs: { asset_key: string[]; name: string }[];
  selected: string[][];
  yielded: [string[], string][];
  materialized: string[][];
  pruned: string[][];
}
const NAMES = [
  "row_count",
  "column_match",
  "freshness",
  "row_count_anomaly",
  "compliance_exception",
  "null_rate_amount",
];
const placeholder = fc
  .record({
    specs: fc.uniqueArray(
      fc.record({ asset_key: fc.constantFrom(...KEYS), name: fc.constantFrom(...NAMES) }),
      {
        selector: (s) => JSON.stringify(s),
        maxLength: 10,
      },
    ),
    selected: fc.subarray(KEYS),
    materialized: fc.subarray(KEYS),
    pruned: fc.subarray(KEYS),
    yieldedIdx: fc.array(fc.nat(9), { maxLength: 4 }),
  })
  .map(({ specs, selected, materialized, pruned, yieldedIdx }) => ({
    specs,
    selected,
    materialized,
    // A table is either copied or pruned in one run.
    pruned: pruned.filter((k) => !materialized.includes(k)),
    yielded: [...new Set(yieldedIdx)]
      .filter((i) => i < specs.length)
      .map(
        (i) => [specs[i]?.asset_key as string[], specs[i]?.name as string] as [string[], string],
      ),
  }));

/** reportRunToPipes's placeholders for the same situation, read back from the messages. */
function ourPlaceholders(c: Placeholder, dir: string, i: number): Check[] {
  const messages = join(dir, `p-${i}.jsonl`);
  const pipes = openDagsterPipes({
    env: {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({
        data: { run_id: "r", asset_keys: c.selected.map((k) => k.join("/")) },
      }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    },
    handleProcessExit: false,
  });
  const yielded = new Set(c.yielded.map(([k, n]) => JSON.stringify([k.join("/"), n])));
  try {
    reportRunToPipes(
      pipes,
      {
        materializations: c.materialized.map((k) => ({ asset_key: k })),
        excluded_tables: c.pruned.map((k) => ({
          asset_key: k,
          reason: "unchanged_since_last_copy",
        })),
        check_results: c.yielded.map(([k, n]) => ({
          asset_key: k,
          checks: [{ name: n, passed: true }],
        })),
      },
      { declaredChecks: c.specs.map((s) => ({ assetKey: s.asset_key, name: s.name })) },
    );
  } finally {
    pipes.close();
  }
  return readFileSync(messages, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Json)
    .filter((l) => l.method === "report_asset_check")
    .filter((l) => !yielded.has(JSON.stringify([l.params.asset_key, l.params.check_name])))
    .map((l) => ({
      asset_key: l.params.asset_key.split("/"),
      check_name: l.params.check_name,
      passed: l.params.passed,
      severity: l.params.severity,
      metadata: Object.fromEntries(
        Object.entries(l.params.metadata ?? {}).map(([k, v]) => [
          k,
          { type: (v as Json).type, value: (v as Json).raw_value },
        ]),
      ),
    }));
}

// -------------------------------------------------------------------------------------------------

const req = {
  freshness: sample(freshness, 1, 60).map((output) => ({ output })),
  compliance: sample(compliance, 2, 60),
  retention: sample(retention, 3, 60),
  contracts: sample(contract, 4, 200).map((c) => ({
    ...c,
    asset_key: ["w", "marts", "m"],
    model: "m",
  })),
  anomalies: [] as Json[],
  placeholders: sample(placeholder, 5, 150),
};
let python: Record<keyof typeof req, Json[]>;
let work: string;

beforeAll(async () => {
  if (!VENV_AVAILABLE) return;
  work = mkdtempSync(join(tmpdir(), "interop-checks-"));
  writeFileSync(join(work, "rocky.toml"), DEFAULT_PROJECT_TOML);
  const sim = await createRockySimulator();
  let base: Json;
  try {
    const r = spawnSync(
      sim.binaryPath,
      ["--config=rocky.toml", "--output", "json", "run", "--filter=source=shop"],
      {
        cwd: work,
        encoding: "utf8",
      },
    );
    base = JSON.parse(r.stdout);
  } finally {
    await sim.cleanup();
  }
  req.anomalies = sample(anomalies, 6, 80).map((a) => ({
    run: { ...base, anomalies: a.anomalies, anomaly_evaluated: a.anomaly_evaluated },
    keys: a.keys,
  }));
  const { stdout } = await runPython("pipes_anchors.py", ["checks"], {
    input: JSON.stringify(req),
  });
  python = JSON.parse(stdout);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A discover whose rocky keys are exactly `keys` (one source per key), for the table resolver. */
const discoverOf = (keys: string[][]) => ({
  sources: keys.map((k) => ({
    source_type: k[0] as string,
    components: Object.fromEntries(k.slice(1, -1).map((v, i) => [`c${i}`, v])),
    tables: [{ name: k.at(-1) as string }],
  })),
});

describeInterop("asset checks: the same results as dagster-rocky's builders", () => {
  it("rocky freshness → source_freshness / model_freshness", () => {
    const ours = req.freshness.map((c) => freshnessCheckResults(c.output).map(asPython));
    expect(ours).toEqual(python.freshness);
    expect(ours.flat().length).toBeGreaterThan(100);
    expect(new Set(ours.flat().map((c) => `${c.passed}/${c.severity}`)).size).toBe(3);
  });

  it("rocky compliance → compliance_exception, one per asset, _compliance for unresolved models", () => {
    const ours = req.compliance.map((c) =>
      complianceCheckResults(
        c.output,
        (m) => (c.models as Record<string, string[]>)[m] ?? null,
      ).map(asPython),
    );
    expect(ours).toEqual(python.compliance);
    expect(ours.flat().some((c) => c.asset_key[0] === "_compliance")).toBe(true);
    expect(
      ours.flat().some((c) => (c.metadata["rocky/compliance_exception_count"]?.value ?? 0) > 1),
    ).toBe(true);
  });

  it("rocky retention-status → retention_drift: dagster-rocky's observation, as a check (docs/parity.md)", () => {
    const divergences: Divergence[] = [];
    req.retention.forEach((c, i) => {
      const ours = retentionCheckResults(
        c.output,
        (m) => (c.models as Record<string, string[]>)[m] ?? null,
      ).map(asPython);
      const py = python.retention[i] as {
        asset_key: string[];
        description: string;
        metadata: Json;
      }[];
      expect(ours.map((o) => [o.asset_key, o.metadata])).toEqual(
        py.map((p) => [p.asset_key, p.metadata]),
      );
      ours.forEach((o, j) => {
        expect(py[j]?.description).toBe(`Retention status: ${o.check_name}`);
        divergences.push({
          subject: `retention ${i}.${j}`,
          ours: [o.passed, o.severity],
          python: "AssetObservation",
          id: "checks/retention-as-check",
        });
      });
    });
    expect(
      expectOnlyListedDivergences(divergences).get("checks/retention-as-check"),
    ).toBeGreaterThan(50);
  });

  it("contracts → contract_* from compile diagnostics, not-verified cases included", () => {
    const ours = req.contracts.map((c) =>
      contractCheckResultsForModel(
        c.diagnostics,
        c.asset_key,
        c.model,
        c.rules as RockyContractRules,
      ).map(asPython),
    );
    expect(ours).toEqual(python.contracts);
    const flat = ours.flat();
    expect(flat.some((c) => c.passed)).toBe(true);
    expect(flat.some((c) => !c.passed && c.severity === "WARN")).toBe(true);
    expect(flat.some((c) => !c.passed && c.severity === "ERROR")).toBe(true);
    expect(flat.some((c) => "rocky/contract_model_not_found" in c.metadata)).toBe(true);
    expect(flat.some((c) => "rocky/unverified_count" in c.metadata)).toBe(true);
  });

  it("anomalies → row_count_anomaly on the table's asset (the component's table resolver)", () => {
    const ours = req.anomalies.map((c) => {
      const keys = rockyAssetKeys({ discover: discoverOf(c.keys) });
      return anomalyCheckResults(c.run, (t) => keys.forTable(t)).map(asPython);
    });
    expect(ours).toEqual(python.anomalies);
    expect(ours.flat().filter((c) => c.passed).length).toBeGreaterThan(5);
    expect(ours.flat().filter((c) => !c.passed).length).toBeGreaterThan(5);
  });

  it("declared checks rocky did not report → dagster-rocky's placeholders", () => {
    const ours = req.placeholders.map((c, i) => ourPlaceholders(c, work, i));
    expect(ours).toEqual(python.placeholders);
    const statuses = new Set(
      ours.flat().map((c) => String(c.metadata.status?.value).replace(/\(check type: .*\)/, "")),
    );
    expect(statuses.size).toBeGreaterThanOrEqual(4);
  });
});
