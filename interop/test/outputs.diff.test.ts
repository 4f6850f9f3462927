// Differential: the outputs of every verb both sides wrap, parsed the way rocky-sdk 0.29.0's
// RockyClient method parses them (its pydantic model) and by our zod schema for that method.
// Documents: every shared engine fixture (/work/shared/rocky-contract/fixtures, real rocky 1.71
// outputs), the project's own fixtures, the real engine's outputs on a playground project (when
// ROCKY_BIN, or the engine next to the repository, is there), and rocky-sim's output for every
// verb. Both sides must accept the same documents and read the same top-level values.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import {
  ApplyKindResultSchema,
  HistoryResultSchema,
  LineageResultSchema,
  OUTPUT_SCHEMAS,
  RunResultSchema,
  VERB_OUTPUT_SCHEMAS,
} from "@dagster-rocky/resource/schemas";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { METHOD_ROWS } from "./helpers/argv-methods.js";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { type Doc, keyOf, simOutputs } from "./helpers/sim-outputs.js";
import { describeInterop, IN_CI, REPO_ROOT, runPython } from "./helpers/venv.js";

const CONTRACT_DIR = resolve(
  process.env.ROCKY_CONTRACT_DIR ?? join(REPO_ROOT, "..", "shared", "rocky-contract"),
);
const CONTRACT_AVAILABLE = existsSync(join(CONTRACT_DIR, "fixtures"));
const ENGINE = resolve(
  process.env.ROCKY_BIN ?? join(REPO_ROOT, "..", "shared", "rocky-engine", "rocky"),
);
const ENGINE_AVAILABLE = existsSync(ENGINE);
const OWN_FIXTURES = join(REPO_ROOT, "packages", "resource", "test", "contract", "fixtures");
/** Our schema of every verb output, by the name of the engine JSON Schema it mirrors. */
const SCHEMAS = { ...OUTPUT_SCHEMAS, ...VERB_OUTPUT_SCHEMAS };

/**
 * Every method both sides have whose stdout is parsed (the argv differential's rows, less
 * state_health, which parses nothing of its own), and the schema our verb module reads it with
 * (packages/resource/src/verbs/<verb>.ts); `lineage` and `history` by the model rocky-sdk picks.
 */
const OURS: Readonly<
  Record<
    string,
    { safeParse: (v: unknown) => { success: boolean; data?: unknown; error?: { message: string } } }
  >
> = {
  run: RunResultSchema,
  plan: SCHEMAS.plan,
  apply: ApplyKindResultSchema,
  discover: SCHEMAS.discover,
  state: SCHEMAS.state,
  doctor: SCHEMAS.doctor,
  compile: SCHEMAS.compile,
  test: SCHEMAS.test,
  resume_run: RunResultSchema,
  run_model: SCHEMAS.run,
  branch_approve: SCHEMAS.branch_approve,
  branch_promote: SCHEMAS.branch_promote,
  // rocky prints a PlanOutput (`plan_kind: "promote"`), not the PromotePlan it persists.
  plan_promote: SCHEMAS.plan,
  product_verify: SCHEMAS.product_verify,
  product_compile: SCHEMAS.product_compile,
  product_approve: SCHEMAS.product_approve,
  product_status: SCHEMAS.product_status,
  lineage: LineageResultSchema,
  "lineage/column": LineageResultSchema,
  catalog: SCHEMAS.catalog,
  dag: SCHEMAS.dag,
  history: HistoryResultSchema,
  "history/model": HistoryResultSchema,
  metrics: SCHEMAS.metrics,
  optimize: SCHEMAS.optimize,
  cost: SCHEMAS.cost,
  ci: SCHEMAS.ci,
  compliance: SCHEMAS.compliance,
  retention_status: SCHEMAS.retention_status,
  review_status: SCHEMAS.review_status,
  hooks_list: SCHEMAS.hooks_list,
  hooks_test: SCHEMAS.hooks_test,
  validate_migration: SCHEMAS.validate_migration,
  test_adapter: SCHEMAS.test_adapter,
  ai: SCHEMAS.ai,
  ai_sync: SCHEMAS.ai_sync,
  ai_explain: SCHEMAS.ai_explain,
  ai_test: SCHEMAS.ai_test,
  ai_contract: SCHEMAS.ai_contract,
};

