// Differential: Dagster ↔ rocky partition keys, @dagster-rocky/pipes against dagster-rocky 1.74.0
// (dagster_rocky.partitions) over generated keys of every grain, edge dates and malformed keys in
// both directions; and the real Dagster partition keys of each grain (partitions_def_for_time_interval)
// converted to rocky's format (engine TimeGrain::format_str) and back.

import {
  dagsterToRockyPartitionKey,
  PipesPartitionKeyError,
  type RockyTimeGrain,
  rockyToDagsterPartitionKey,
} from "@dagster-rocky/pipes";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { type Divergence, expectOnlyListedDivergences } from "./helpers/parity.js";
import { describeInterop, runPython, VENV_AVAILABLE } from "./helpers/venv.js";

const GRAINS = ["hour", "day", "month", "year"];
const BAD_GRAINS = ["daily", "monthly", "", "HOUR", " day", "week", "minute", "constructor"];
type Direction = "rocky-to-dagster" | "dagster-to-rocky";
interface Case {
  direction: Direction;
  grain: unknown;
  key: unknown;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
/** rocky's key (format_str) and Dagster's key of the partition holding `d`, per grain. */
function keysOf(d: Date): { rocky: string[]; dagster: string[] } {
  const y = pad(d.getUTCFullYear(), 4);
  const m = pad(d.getUTCMonth() + 1);
  const day = `${y}-${m}-${pad(d.getUTCDate())}`;
  const h = pad(d.getUTCHours());
  return {
    rocky: [`${day}T${h}`, day, `${y}-${m}`, y],
    dagster: [`${day}-${h}:00`, day, `${y}-${m}-01`, y],
  };
}

const EDGE_DATES = [
  "0001-01-01T00:00:00Z",
  "1970-01-01T00:00:00Z",
  "1999-12-31T23:00:00Z",
  "2000-02-29T12:00:00Z",
  "2024-02-29T23:00:00Z",
  "2026-04-08T13:00:00Z",
  "2100-03-01T00:00:00Z",
  "9999-12-31T23:00:00Z",
].map((s) => new Date(s));

const MALFORMED = [
  "",
  "T",
  "-",
  ":",
  "-:",
  ":-",
  "2026",
  "2026-04",
  "2026-04-08T",
  "T13",
  "2026-04-08T13T14",
  "2026-04-08-13",
  "2026-04-08-13:00:00",
  "2026-04-08 13:00",
  "13:00",
  "a-b",
  "x:y",
  "a:b-c",
  "2026–04–08", // en dashes
  "２０２６-04", // full-width digits
  "2026-04-08T1\u0000",
  "🚀-🚀:🚀",
  "2026-\ud800-01",
  " 2026-04-01 ",
];

function cases(): Case[] {
  const keys = new Set<string>(MALFORMED);
  for (const d of EDGE_DATES) {
    const { rocky, dagster } = keysOf(d);
    for (const k of [...rocky, ...dagster]) keys.add(k);
  }
  // Random dates and random strings, reproducible.
  const dates = fc.sample(
    fc.date({ min: new Date("0001-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }),
    { seed: 42, numRuns: 150 },
  );
  for (const d of dates) for (const k of [...keysOf(d).rocky, ...keysOf(d).dagster]) keys.add(k);
  const strings = fc.sample(
    fc.string({ unit: fc.constantFrom("2", "0", "-", ":", "T", "1", "x", " "), maxLength: 12 }),
    { seed: 7, numRuns: 200 },
  );
  for (const s of strings) keys.add(s);
  const out: Case[] = [];
  for (const direction of ["rocky-to-dagster", "dagster-to-rocky"] as const) {
    for (const grain of [...GRAINS, ...BAD_GRAINS]) {
      for (const key of keys) out.push({ direction, grain, key });
    }
    // Untyped callers: a grain or key that is not a string.
    for (const grain of [...GRAINS, null, 3]) {
      for (const key of [null, 2026, true]) out.push({ direction, grain, key });
    }
  }
  return out;
}

type Answer = { value: unknown } | { error: string };
const RANGES = [
  { grain: "hour", start: "2024-02-28-20:00", end: "2024-03-01-04:00" },
  { grain: "hour", start: "1999-12-31-22:00", end: "2000-01-01-02:00" },
  { grain: "day", start: "2023-12-25", end: "2024-03-05" },
  { grain: "month", start: "1999-10-01", end: "2001-03-01" },
  { grain: "year", start: "1969", end: "2031" },
];
const ROCKY_FORMAT: Record<string, RegExp> = {
  hour: /^\d{4}-\d{2}-\d{2}T\d{2}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
  month: /^\d{4}-\d{2}$/,
  year: /^\d{4}$/,
};

let all: Case[];
let python: { cases: Answer[]; ranges: string[][] };
beforeAll(async () => {
  if (!VENV_AVAILABLE) return;
  all = cases();
  const { stdout } = await runPython("pipes_anchors.py", ["partitions"], {
    input: JSON.stringify({ cases: all, ranges: RANGES }),
  });
  python = JSON.parse(stdout);
});

function ours(c: Case): Answer {
  const fn =
    c.direction === "rocky-to-dagster" ? rockyToDagsterPartitionKey : dagsterToRockyPartitionKey;
  try {
    return { value: fn(c.grain as RockyTimeGrain, c.key as string) };
  } catch (error) {
    if (error instanceof PipesPartitionKeyError) return { error: error.code };
    throw error;
  }
}

describeInterop(
  "partition keys: @dagster-rocky/pipes and dagster_rocky.partitions convert the same",
  () => {
    it("every grain × key × direction: the same key, or both refuse", () => {
      expect(all.length).toBeGreaterThan(20_000);
      const divergences: Divergence[] = [];
      let converted = 0;
      let refused = 0;
      all.forEach((c, i) => {
        const o = ours(c);
        const p = python.cases[i] as Answer;
        if ("value" in o && "value" in p && o.value === p.value) {
          converted += 1;
          return;
        }
        if ("error" in o && "error" in p) {
          refused += 1;
          return;
        }
        const nonString = typeof c.key !== "string" || typeof c.grain !== "string";
        divergences.push({
          subject: `${c.direction} ${JSON.stringify(c.grain)} ${JSON.stringify(c.key)}`,
          ours: o,
          python: p,
          id: nonString && "error" in o ? "partitions/non-string-refused" : null,
        });
      });
      expectOnlyListedDivergences(divergences);
      // Both outcomes are exercised on both sides.
      expect(converted).toBeGreaterThan(2000);
      expect(refused).toBeGreaterThan(2000);
    });

    it("Dagster's own keys of every grain convert to rocky's format and back unchanged", () => {
      RANGES.forEach((r, i) => {
        const keys = python.ranges[i] as string[];
        expect(keys.length, r.grain).toBeGreaterThan(3);
        for (const key of keys) {
          const rocky = dagsterToRockyPartitionKey(r.grain as RockyTimeGrain, key);
          expect(rocky, `${r.grain} ${key}`).toMatch(ROCKY_FORMAT[r.grain] as RegExp);
          expect(rockyToDagsterPartitionKey(r.grain as RockyTimeGrain, rocky)).toBe(key);
        }
      });
    });
  },
);
