// The bench script's own correctness, not speed: a tiny `--smoke` run as a
// real process must produce a row for every scenario with finite numbers.
// (No timing assertions: the numbers at these sizes mean nothing.)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
const SCENARIOS = [
  "Per call: `run()`",
  "Per call: `run()` on a warm default resource, batches of",
  "Per call: `state()`",
  "Per call: `version()` probe",
  "Per call: first call on a fresh resource",
  "Reference: execa 9 per call",
  "Cold start:",
  "rocky-sim start-up",
  "Large output",
  "peak RSS",
  "stderr flood",
  "throughput",
  "concurrent `run()`",
  "Termination (timeout, SIGTERM honoured)",
  "Termination (abort, SIGTERM honoured)",
  "Termination (timeout, SIGTERM ignored",
  "Orphan watchdog: cost per call",
  "Orphan watchdog: parent SIGKILLed",
  "BullMQ worker processes",
  "Fleet: SDK overhead per job",
];

const PY_SCENARIOS = [
  "per call: `RockyClient.run()`",
  "per call: `RockyClient.state()`",
  "per call: first call on a fresh client",
  "cold start:",
  "large output",
  "peak RSS",
];
const PY_READY = existsSync(join(benchDir, "..", "interop", ".venv", ".requirements-sha256"));
// The real-engine row needs an engine: ROCKY_BIN (CI sets it), else ../shared/rocky-engine/rocky.
const ENGINE_READY =
  (process.env.ROCKY_BIN ?? "").trim() !== "" ||
  existsSync(join(benchDir, "..", "..", "shared", "rocky-engine", "rocky"));
const ENGINE_ROW = "Real engine: the quickstart playground's `run()`";

interface Row {
  scenario: string;
  sdk: string;
  bare: string;
  ratio: string;
  result: string;
  notes: string;
}

let dir: string;
let report: string;
let rows: Row[];
let run: ReturnType<typeof spawnSync>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rocky-bench-smoke-"));
  const out = join(dir, "BENCHMARKS.md");
  run = spawnSync(process.execPath, [join(benchDir, "run.mjs"), "--smoke", "--out", out], {
    encoding: "utf8",
    timeout: 100_000,
  });
  report = run.status === 0 ? readFileSync(out, "utf8") : "";
  rows = report
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Scenario") && !l.startsWith("| ---"))
    .map((l) => {
      const [scenario = "", sdk = "", bare = "", ratio = "", , result = "", notes = ""] = l
        .slice(2, -2)
        .split(" | ");
      return { scenario, sdk, bare, ratio, result, notes };
    });
}, 110_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const firstNumber = (cell: string): number =>
  Number(/-?\d+(?:\.\d+)?/.exec(cell)?.[0] ?? Number.NaN);

describe("pnpm bench --smoke", () => {
  it("exits 0 and writes the report to --out, with the environment header", () => {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(report).toMatch(/^# Benchmarks/);
    expect(report).toMatch(/Node v\d+/);
    expect(report).toMatch(/rocky stand-in: \*\*(native C stand-in|simulator)/);
    expect(report).toContain("## Method");
  });

  it("has a row for every scenario", () => {
    for (const s of SCENARIOS)
      expect(
        rows.some((r) => r.scenario.includes(s)),
        s,
      ).toBe(true);
    expect(rows.filter((r) => !r.scenario.startsWith("rocky-sdk"))).toHaveLength(
      SCENARIOS.length + (ENGINE_READY ? 1 : 0),
    );
  });

  it("measures the SDK on a real engine run when an engine is there", () => {
    const engine = rows.filter((r) => r.scenario.startsWith(ENGINE_ROW));
    expect(engine).toHaveLength(ENGINE_READY ? 1 : 0);
    for (const r of engine) {
      expect(firstNumber(r.bare)).toBeGreaterThan(0);
      expect(firstNumber(r.ratio)).toBeGreaterThan(0);
      expect(r.notes).toMatch(/^rocky \d+\.\d+\.\d+;/);
    }
  });

  it("drives rocky-sdk (Python) on the same stand-in when interop/.venv is prepared", () => {
    const py = rows.filter((r) => r.scenario.startsWith("rocky-sdk"));
    if (!PY_READY) {
      // Without the venv (it is prepared by pnpm test, and mandatory under CI) there is no row.
      expect(py).toEqual([]);
      return;
    }
    for (const s of PY_SCENARIOS)
      expect(
        py.some((r) => r.scenario.includes(s)),
        s,
      ).toBe(true);
    expect(py).toHaveLength(PY_SCENARIOS.length);
  });

  it("has a finite SDK number in every row, and finite bare numbers and ratios where there is a floor", () => {
    for (const r of rows) {
      expect(Number.isFinite(firstNumber(r.sdk)), `${r.scenario}: ${r.sdk}`).toBe(true);
      if (r.bare !== "—")
        expect(Number.isFinite(firstNumber(r.bare)), `${r.scenario}: ${r.bare}`).toBe(true);
      if (r.ratio !== "—")
        expect(Number.isFinite(firstNumber(r.ratio)), `${r.scenario}: ${r.ratio}`).toBe(true);
      expect(["met", "**MISSED**", "—"]).toContain(r.result);
    }
  });

  it("the correctness targets hold even at smoke size: no failed or leaked concurrent runs, groups terminated", () => {
    const conc = rows.find((r) => r.scenario.includes("concurrent"));
    expect(conc?.notes).toMatch(/failures 0, processes left 0/);
    for (const r of rows.filter((x) => x.scenario.startsWith("Termination"))) {
      expect(r.notes).toMatch(/rejected with Rocky(Timeout|Abort)Error$/);
    }
    const orphans = rows.find((r) => r.scenario.includes("parent SIGKILLed"));
    expect(orphans?.notes).toMatch(/none left$/);
    const fleet = rows.find((r) => r.scenario.includes("BullMQ worker processes"));
    expect(fleet?.notes).toMatch(
      /duplicates 0, missing 0, processes left 0, worker exits 0\/0\/0\/0$/,
    );
  });
});
