// Differential: which non-zero exits are results. For every method both sides have whose stdout
// is parsed, a stand-in prints rocky-sim's output for that method and exits 1, 2, 3 or 4; the
// method of rocky-sdk 0.29.0's RockyClient and ours are called with the same arguments. Compared:
// whether the call returned the report or raised. rocky-sdk returns on any non-zero exit with
// JSON on stdout for the methods that pass `allow_partial=True` (run, run_model, resume_run,
// apply, compile, test, ci, doctor, product_verify; and freshness) and raises for the others;
// we return on the exits rocky documents as carrying the verb's report. Every difference is
// classified by a rule whose id is a heading of docs/parity.md (the exit-code table there).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RockyResource } from "@dagster-rocky/resource";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AxisValue, METHOD_ROWS, type MethodRow } from "./helpers/argv-methods.js";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { type Doc, simOutputs } from "./helpers/sim-outputs.js";
import { describeInterop, runPython } from "./helpers/venv.js";

const STANDIN = `#!/bin/sh
if [ "$1" = "--version" ] || [ "$1" = "-V" ]; then echo "rocky 1.71.0"; exit 0; fi
cat "$STANDIN_DOC"
exit "$STANDIN_EXIT"
`;
const EXITS = [1, 2, 3, 4] as const;

type Outcome = "returned" | "raised";
interface Case {
  name: string;
  row: MethodRow;
  exit: number;
  doc: string;
  ours: Record<string, unknown>;
  py: Record<string, unknown>;
}

const ROWS = METHOD_ROWS.filter((r) => r.py !== "state_health");
let work: string;
let standin: string;
let cases: Case[];
const ours = new Map<string, { outcome: Outcome; detail: string }>();
const python = new Map<string, { outcome: Outcome; detail: string }>();

