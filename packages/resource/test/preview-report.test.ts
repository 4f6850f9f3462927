import { describe, expect, it } from "vitest";
import { renderPreviewReport } from "../src/index.js";
import type { PreviewCostOutput, PreviewDiffOutput } from "../src/schemas/index.js";

const diff = (name: string): PreviewDiffOutput =>
  ({
    version: "1.71.0",
    command: "preview-diff",
    branch_name: "pr_1",
    base_ref: "main",
    markdown: "",
    models: [
      {
        model_name: name,
        structural: {
          added_columns: ["a|b"],
          type_changes: [{ name: "c", from: "INT", to: "BIGINT" }],
        },
        algorithm: {
          kind: "bisection",
          diff: { rows_added: 1200, rows_removed: 1, rows_changed: 0 },
          bisection_stats: {},
        },
      },
    ],
    summary: {
      models_with_changes: 1,
      models_unchanged: 0,
      total_rows_added: 1200,
      total_rows_removed: 1,
      total_rows_changed: 0,
      any_coverage_warning: true,
    },
  }) as unknown as PreviewDiffOutput;

const cost = {
  version: "1.71.0",
  command: "preview-cost",
  branch_name: "pr_1",
  branch_run_id: "r",
  markdown: "",
  per_model: [
    {
      model_name: "m",
      base_cost_usd: null,
      branch_cost_usd: 1,
      delta_usd: 0.5,
      base_duration_ms: 1,
      branch_duration_ms: 1,
      skipped_via_copy: false,
    },
  ],
  summary: { models_skipped_via_copy: 0, total_branch_duration_ms: 1, delta_usd: 0.5 },
} as unknown as PreviewCostOutput;

describe("renderPreviewReport: engine strings never break the Markdown", () => {
  it("pipes, newlines and HTML in a model name stay inside one cell", () => {
    const md = renderPreviewReport({ diff: diff("x|y\n<script>") }, { format: "markdown" });
    const row = md.split("\n").find((l) => l.includes("script"));
    expect(row).toBe("| x\\|y &lt;script&gt; | 1,200 | 1 | 0 | +a\\|b, c: INT → BIGINT |");
    expect(md).toContain("Some changes may lie outside the sampling window");
  });

  it("missing costs render as —, deltas carry a sign", () => {
    const md = renderPreviewReport({ cost }, { format: "markdown" });
    expect(md).toContain("| m | — | $1.00 | +$0.50 | no |");
    expect(md).toContain("**Total:** base —, branch —, delta +$0.50");
  });

  it("text format has no Markdown and no terminal escapes", () => {
    const text = renderPreviewReport({ diff: diff("e\u001b[31mvil"), cost }, { format: "text" });
    expect(text).not.toContain("\u001b");
    expect(text.split("\n").some((l) => l.startsWith("|") || l.startsWith("#"))).toBe(false);
    expect(text).toMatch(/^Preview pr_1/);
  });

  it("an unknown format is a TypeError", () => {
    expect(() => renderPreviewReport({}, { format: "html" as never })).toThrow(TypeError);
  });
});