function listJson(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split(sep).join("/"))
    .sort();
}

/** The method a fixture is the output of, from its `command` (and shape where one command has two). */
function docOf(source: string, text: string): Doc | { source: string; command: string } {
  const json = JSON.parse(text) as Record<string, unknown>;
  const command = typeof json.command === "string" ? json.command : "(none)";
  const method = command.replaceAll("-", "_");
  if (method === "lineage" && "trace" in json) return { source, method, variant: "column", text };
  if (method === "history" && !("runs" in json)) return { source, method, variant: "model", text };
  if (method in OURS) return { source, method, text };
  return { source, command };
}

/** The real engine's outputs on its quickstart playground (DuckDB, no credentials). */
function engineOutputs(work: string): Doc[] {
  const project = join(work, "playground");
  const made = spawnSync(ENGINE, ["playground", project], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`rocky playground failed: ${made.stderr}`);
  const docs: Doc[] = [];
  const calls: [string, string[], Doc["variant"]?][] = [
    ["compile", ["compile"]],
    ["test", ["test"]],
    ["ci", ["ci"]],
    ["dag", ["dag"]],
    ["dag", ["dag", "--column-lineage"]],
    ["lineage", ["lineage", "customer_orders"]],
    ["lineage", ["lineage", "customer_orders", "--column", "customer_id"], "column"],
    ["catalog", ["catalog", "--out", join(work, "catalog")]],
    ["state", ["state"]],
    ["doctor", ["doctor"]],
    ["run", ["run"]],
    ["resume_run", ["run", "--resume-latest"]],
    ["history", ["history"]],
    ["history", ["history", "--model", "customer_orders"], "model"],
    ["compliance", ["compliance"]],
    ["retention_status", ["retention-status"]],
    ["hooks_list", ["hooks", "list"]],
    ["optimize", ["optimize"]],
    ["cost", ["cost", "latest"]],
  ];
  for (const [method, args, variant] of calls) {
    const r = spawnSync(ENGINE, ["--output", "json", ...args], {
      cwd: project,
      encoding: "utf8",
      timeout: 120_000,
    });
    if (r.stdout.trim() === "")
      throw new Error(
        `rocky ${args.join(" ")} printed nothing (exit ${r.status}): ${r.stderr.slice(-500)}`,
      );
    docs.push({
      source: `engine ${args.join(" ")}`,
      method,
      text: r.stdout,
      ...(variant ? { variant } : {}),
    });
  }
  return docs;
}

interface PyParse {
  ok: boolean;
  error?: string;
  detail?: string | null;
  summary?: Record<string, unknown>;
}

const shape = (value: unknown): unknown =>
  Array.isArray(value)
    ? { length: value.length }
    : value !== null && typeof value === "object"
      ? "object"
      : value;

/** Our reading of a document: the method's schema, each top-level field of the raw document as read. */
function oursParse(doc: Doc): PyParse {
  const raw = JSON.parse(doc.text) as Record<string, unknown>;
  const schema = OURS[keyOf(doc)];
  if (schema === undefined) return { ok: false, error: `no schema for ${keyOf(doc)}` };
  const r = schema.safeParse(raw);
  if (!r.success) return { ok: false, error: (r.error?.message ?? "").slice(0, 300) };
  const read = r.data as Record<string, unknown>;
  return {
    ok: true,
    summary: Object.fromEntries(
      Object.keys(raw).map((k) => [k, k in read ? shape(read[k]) : "(absent)"]),
    ),
  };
}

