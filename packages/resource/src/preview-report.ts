// Human-readable report of a PR preview (`rocky preview diff` and `rocky
// preview cost`): Markdown for a PR comment or job summary, plain text for
// terminals, like renderCompareReport. Everything comes from the warehouse or
// a newer engine, so every string is escaped and odd input renders as "—".
import { count, mdText, textOf, truncate } from "./compare-report.js";
import type { PreviewCostOutput, PreviewDiffOutput } from "./schemas/index.js";

/** The outputs `renderPreviewReport` renders; either may be omitted. */
export interface PreviewReportInput {
  /** `previewDiff()`'s result. */
  readonly diff?: PreviewDiffOutput | undefined;
  /** `previewCost()`'s result. */
  readonly cost?: PreviewCostOutput | undefined;
}

/** Options of `renderPreviewReport`. */
export interface PreviewReportOptions {
  /** Markdown (PR comments, job summaries) or plain text. */
  readonly format: "markdown" | "text";
}

const MISSING = "—";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === "object" ? (v as Rec) : {});
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);

function usd(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  const sign = value < 0 ? "-" : "";
  return `${sign}$${Math.abs(value).toFixed(2)}`;
}

function signedUsd(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  return value > 0 ? `+${usd(value)}` : usd(value);
}

/** The row counts of one model's diff, whichever algorithm produced them. */
function rowsOf(model: Rec): Rec {
  const algorithm = rec(model.algorithm);
  if (algorithm.kind === "sampled") return rec(algorithm.sampled);
  if (algorithm.kind === "bisection") return rec(algorithm.diff);
  return {};
}

function schemaChanges(model: Rec, esc: (v: unknown) => string): string {
  const s = rec(model.structural);
  const parts: string[] = [];
  for (const c of Array.isArray(s.added_columns) ? s.added_columns : []) parts.push(`+${esc(c)}`);
  for (const c of Array.isArray(s.removed_columns) ? s.removed_columns : [])
    parts.push(`-${esc(c)}`);
  for (const t of list(s.type_changes)) {
    parts.push(`${esc(t.name)}: ${esc(t.from)} → ${esc(t.to)}`);
  }
  return parts.length === 0 ? "none" : parts.join(", ");
}

function table(headers: readonly string[], rows: readonly string[][], markdown: boolean): string[] {
  if (markdown) {
    return [
      `| ${headers.join(" | ")} |`,
      `| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
      ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
  }
  const widths = headers.map((h, i) =>
    Math.max(Array.from(h).length, ...rows.map((r) => Array.from(r[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + " ".repeat((widths[i] ?? 0) - Array.from(c).length))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function diffSection(diff: PreviewDiffOutput, markdown: boolean): string[] {
  const d = rec(diff);
  const esc = (v: unknown) =>
    markdown ? mdText(truncate(String(v))) : textOf(truncate(String(v)));
  const summary = rec(d.summary);
  const lines = [
    markdown ? `#### Data diff against ${esc(d.base_ref)}` : `Data diff against ${esc(d.base_ref)}`,
    "",
  ];
  if (typeof d.base_note === "string" && d.base_note !== "") lines.push(esc(d.base_note), "");
  const models = list(d.models);
  if (models.length === 0) lines.push("No models were compared.", "");
  else {
    const rows = models.map((m) => {
      const r = rowsOf(m);
      return [
        esc(m.model_name),
        count(r.rows_added),
        count(r.rows_removed),
        count(r.rows_changed),
        schemaChanges(m, esc),
      ];
    });
    lines.push(
      ...table(
        ["Model", "Rows added", "Rows removed", "Rows changed", "Schema changes"],
        rows,
        markdown,
      ),
      "",
    );
  }
  const bold = (s: string) => (markdown ? `**${s}**` : s);
  lines.push(
    `${bold("Totals:")} ${count(summary.models_with_changes)} changed, ${count(summary.models_unchanged)} unchanged; rows +${count(summary.total_rows_added)} / -${count(summary.total_rows_removed)} / ~${count(summary.total_rows_changed)}`,
  );
  if (summary.any_coverage_warning === true) {
    lines.push(
      "",
      `${markdown ? "⚠️ " : "WARNING: "}Some changes may lie outside the sampling window; a clean sample does not prove "no change".`,
    );
  }
  return lines;
}

function costSection(cost: PreviewCostOutput, markdown: boolean): string[] {
  const c = rec(cost);
  const esc = (v: unknown) =>
    markdown ? mdText(truncate(String(v))) : textOf(truncate(String(v)));
  const bold = (s: string) => (markdown ? `**${s}**` : s);
  const lines = [markdown ? "#### Cost" : "Cost", ""];
  const models = list(c.per_model);
  if (models.length === 0) lines.push("No model costs were reported.", "");
  else {
    const rows = models.map((m) => [
      esc(m.model_name),
      usd(m.base_cost_usd),
      usd(m.branch_cost_usd),
      signedUsd(m.delta_usd),
      m.skipped_via_copy === true ? "yes" : "no",
    ]);
    lines.push(...table(["Model", "Base", "Branch", "Delta", "Copied"], rows, markdown), "");
  }
  const s = rec(c.summary);
  lines.push(
    `${bold("Total:")} base ${usd(s.total_base_cost_usd)}, branch ${usd(s.total_branch_cost_usd)}, delta ${signedUsd(s.delta_usd)}`,
  );
  const breaches = [
    ...list(c.projected_budget_breaches).map(
      (b) => `${esc(b.limit_type)}: ${esc(b.actual)} > ${esc(b.limit)}`,
    ),
    ...list(c.projected_per_model_budget_breaches).map(
      (b) =>
        `${esc(b.model_name)} ${esc(b.limit_type)}: ${esc(b.actual)} > ${esc(b.limit)} (${esc(b.on_breach)})`,
    ),
  ];
  if (breaches.length > 0) {
    lines.push("", `${markdown ? "❌ " : ""}${bold("Projected budget breaches:")}`);
    for (const b of breaches) lines.push(`- ${b}`);
  }
  return lines;
}

/**
 * Renders a PR preview's data diff and cost (the results of `previewDiff()`
 * and `previewCost()`) as one report: Markdown for a PR comment (post it, or
 * pass it to `writeJobSummary`), or plain text. Engine strings are escaped,
 * never trusted; missing fields render as "—". Never throws on odd input.
 */
export function renderPreviewReport(
  input: PreviewReportInput,
  options: PreviewReportOptions,
): string {
  const format = options.format;
  if (format !== "markdown" && format !== "text") {
    throw new TypeError(`format must be "markdown" or "text", got ${JSON.stringify(format)}`);
  }
  const markdown = format === "markdown";
  const diff = input.diff;
  const cost = input.cost;
  const name = rec(diff).branch_name ?? rec(cost).branch_name;
  const shown =
    typeof name === "string" && name !== ""
      ? markdown
        ? mdText(truncate(name))
        : textOf(truncate(name))
      : MISSING;
  const lines = [markdown ? `### Preview ${shown}` : `Preview ${shown}`, ""];
  if (diff !== undefined) lines.push(...diffSection(diff, markdown), "");
  if (cost !== undefined) lines.push(...costSection(cost, markdown), "");
  if (diff === undefined && cost === undefined) lines.push("No preview results.", "");
  return lines.join("\n").trimEnd();
}
