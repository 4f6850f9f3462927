// renderCompareReport and writeJobSummary. Inputs are hand-written CompareResult
// values shaped like rocky's compare.schema.json (row_count_diff_pct is a
// fraction, as in the engine); no process is spawned here.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CompareResult, renderCompareReport, writeJobSummary } from "../src/index.js";
import { tempDir } from "./helpers.js";

type Row = CompareResult["results"][number];

const row = (table: string, over: Partial<Row> = {}): Row => ({
  production_table: `warehouse.staging__acme.${table}`,
  shadow_table: `warehouse.staging__acme.${table}_dagster_pr_42`,
  production_count: 12_345,
  shadow_count: 12_345,
  row_count_match: true,
  row_count_diff_pct: 0,
  schema_match: true,
  schema_diffs: [],
  verdict: "pass",
  ...over,
});

const output = (results: Row[], over: Partial<CompareResult> = {}): CompareResult => {
  const n = (v: string) => results.filter((r) => r.verdict === v).length;
  return {
    version: "1.71.0",
    command: "compare",
    filter: "tenant=acme",
    tables_compared: results.length,
    tables_passed: n("pass"),
    tables_warned: n("warn"),
    tables_failed: n("fail"),
    overall_verdict: n("fail") > 0 ? "fail" : n("warn") > 0 ? "warn" : "pass",
    results,
    ...over,
  };
};

const ALL_PASS = output([
  row("orders"),
  row("customers", { production_count: 1_000_000, shadow_count: 1_000_000 }),
]);
const WARNING = output([
  row("orders"),
  row("customers", {
    shadow_count: 12_592,
    row_count_match: false,
    row_count_diff_pct: 0.02,
    verdict: "warn",
  }),
]);
const FAILING = output([
  row("orders"),
  row("payments", {
    schema_match: false,
    schema_diffs: [
      'ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }',
      'ColumnRemoved { name: "legacy_id" }',
    ],
    verdict: "fail",
  }),
]);

const md = (o: CompareResult) => renderCompareReport(o, { format: "markdown" });
const text = (o: CompareResult, color = false) => renderCompareReport(o, { format: "text", color });

