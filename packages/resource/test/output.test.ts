import { describe, expect, it } from "vitest";
import { RockyOutputParseError } from "../src/index.js";
import { parseOutput } from "../src/output.js";
import { RunOutputSchema } from "../src/schemas/index.js";

const materialization = (i: number) => ({
  asset_key: ["warehouse", "s", `t${i}`],
  rows_copied: i,
  duration_ms: 1,
  started_at: "2026-01-01T00:00:00Z",
  metadata: { strategy: "full_refresh", target_table_full_name: `warehouse.s.t${i}` },
});
const run = (n: number) => ({
  version: "1.71.0",
  command: "run",
  status: "Success",
  filter: "tenant=acme",
  duration_ms: 1,
  tables_copied: n,
  tables_failed: 0,
  materializations: Array.from({ length: n }, (_, i) => materialization(i)),
  check_results: [],
  execution: { concurrency: 1, tables_processed: n, tables_failed: 0 },
  metrics: null,
  permissions: { grants_added: 0, grants_revoked: 0, catalogs_created: 0, schemas_created: 0 },
  drift: { tables_checked: 0, tables_drifted: 0, actions_taken: [] },
  interrupted: false,
  future_field: { kept: true },
});

describe("parseOutput: large outputs parse in full; validation errors name the path and stay bounded", () => {
  it.each([10, 5000])("%i materializations: same data as a plain safeParse", (n) => {
    const doc = run(n);
    const text = JSON.stringify(doc);
    const parsed = parseOutput("run", { stdout: text }, RunOutputSchema);
    expect(parsed).toEqual(RunOutputSchema.parse(JSON.parse(text)));
    expect((parsed as Record<string, unknown>).future_field).toEqual({ kept: true });
  });
  it("an invalid entry deep in a large array is named by its path", () => {
    const doc = run(3000);
    (doc.materializations[2500] as Record<string, unknown>).duration_ms = "slow";
    (doc as Record<string, unknown>).tables_copied = "many";
    let error: unknown;
    try {
      parseOutput("run", { stdout: JSON.stringify(doc) }, RunOutputSchema);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RockyOutputParseError);
    const e = error as RockyOutputParseError;
    expect(e.kind).toBe("validation");
    expect(e.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(["materializations.2500.duration_ms", "tables_copied"]),
    );
    expect(e.message).toMatch(/materializations\[2500\]\.duration_ms/);
    expect(e.stdoutPreview.length).toBe(500);
    expect(e.stdoutBytes).toBeGreaterThan(100_000);
  });
  it("a systematically wrong output gives a bounded message and issue list", () => {
    const doc = run(3000);
    for (const m of doc.materializations) (m as Record<string, unknown>).duration_ms = "x";
    const e = (() => {
      try {
        parseOutput("run", { stdout: JSON.stringify(doc) }, RunOutputSchema);
      } catch (err) {
        return err as RockyOutputParseError;
      }
      throw new Error("expected a parse error");
    })();
    expect(e.issues).toHaveLength(100);
    expect(e.message).toMatch(/… and 2980 more issue\(s\)$/);
    expect(e.message.split("\n").length).toBeLessThan(60);
  });
});