/** A call both sides spawn: every option's default, and the row's `valid` values. */
function defaultCall(row: MethodRow): {
  ours: Record<string, unknown>;
  py: Record<string, unknown>;
} {
  const values: AxisValue[] = [
    ...Object.values(row.axes).map((a) => a[0] as AxisValue),
    ...(row.valid ? [row.valid] : []),
  ];
  return {
    ours: Object.assign({}, ...values.map((v) => v.ts ?? {})),
    py: Object.assign({}, ...values.map((v) => v.py ?? {})),
  };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "interop-exits-"));
  writeFileSync(join(work, "rocky.toml"), DEFAULT_PROJECT_TOML);
  standin = join(work, "rocky");
  writeFileSync(standin, STANDIN);
  chmodSync(standin, 0o755);
  const docs: Doc[] = await simOutputs(work);
  cases = ROWS.flatMap((row) => {
    const doc = docs.find((d) => d.method === row.py && d.variant === undefined);
    if (doc === undefined) throw new Error(`no rocky-sim output for ${row.py}`);
    const file = join(work, `${row.py}.json`);
    writeFileSync(file, doc.text);
    const call = defaultCall(row);
    return EXITS.map((exit) => ({ name: `${row.ts} exit ${exit}`, row, exit, doc: file, ...call }));
  });
  const { stdout } = await runPython("anchors.py", ["argv"], {
    input: JSON.stringify({
      standin,
      cases: cases.map((c, i) => ({
        side: "client",
        client: {},
        method: c.row.py,
        args: [],
        kwargs: c.py,
        record: join(work, `unused-${i}`),
        env: { STANDIN_DOC: c.doc, STANDIN_EXIT: String(c.exit) },
      })),
    }),
    env: { ...process.env },
  });
  (JSON.parse(stdout) as { error: string | null }[]).forEach((r, i) => {
    const c = cases[i] as Case;
    // A report the method accepted and then failed to validate still took the exit as a result.
    const accepted = r.error === null || r.error.startsWith("RockyOutputParseError");
    python.set(c.name, { outcome: accepted ? "returned" : "raised", detail: r.error ?? "" });
  });
  for (const c of cases) {
    const rocky = new RockyResource({
      binaryPath: standin,
      cwd: work,
      env: { STANDIN_DOC: c.doc, STANDIN_EXIT: String(c.exit), ANTHROPIC_API_KEY: "sk-test" },
    });
    const method = (rocky as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      c.row.ts
    ] as (...a: unknown[]) => Promise<unknown>;
    try {
      if (c.row.positional === undefined) await method.call(rocky, c.ours);
      else {
        const { [c.row.positional]: first, ...rest } = c.ours;
        await method.call(rocky, first, rest);
      }
      ours.set(c.name, { outcome: "returned", detail: "" });
    } catch (e) {
      ours.set(c.name, {
        outcome: "raised",
        detail: `${(e as Error).name}: ${(e as Error).message.slice(0, 200)}`,
      });
    }
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Methods rocky-sdk calls with `allow_partial=True` (rocky_sdk/client.py). */
const PY_ALLOW_PARTIAL = new Set([
  "run",
  "run_model",
  "resume_run",
  "apply",
  "compile",
  "test",
  "ci",
  "doctor",
  "product_verify",
]);
/**
 * The exits rocky documents as carrying each verb's report (main.rs exit-code table, the
 * commands' sources), which we return: run and apply 1 (every table failed) and 2 (partial);
 * compile, test and ci 1; doctor 3; product verify 1 (needs_input) and 2 (fail); test-adapter 1
 * (failed conformance tests); compliance 1 (`--fail-on exception`).
 */
const OUR_RESULTS: Readonly<Record<string, readonly number[]>> = {
  run: [1, 2],
  run_model: [1, 2],
  resume_run: [1, 2],
  apply: [1, 2],
  compile: [1],
  test: [1],
  ci: [1],
  doctor: [3],
  product_verify: [1, 2],
  test_adapter: [1],
  compliance: [1],
};

/** The docs/parity.md id explaining a difference, or null. */
function classify(c: Case, o: Outcome, p: Outcome): string | null {
  const mine = OUR_RESULTS[c.row.py] ?? [];
  if (
    o === "raised" &&
    p === "returned" &&
    PY_ALLOW_PARTIAL.has(c.row.py) &&
    !mine.includes(c.exit)
  )
    return "exits/only-rockys-report-exits";
  if (
    o === "returned" &&
    p === "raised" &&
    !PY_ALLOW_PARTIAL.has(c.row.py) &&
    mine.includes(c.exit)
  )
    return "exits/verdict-report-is-a-result";
  return null;
}

describeInterop(
  "exit codes: which non-zero exits with a report return it, in rocky-sdk and here",
  () => {
    it("every method both sides parse, exits 1 to 4", () => {
      expect(new Set(cases.map((c) => c.row.py)).size).toBe(ROWS.length);
      expect(cases.length).toBe(ROWS.length * EXITS.length);
    });

    it("every difference is listed in docs/parity.md, and each side behaves as its rule says", () => {
      const divergences: Divergence[] = [];
      for (const c of cases) {
        const o = ours.get(c.name) as { outcome: Outcome; detail: string };
        const p = python.get(c.name) as { outcome: Outcome; detail: string };
        // rocky-sdk's rule, read from its source: allow_partial methods return, the others raise.
        expect([c.name, p.outcome]).toEqual([
          c.name,
          PY_ALLOW_PARTIAL.has(c.row.py) ? "returned" : "raised",
        ]);
        if (o.outcome !== p.outcome)
          divergences.push({
            subject: c.name,
            ours: o,
            python: p,
            id: classify(c, o.outcome, p.outcome),
          });
      }
      const counts = expectOnlyListedDivergences(divergences);
      console.info(
        `[interop] exits: ${cases.length} cases; divergences by rule: ${JSON.stringify(Object.fromEntries(counts))}`,
      );
    });

    it("plan's non-zero exits throw on both sides (rocky prints a plan only once persisted)", () => {
      for (const exit of EXITS) {
        expect([
          exit,
          ours.get(`plan exit ${exit}`)?.outcome,
          python.get(`plan exit ${exit}`)?.outcome,
        ]).toEqual([exit, "raised", "raised"]);
      }
    });
  },
);