let work: string;
let docs: Doc[];
let py: PyParse[];
const oursOnly: { source: string; command: string }[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-outputs-"));
  // A rocky project, as rocky (and rocky-sim) needs one in its working directory.
  writeFileSync(join(work, "rocky.toml"), DEFAULT_PROJECT_TOML);
  const found: (Doc | { source: string; command: string })[] = [];
  if (CONTRACT_AVAILABLE) {
    for (const f of listJson(join(CONTRACT_DIR, "fixtures"))) {
      found.push(docOf(`shared ${f}`, readFileSync(join(CONTRACT_DIR, "fixtures", f), "utf8")));
    }
  } else if (IN_CI) {
    throw new Error(`CI is set but the shared rocky contract is absent (${CONTRACT_DIR})`);
  }
  for (const f of listJson(OWN_FIXTURES)) {
    found.push(docOf(`project ${f}`, readFileSync(join(OWN_FIXTURES, f), "utf8")));
  }
  if (ENGINE_AVAILABLE) found.push(...engineOutputs(work));
  else if (IN_CI) throw new Error(`CI is set but the rocky engine is absent (${ENGINE})`);
  found.push(...(await simOutputs(work)));
  docs = found.filter((d): d is Doc => "method" in d);
  oursOnly.push(...found.filter((d): d is { source: string; command: string } => !("method" in d)));
  const { stdout } = await runPython("anchors.py", ["outputs"], {
    input: JSON.stringify({
      docs: docs.map((d) => ({ method: d.method, variant: d.variant ?? null, text: d.text })),
    }),
  });
  py = JSON.parse(stdout);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: rocky JSON documents, narrowed where read
type Json = any;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** The same value as read: equal, or the same instant at microsecond precision (pydantic's datetime). */
function sameRead(a: unknown, b: unknown): boolean {
  if (JSON.stringify(a) === JSON.stringify(b)) return true;
  if (typeof a !== "string" || typeof b !== "string") return false;
  if (!ISO_INSTANT.test(a) || !ISO_INSTANT.test(b)) return false;
  const micros = (t: string) => {
    const frac = /\.(\d+)/.exec(t)?.[1] ?? "";
    return `${Date.parse(t.replace(/\.\d+/, ""))}.${frac.padEnd(6, "0").slice(0, 6)}`;
  };
  return micros(a) === micros(b);
}

/** The docs/parity.md id explaining why both accept a document and read a field differently. */
function classifyRead(
  raw: Record<string, unknown>,
  key: string,
  ours: unknown,
  python: unknown,
): string | null {
  // A field of rocky's document that rocky-sdk's model does not declare (pydantic drops it).
  if (python === "(absent)" && JSON.stringify(ours) === JSON.stringify(shape(raw[key])))
    return "outputs/rocky-sdk-drops-field";
  return null;
}

/** The docs/parity.md id explaining a difference in acceptance, or null. */
function classify(doc: Doc, o: PyParse, p: PyParse): string | null {
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
  // Fields rocky-sdk's models require that the engine's JSON Schema does not (rocky 1.71 emits
  // none of them): metrics snapshots (`MetricsSnapshotEntry`: run_id, timestamp, row_count,
  // null_rates; rocky-sdk's QualitySnapshot wants model_name and metrics), and ai-test assertions
  // (`AiTestAssertion.sql` is optional).
  const required = [...detail.matchAll(/^(\S+)\n\s+Field required/gm)].map((m) => m[1] as string);
  if (
    doc.method === "metrics" &&
    required.length > 0 &&
    required.every((r) => /^snapshots\.\d+\.(model_name|metrics)$/.test(r))
  )
    return "outputs/rocky-sdk-metrics-snapshot";
  if (
    doc.method === "ai_test" &&
    required.length > 0 &&
    required.every((r) => {
      const m = /^results\.(\d+)\.tests\.(\d+)\.sql$/.exec(r);
      return m !== null && !("sql" in (json.results?.[Number(m[1])]?.tests?.[Number(m[2])] ?? {}));
    })
  )
    return "outputs/rocky-sdk-requires-ai-test-sql";
  // rocky plan promote prints the PlanOutput (plan.rs `plan_promote`: `print_json(&result.plan_output)`);
  // rocky-sdk validates it as the PromotePlan payload rocky persists under .rocky/plans.
  if (
    doc.method === "plan_promote" &&
    json.command === "plan" &&
    json.plan_kind === "promote" &&
    /validation errors? for PromotePlan/.test(detail)
  )
    return "outputs/rocky-sdk-plan-promote-model";
  return null;
}

describeInterop("outputs: rocky-sdk's models and our schemas accept the same documents", () => {
  it("covers every method both sides parse, from the shared fixtures, the project's, the engine's and rocky-sim's", () => {
    // Every row of the argv differential whose stdout is parsed has documents here.
    const parsed = METHOD_ROWS.map((r) => r.py).filter((m) => m !== "state_health");
    expect(
      Object.keys(OURS)
        .filter((k) => !k.includes("/"))
        .sort(),
    ).toEqual([...parsed].sort());
    const seen = new Set(docs.map(keyOf));
    expect(Object.keys(OURS).filter((k) => !seen.has(k))).toEqual([]);
    const sources = docs.map((d) => d.source);
    expect(sources.filter((s) => s.startsWith("rocky-sim")).length).toBeGreaterThanOrEqual(45);
    expect(sources.filter((s) => s.startsWith("project")).length).toBeGreaterThan(0);
    if (CONTRACT_AVAILABLE) {
      expect(sources.filter((s) => s.startsWith("shared")).length).toBeGreaterThanOrEqual(20);
    } else {
      console.warn(
        `[interop] shared rocky contract absent (${CONTRACT_DIR}): only project and rocky-sim outputs compared`,
      );
    }
    if (ENGINE_AVAILABLE) {
      expect(sources.filter((s) => s.startsWith("engine")).length).toBe(19);
    } else {
      console.warn(`[interop] rocky engine absent (${ENGINE}): no engine outputs compared`);
    }
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
        const raw = JSON.parse(doc.text) as Record<string, unknown>;
        for (const key of Object.keys(raw)) {
          const ours = o.summary?.[key];
          const python = p.summary?.[key];
          if (!sameRead(ours, python))
            divergences.push({
              subject: `${doc.source} .${key}`,
              ours,
              python,
              id: classifyRead(raw, key, ours, python),
            });
        }
      }
    });
    const counts = expectOnlyListedDivergences(divergences);
    console.info(
      `[interop] outputs: ${docs.length} documents over ${new Set(docs.map(keyOf)).size} methods; divergences by rule: ${JSON.stringify(Object.fromEntries(counts))}`,
    );
    // We accept every document but the engine schema's apply envelope, which rocky 1.71's apply
    // does not print (it prints the plan kind's own output) and which rocky-sdk refuses too.
    const rejected = docs.filter((d) => !oursParse(d).ok);
    for (const d of rejected) {
      const json = JSON.parse(d.text) as Record<string, unknown>;
      expect([d.source, json.command, "result" in json]).toEqual([d.source, "apply", true]);
      expect([d.source, (py[docs.indexOf(d)] as PyParse).ok]).toEqual([d.source, false]);
    }
    expect(rejected.length).toBeLessThanOrEqual(1);
  });

  it("the only documents not compared are outputs of commands rocky-sdk does not wrap", () => {
    // `compare` is ours alone (rocky-sdk 0.29.0 and dagster-rocky 1.74.0 have no compare).
    expect([...new Set(oursOnly.map((d) => d.command))].sort()).toEqual(["compare"]);
    const parity = readFileSync(join(REPO_ROOT, "docs", "parity.md"), "utf8");
    expect(parity).toContain("`compare` (ours alone");
  });
});
