// Dagster ↔ rocky partition keys, converted as dagster-rocky 1.74.0 converts them. The
// differential against the Python functions is interop/test/partitions.diff.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dagsterToRockyPartitionKey,
  normalizeRockyGrain,
  PipesPartitionKeyError,
  type RockyTimeGrain,
  rockyPartitionSelector,
  rockyToDagsterPartitionKey,
} from "../src/index.js";

function refusal(fn: () => unknown): PipesPartitionKeyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PipesPartitionKeyError) return error;
    throw error;
  }
  throw new Error("expected a PipesPartitionKeyError");
}

describe("rocky → Dagster: hour and month reshaped, day and year unchanged", () => {
  it.each([
    ["hour", "2026-04-08T13", "2026-04-08-13:00"],
    ["hour", "2024-02-29T00", "2024-02-29-00:00"],
    ["day", "2026-04-08", "2026-04-08"],
    ["month", "2026-04", "2026-04-01"],
    ["month", "1999-12", "1999-12-01"],
    ["year", "2026", "2026"],
  ] as const)("%s %s → %s", (grain, rocky, dagster) => {
    expect(rockyToDagsterPartitionKey(grain, rocky)).toBe(dagster);
  });

  it("an hourly key without T is refused, naming the expected shape", () => {
    const e = refusal(() => rockyToDagsterPartitionKey("hour", "2026-04-08-13"));
    expect([e.name, e.code, e.grain, e.key, e.direction]).toEqual([
      "PipesPartitionKeyError",
      "INVALID_PARTITION_KEY",
      "hour",
      "2026-04-08-13",
      "rocky-to-dagster",
    ]);
    expect(e.message).toContain('"2026-04-08T13"');
  });
});

describe("Dagster → rocky: the inverse, for rocky run --partition", () => {
  it.each([
    ["hour", "2026-04-08-13:00", "2026-04-08T13"],
    ["hour", "2026-04-08-13:30", "2026-04-08T13"],
    ["day", "2026-04-08", "2026-04-08"],
    ["month", "2026-04-01", "2026-04"],
    ["month", "2026-04", "2026-04"],
    ["year", "2026", "2026"],
  ] as const)("%s %s → %s", (grain, dagster, rocky) => {
    expect(dagsterToRockyPartitionKey(grain, dagster)).toBe(rocky);
  });

  it.each([
    ["hour", "2026-04-08T13"],
    ["hour", "13:00"],
    ["month", "202604"],
    ["month", ""],
  ] as const)("%s %j is refused as Python refuses it", (grain, key) => {
    const e = refusal(() => dagsterToRockyPartitionKey(grain, key));
    expect([e.code, e.direction]).toEqual(["INVALID_PARTITION_KEY", "dagster-to-rocky"]);
  });

  it("round trip: every rocky key of every grain comes back unchanged", () => {
    const date = fc.date({
      min: new Date("0001-01-01T00:00:00Z"),
      max: new Date("9999-12-31T23:00:00Z"),
      noInvalidDate: true,
    });
    const rockyKey = (grain: RockyTimeGrain, d: Date): string => {
      const iso = d.toISOString();
      return {
        hour: `${iso.slice(0, 10)}T${iso.slice(11, 13)}`,
        day: iso.slice(0, 10),
        month: iso.slice(0, 7),
        year: iso.slice(0, 4),
      }[grain];
    };
    fc.assert(
      fc.property(
        fc.constantFrom<RockyTimeGrain>("hour", "day", "month", "year"),
        date,
        (grain, d) => {
          const key = rockyKey(grain, d);
          expect(dagsterToRockyPartitionKey(grain, rockyToDagsterPartitionKey(grain, key))).toBe(
            key,
          );
        },
      ),
    );
  });
});

describe("grains: only hour, day, month, year convert; rocky dag's aliases normalise", () => {
  it("an unknown grain is refused in both directions, with the alias hint when it is one", () => {
    const e = refusal(() => rockyToDagsterPartitionKey("daily" as RockyTimeGrain, "2026-04-08"));
    expect([e.code, e.grain]).toEqual(["UNKNOWN_GRAIN", "daily"]);
    expect(e.message).toContain('"daily" is rocky dag\'s name for "day"');
    expect(refusal(() => dagsterToRockyPartitionKey("week" as RockyTimeGrain, "x")).code).toBe(
      "UNKNOWN_GRAIN",
    );
  });

  it("normalizeRockyGrain reads both vocabularies and gives null for anything else", () => {
    expect(
      ["hour", "daily", "monthly", "yearly", "hourly", "week", "", null, "constructor"].map(
        normalizeRockyGrain,
      ),
    ).toEqual(["hour", "day", "month", "year", "hour", null, null, null, null]);
  });

  it("a key that is not a string is refused (an untyped caller)", () => {
    expect(refusal(() => rockyToDagsterPartitionKey("day", null as unknown as string)).code).toBe(
      "INVALID_PARTITION_KEY",
    );
  });
});

describe("rockyPartitionSelector: the step's Dagster partitions as rocky run options", () => {
  const step = (range: { start: string; end: string } | null) => ({
    isPartitionStep: range !== null,
    get partitionKeyRange() {
      if (range === null) throw new Error("not partitioned");
      return range;
    },
  });
  it("one partition → { partition }, a range → { from, to }, none → {}", () => {
    expect(
      rockyPartitionSelector(step({ start: "2026-04-01", end: "2026-04-01" }), "month"),
    ).toEqual({
      partition: "2026-04",
    });
    expect(
      rockyPartitionSelector(step({ start: "2026-04-08-10:00", end: "2026-04-08-13:00" }), "hour"),
    ).toEqual({ from: "2026-04-08T10", to: "2026-04-08T13" });
    expect(rockyPartitionSelector(step(null), "day")).toEqual({});
  });
});