/** The cells of each Markdown table row (split on pipes that are not backslash-escaped). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe("markdown: a side-by-side table, then totals and the overall verdict", () => {
  it("all pass", () => {
    expect(md(ALL_PASS)).toMatchInlineSnapshot(`
      "### Shadow vs production: ✅ PASS

      Filter: tenant=acme · rocky 1.71.0

      | Production table | Shadow table | Production rows | Shadow rows | Difference | Schema differences | Verdict |
      | --- | --- | ---: | ---: | ---: | --- | --- |
      | warehouse.staging__acme.orders | warehouse.staging__acme.orders_dagster_pr_42 | 12,345 | 12,345 | 0.00% | none | ✅ pass |
      | warehouse.staging__acme.customers | warehouse.staging__acme.customers_dagster_pr_42 | 1,000,000 | 1,000,000 | 0.00% | none | ✅ pass |

      **Totals:** 2 compared, 2 passed, 0 warned, 0 failed

      **Overall verdict:** ✅ pass"
    `);
  });
  it("a warning", () => {
    expect(md(WARNING)).toMatchInlineSnapshot(`
      "### Shadow vs production: ⚠️ WARN

      Filter: tenant=acme · rocky 1.71.0

      | Production table | Shadow table | Production rows | Shadow rows | Difference | Schema differences | Verdict |
      | --- | --- | ---: | ---: | ---: | --- | --- |
      | warehouse.staging__acme.orders | warehouse.staging__acme.orders_dagster_pr_42 | 12,345 | 12,345 | 0.00% | none | ✅ pass |
      | warehouse.staging__acme.customers | warehouse.staging__acme.customers_dagster_pr_42 | 12,345 | 12,592 | 2.00% | none | ⚠️ warn |

      **Totals:** 2 compared, 1 passed, 1 warned, 0 failed

      **Overall verdict:** ⚠️ warn"
    `);
  });
  it("a failing table with a schema difference", () => {
    expect(md(FAILING)).toMatchInlineSnapshot(`
      "### Shadow vs production: ❌ FAIL

      Filter: tenant=acme · rocky 1.71.0

      | Production table | Shadow table | Production rows | Shadow rows | Difference | Schema differences | Verdict |
      | --- | --- | ---: | ---: | ---: | --- | --- |
      | warehouse.staging__acme.orders | warehouse.staging__acme.orders_dagster_pr_42 | 12,345 | 12,345 | 0.00% | none | ✅ pass |
      | warehouse.staging__acme.payments | warehouse.staging__acme.payments_dagster_pr_42 | 12,345 | 12,345 | 0.00% | ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }<br>ColumnRemoved { name: "legacy_id" } | ❌ fail |

      **Totals:** 2 compared, 1 passed, 0 warned, 1 failed

      **Overall verdict:** ❌ fail"
    `);
  });
  it("no tables compared is said in words, not an empty table", () => {
    const out = md(output([]));
    expect(out).toContain("No tables were compared.");
    expect(tableRows(out)).toEqual([]);
  });
});

describe("text: aligned columns, no colour codes unless asked", () => {
  it("all pass", () => {
    expect(text(ALL_PASS)).toMatchInlineSnapshot(`
      "Shadow vs production: PASS
      Filter: tenant=acme  rocky 1.71.0

      PRODUCTION TABLE                   SHADOW TABLE                                     PRODUCTION ROWS  SHADOW ROWS  DIFFERENCE  SCHEMA DIFFERENCES  VERDICT
      warehouse.staging__acme.orders     warehouse.staging__acme.orders_dagster_pr_42              12,345       12,345       0.00%  none                PASS
      warehouse.staging__acme.customers  warehouse.staging__acme.customers_dagster_pr_42        1,000,000    1,000,000       0.00%  none                PASS

      Totals: 2 compared, 2 passed, 0 warned, 0 failed
      Overall verdict: PASS"
    `);
  });
  it("a warning", () => {
    expect(text(WARNING)).toMatchInlineSnapshot(`
      "Shadow vs production: WARN
      Filter: tenant=acme  rocky 1.71.0

      PRODUCTION TABLE                   SHADOW TABLE                                     PRODUCTION ROWS  SHADOW ROWS  DIFFERENCE  SCHEMA DIFFERENCES  VERDICT
      warehouse.staging__acme.orders     warehouse.staging__acme.orders_dagster_pr_42              12,345       12,345       0.00%  none                PASS
      warehouse.staging__acme.customers  warehouse.staging__acme.customers_dagster_pr_42           12,345       12,592       2.00%  none                WARN

      Totals: 2 compared, 1 passed, 1 warned, 0 failed
      Overall verdict: WARN"
    `);
  });
  it("a failing table lists its schema differences under the table", () => {
    expect(text(FAILING)).toMatchInlineSnapshot(`
      "Shadow vs production: FAIL
      Filter: tenant=acme  rocky 1.71.0

      PRODUCTION TABLE                  SHADOW TABLE                                    PRODUCTION ROWS  SHADOW ROWS  DIFFERENCE  SCHEMA DIFFERENCES  VERDICT
      warehouse.staging__acme.orders    warehouse.staging__acme.orders_dagster_pr_42             12,345       12,345       0.00%  none                PASS
      warehouse.staging__acme.payments  warehouse.staging__acme.payments_dagster_pr_42           12,345       12,345       0.00%  2 (below)           FAIL

      Schema differences:
        warehouse.staging__acme.payments
          - ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }
          - ColumnRemoved { name: "legacy_id" }

      Totals: 2 compared, 1 passed, 0 warned, 1 failed
      Overall verdict: FAIL"
    `);
  });
  it("every row starts each column at the same offset", () => {
    const lines = text(WARNING).split("\n");
    const header = lines.find((l) => l.startsWith("PRODUCTION TABLE")) as string;
    const body = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header) + 3);
    const shadowAt = header.indexOf("SHADOW TABLE");
    const verdictAt = header.indexOf("VERDICT");
    for (const l of body) {
      expect(l.slice(shadowAt)).toMatch(/^warehouse\.staging__acme\.\w+_dagster_pr_42 /);
      expect(["PASS", "WARN"]).toContain(l.slice(verdictAt));
    }
  });
});

describe("colour", () => {
  it("color: true paints verdicts green/yellow/red and nothing else", () => {
    const out = text(FAILING, true);
    expect(out).toContain("\u001b[32mPASS\u001b[0m");
    expect(out).toContain("\u001b[31mFAIL\u001b[0m");
    expect(text(WARNING, true)).toContain("\u001b[33mWARN\u001b[0m");
    // Stripping the codes gives back exactly the uncoloured report.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI codes are the subject.
    expect(out.replace(/\u001b\[\d+m/g, "")).toBe(text(FAILING, false));
  });
  it("color: false has no escape character at all", () => {
    for (const o of [ALL_PASS, WARNING, FAILING]) expect(text(o, false)).not.toContain("\u001b");
  });
  it("markdown never carries colour codes", () => {
    expect(renderCompareReport(FAILING, { format: "markdown", color: true })).not.toContain(
      "\u001b",
    );
  });
  it("the default follows NO_COLOR and stdout being a TTY", () => {
    const saved = {
      noColor: process.env.NO_COLOR,
      tty: Object.getOwnPropertyDescriptor(process.stdout, "isTTY"),
    };
    try {
      Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
      delete process.env.NO_COLOR;
      expect(renderCompareReport(FAILING, { format: "text" })).toContain("\u001b[31m");
      process.env.NO_COLOR = "1";
      expect(renderCompareReport(FAILING, { format: "text" })).not.toContain("\u001b");
      delete process.env.NO_COLOR;
      Object.defineProperty(process.stdout, "isTTY", { value: false, configurable: true });
      expect(renderCompareReport(FAILING, { format: "text" })).not.toContain("\u001b");
    } finally {
      if (saved.tty === undefined) delete (process.stdout as { isTTY?: boolean }).isTTY;
      else Object.defineProperty(process.stdout, "isTTY", saved.tty);
      if (saved.noColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved.noColor;
    }
  });
});

describe("hostile table names cannot break the Markdown table", () => {
  const HOSTILE = [
    "a|b",
    "a\\|b",
    "ends\\",
    "tick`s``",
    "line\nbreak\r\nand\ttab",
    "<script>alert(1)</script>",
    "# heading",
    "**bold** _em_ ~~del~~ [link](http://x) ![img](y) $x$",
    "&amp; entity",
    "esc\u001b[31mred",
    "rtl\u202eevil",
    "x".repeat(500),
  ];
  const hostile = output(
    HOSTILE.map((name, i) =>
      row(`t${i}`, {
        production_table: name,
        shadow_table: `${name}_dagster_pr_42`,
        schema_diffs: i === 0 ? ["col | type\nchanged <b>"] : [],
        schema_match: i !== 0,
        verdict: i === 0 ? "fail" : "pass",
      }),
    ),
    { filter: "tenant=<acme>|x" },
  );
  const out = md(hostile);

  it("every row keeps exactly seven cells and one line", () => {
    const rows = tableRows(out);
    expect(rows).toHaveLength(HOSTILE.length + 2);
    for (const cells of rows) expect(cells).toHaveLength(7);
    expect(out.split("\n").filter((l) => l.startsWith("| "))).toHaveLength(HOSTILE.length + 2);
  });
  it("no raw HTML, no control characters, no unescaped Markdown specials survive", () => {
    expect(out).not.toMatch(/<(?!br>)/);
    expect(out).not.toContain(">alert");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the subject.
    expect(out.replace(/\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    const cells = tableRows(out).slice(2).flat();
    for (const cell of cells) expect(cell).not.toMatch(/(?<!\\)[`*[\]~|$#]/);
  });
  it("each hostile name is escaped predictably", () => {
    const names = tableRows(out)
      .slice(2)
      .map((cells) => cells[0]);
    expect(names.slice(0, 11)).toEqual([
      "a\\|b",
      "a\\\\\\|b",
      "ends\\\\",
      "tick\\`s\\`\\`",
      "line break and tab",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      "\\# heading",
      "\\*\\*bold\\*\\* \\_em\\_ \\~\\~del\\~\\~ \\[link\\](http://x) \\!\\[img\\](y) \\$x\\$",
      "&amp;amp; entity",
      "esc \\[31mred",
      "rtl evil",
    ]);
  });
  it("a very long name is cut to 120 characters with an ellipsis", () => {
    const long = tableRows(out)[HOSTILE.length + 1]?.[0];
    expect(long).toBe(`${"x".repeat(119)}…`);
  });
  it("schema differences and the filter are escaped too", () => {
    expect(tableRows(out)[2]?.[5]).toBe("col \\| type changed &lt;b&gt;");
    expect(out).toContain("Filter: tenant=&lt;acme&gt;\\|x");
  });
  it("the text format strips terminal escapes from names", () => {
    const t = text(hostile);
    expect(t).not.toContain("\u001b");
    expect(t).toContain("esc [31mred");
  });
});

describe("a newer engine's output renders without throwing", () => {
  const newer = output([row("orders", { verdict: "drifted" }), row("customers")], {
    overall_verdict: "inconclusive",
  });
  it("unknown verdicts render as themselves with a neutral mark", () => {
    const out = md(newer);
    expect(tableRows(out)[2]?.[6]).toBe("❔ drifted");
    expect(out).toContain("### Shadow vs production: ❔ INCONCLUSIVE");
    expect(out).toContain("**Overall verdict:** ❔ inconclusive");
    const t = text(newer, true);
    expect(t).toMatch(/ \? drifted$/m);
    expect(t).toContain("Overall verdict: ? inconclusive");
    // A neutral verdict gets no colour.
    expect(t).not.toContain("drifted\u001b");
  });
  it("verdicts named like Object.prototype members are unknown, not looked up", () => {
    const out = md(
      output([row("a", { verdict: "constructor" }), row("b", { verdict: "__proto__" })]),
    );
    expect(tableRows(out).map((c) => c[6])).toEqual([
      "Verdict",
      "---",
      "❔ constructor",
      "❔ \\_\\_proto\\_\\_",
    ]);
    expect(text(output([row("a", { verdict: "toString" })]))).toMatch(/ \? toString$/m);
  });
  it("an unknown verdict is escaped like any engine string", () => {
    const out = md(output([row("orders", { verdict: "<b>|x" })]));
    expect(tableRows(out)[2]?.[6]).toBe("❔ &lt;b&gt;\\|x");
  });
  it("missing optional fields render as —", () => {
    const partial = {
      command: "compare",
      results: [{ production_table: "warehouse.s.orders", verdict: "pass" }],
    } as unknown as CompareResult;
    expect(tableRows(md(partial))[2]).toEqual([
      "warehouse.s.orders",
      "—",
      "—",
      "—",
      "—",
      "—",
      "✅ pass",
    ]);
    expect(md(partial)).toContain("**Totals:** — compared, — passed, — warned, — failed");
    expect(md(partial)).toContain("**Overall verdict:** —");
    expect(text(partial)).toContain("Overall verdict: —");
  });
  it("non-finite and huge numbers stay readable", () => {
    const out = md(
      output([
        row("orders", {
          production_count: 2 ** 53 + 2,
          shadow_count: Number.NaN,
          row_count_diff_pct: -0,
        }),
      ]),
    );
    expect(tableRows(out)[2]?.slice(2, 5)).toEqual(["9,007,199,254,740,994", "—", "0.00%"]);
  });
  it("fixed two-decimal percentages from rocky's fractions", () => {
    const out = md(
      output([row("a", { row_count_diff_pct: 0.12345 }), row("b", { row_count_diff_pct: 1 })]),
    );
    expect(tableRows(out).map((c) => c[4])).toEqual(["Difference", "---:", "12.35%", "100.00%"]);
  });
  it("an unknown format is a TypeError", () => {
    expect(() => renderCompareReport(ALL_PASS, { format: "html" as "text" })).toThrow(TypeError);
  });
});

describe("deterministic output", () => {
  it("the same input renders identically, in the order given", () => {
    const reversed = output([...FAILING.results].reverse());
    expect(md(FAILING)).toBe(md(structuredClone(FAILING)));
    const names = (o: CompareResult) =>
      tableRows(md(o))
        .slice(2)
        .map((c) => c[0]);
    expect(names(reversed)).toEqual([...names(FAILING)].reverse());
  });
});

describe("writeJobSummary appends to GITHUB_STEP_SUMMARY", () => {
  it("appends the report and a newline, and says it wrote", async () => {
    const file = join(await tempDir(), "summary.md");
    await writeFile(file, "# earlier step\n");
    expect(await writeJobSummary("report one", { env: { GITHUB_STEP_SUMMARY: file } })).toBe(true);
    expect(await readFile(file, "utf8")).toBe("# earlier step\nreport one\n");
  });
  it("appends twice in order, creating the file if needed", async () => {
    const file = join(await tempDir(), "summary.md");
    const env = { GITHUB_STEP_SUMMARY: file };
    expect(await writeJobSummary(md(ALL_PASS), { env })).toBe(true);
    expect(await writeJobSummary(md(FAILING), { env })).toBe(true);
    expect(await readFile(file, "utf8")).toBe(`${md(ALL_PASS)}\n${md(FAILING)}\n`);
  });
  it("does nothing without the variable (or with it empty), and reads process.env by default", async () => {
    const file = join(await tempDir(), "summary.md");
    await writeFile(file, "before\n");
    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      // An explicit env is the only one read: process.env's file is left alone.
      expect(await writeJobSummary("x", { env: {} })).toBe(false);
      expect(await writeJobSummary("x", { env: { GITHUB_STEP_SUMMARY: "" } })).toBe(false);
      expect(await readFile(file, "utf8")).toBe("before\n");
      expect(await writeJobSummary("y")).toBe(true);
      expect(await readFile(file, "utf8")).toBe("before\ny\n");
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
  });
  it("a write error rejects instead of being swallowed", async () => {
    const dir = await tempDir();
    await expect(writeJobSummary("x", { env: { GITHUB_STEP_SUMMARY: dir } })).rejects.toThrow(
      /EISDIR/,
    );
  });
});
