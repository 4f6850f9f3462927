// Human-readable reports of `rocky compare` (shadow vs production): Markdown for
// a PR comment or a GitHub job summary, plain text for terminals.
//
// Everything in a CompareOutput comes from the warehouse or a newer engine, so
// the renderer trusts nothing: table names may hold pipes, newlines or HTML, a
// verdict may be a value this version does not know, a field may be missing.
// Output is deterministic (input order, fixed number formats, no dates).
import { appendFile } from "node:fs/promises";
import type { CompareOutput } from "./schemas/index.js";

/** How `renderCompareReport` formats: Markdown (job summaries, PR comments) or plain text. */
export type CompareReportFormat = "markdown" | "text";

/** Options of `renderCompareReport`. */
export interface CompareReportOptions {
  /** `"markdown"` (job summaries, PR comments) or `"text"` (a terminal). */
  readonly format: CompareReportFormat;
  /**
   * ANSI colours on the text format's verdicts (ignored for Markdown).
   * Default: on only when stdout is a TTY and NO_COLOR is unset or empty.
   */
  readonly color?: boolean | undefined;
}

/** Options of `writeJobSummary`. */
export interface JobSummaryOptions {
  /** Environment to read `GITHUB_STEP_SUMMARY` from (default: `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Longest table name shown before it is cut (with "…"), so one name cannot swamp the table. */
const MAX_NAME_CHARS = 120;
const MISSING = "—";

const MARKDOWN_MARKS: Readonly<Record<string, string>> = { pass: "✅", warn: "⚠️", fail: "❌" };
const TEXT_LABELS: Readonly<Record<string, string>> = { pass: "PASS", warn: "WARN", fail: "FAIL" };
/** Shown next to a verdict this version does not know (a newer engine's). */
const NEUTRAL_MARK = "❔";
const ANSI: Readonly<Record<string, string>> = {
  pass: "\u001b[32m",
  warn: "\u001b[33m",
  fail: "\u001b[31m",
};
const ANSI_RESET = "\u001b[0m";

const HEADERS = [
  "Production table",
  "Shadow table",
  "Production rows",
  "Shadow rows",
  "Difference",
  "Schema differences",
  "Verdict",
] as const;
/** Numeric columns are right-aligned. */
const RIGHT = [false, false, true, true, true, false, false] as const;

/**
 * Renders a `rocky compare` result as a side-by-side table (one row per table,
 * in the order given) followed by the totals and the overall verdict.
 * Never throws on odd input: unknown verdicts render as themselves with a
 * neutral mark and missing fields as "—".
 */
export function renderCompareReport(result: CompareOutput, options: CompareReportOptions): string {
  const format = options.format;
  if (format === "markdown") return renderMarkdown(result);
  if (format === "text") return renderText(result, options.color ?? defaultColor());
  throw new TypeError(`format must be "markdown" or "text", got ${JSON.stringify(format)}`);
}

/**
 * Appends `report` and a newline to the file named by `GITHUB_STEP_SUMMARY`
 * (GitHub Actions shows it on the run page). Does nothing when the variable is
 * unset or empty. Resolves to whether it wrote; a write error rejects.
 */
export async function writeJobSummary(
  report: string,
  options: JobSummaryOptions = {},
): Promise<boolean> {
  const path = (options.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (path === undefined || path === "") return false;
  await appendFile(path, `${report}\n`, "utf8");
  return true;
}

// ------------------------------------------------------------------ markdown

function renderMarkdown(result: CompareOutput): string {
  const r = asRecord(result);
  const rows = resultsOf(r);
  const lines = [`### Shadow vs production: ${mdVerdict(r.overall_verdict, true)}`, ""];
  const about = [
    r.filter === undefined || r.filter === null ? null : `Filter: ${mdText(r.filter)}`,
    r.version === undefined || r.version === null ? null : `rocky ${mdText(r.version)}`,
  ].filter((s) => s !== null);
  if (about.length > 0) lines.push(about.join(" · "), "");
  if (rows.length === 0) {
    lines.push("No tables were compared.", "");
  } else {
    lines.push(
      `| ${HEADERS.join(" | ")} |`,
      `| ${RIGHT.map((right) => (right ? "---:" : "---")).join(" | ")} |`,
    );
    for (const row of rows) {
      const cells = [
        mdName(row.production_table),
        mdName(row.shadow_table),
        count(row.production_count),
        count(row.shadow_count),
        percent(row.row_count_diff_pct),
        mdSchema(row),
        mdVerdict(row.verdict, false),
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("");
  }
  lines.push(
    `**Totals:** ${totals(r)}`,
    "",
    `**Overall verdict:** ${mdVerdict(r.overall_verdict, false)}`,
  );
  return lines.join("\n");
}

function mdVerdict(verdict: unknown, upper: boolean): string {
  if (typeof verdict !== "string" || verdict === "") return MISSING;
  const known = Object.hasOwn(MARKDOWN_MARKS, verdict);
  const mark = known ? MARKDOWN_MARKS[verdict] : NEUTRAL_MARK;
  // Case first, escaping second: upper-casing "&amp;" would corrupt the entity.
  const word = upper ? verdict.toUpperCase() : verdict;
  return `${mark} ${known ? word : mdText(truncate(word))}`;
}

function mdSchema(row: Record<string, unknown>): string {
  const diffs = row.schema_diffs;
  if (Array.isArray(diffs) && diffs.length > 0) return diffs.map((d) => mdText(d)).join("<br>");
  if (row.schema_match === false) return "mismatch";
  if (Array.isArray(diffs) || row.schema_match === true) return "none";
  return MISSING;
}

function mdName(value: unknown): string {
  if (typeof value !== "string" || value === "") return MISSING;
  return mdText(truncate(value));
}

/**
 * Makes an engine string inert inside a GFM table cell: control characters and
 * newlines collapse to one space (a newline would end the row), HTML-significant
 * characters become entities, and Markdown punctuation is backslash-escaped.
 * Pipes are escaped with a backslash, and so is every backslash, so `\|` in the
 * input can never leave a bare cell delimiter behind (cmark-gfm and micromark
 * both read `\\\|` as a literal backslash and pipe).
 */
/** @internal Shared with preview-report.ts. */
export function mdText(value: unknown): string {
  const text = collapse(String(value));
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    switch (ch) {
      case "&":
        out += "&amp;";
        break;
      case "<":
        out += "&lt;";
        break;
      case ">":
        out += "&gt;";
        break;
      case "_": {
        // A run of underscores between two letters or digits can never open or
        // close emphasis; leave those alone so snake_case names stay readable.
        let end = i;
        while (text[end + 1] === "_") end++;
        const inert = isWordChar(text[i - 1]) && isWordChar(text[end + 1]);
        out += (inert ? "_" : "\\_").repeat(end - i + 1);
        i = end;
        break;
      }
      case "\\":
      case "`":
      case "*":
      case "~":
      case "[":
      case "]":
      case "|":
      case "#":
      case "$":
      case "!":
        out += `\\${ch}`;
        break;
      default:
        out += ch;
    }
  }
  return out;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z0-9]$/.test(ch);
}

// ---------------------------------------------------------------------- text

function renderText(result: CompareOutput, color: boolean): string {
  const r = asRecord(result);
  const rows = resultsOf(r);
  const paint = (verdict: unknown, label: string): string => {
    const code =
      typeof verdict === "string" && Object.hasOwn(ANSI, verdict) ? ANSI[verdict] : undefined;
    return color && code !== undefined ? `${code}${label}${ANSI_RESET}` : label;
  };
  const lines = [
    `Shadow vs production: ${paint(r.overall_verdict, textVerdict(r.overall_verdict))}`,
  ];
  const about = [
    r.filter === undefined || r.filter === null ? null : `Filter: ${textOf(r.filter)}`,
    r.version === undefined || r.version === null ? null : `rocky ${textOf(r.version)}`,
  ].filter((s) => s !== null);
  if (about.length > 0) lines.push(about.join("  "));
  lines.push("");

  const details: string[] = [];
  if (rows.length === 0) {
    lines.push("No tables were compared.");
  } else {
    const table: { cells: string[]; verdict: unknown }[] = rows.map((row) => {
      const diffs = Array.isArray(row.schema_diffs) ? row.schema_diffs : null;
      if (diffs !== null && diffs.length > 0) {
        details.push(
          `  ${textName(row.production_table)}`,
          ...diffs.map((d) => `    - ${textOf(d)}`),
        );
      }
      return {
        cells: [
          textName(row.production_table),
          textName(row.shadow_table),
          count(row.production_count),
          count(row.shadow_count),
          percent(row.row_count_diff_pct),
          textSchema(row, diffs),
          textVerdict(row.verdict),
        ],
        verdict: row.verdict,
      };
    });
    const headers = HEADERS.map((h) => h.toUpperCase());
    const widths = headers.map((h, i) =>
      Math.max(width(h), ...table.map((t) => width(t.cells[i] as string))),
    );
    const last = headers.length - 1;
    const line = (cells: readonly string[], verdict?: unknown): string =>
      cells
        .map((cell, i) => {
          // The verdict is the last column: no padding after it, so colour codes never skew alignment.
          if (i === last) return verdict === undefined ? cell : paint(verdict, cell);
          const pad = " ".repeat((widths[i] as number) - width(cell));
          return RIGHT[i] ? pad + cell : cell + pad;
        })
        .join("  ")
        .trimEnd();
    lines.push(line(headers), ...table.map((t) => line(t.cells, t.verdict)));
  }
  if (details.length > 0) lines.push("", "Schema differences:", ...details);
  lines.push(
    "",
    `Totals: ${totals(r)}`,
    `Overall verdict: ${paint(r.overall_verdict, textVerdict(r.overall_verdict))}`,
  );
  return lines.join("\n");
}

function textVerdict(verdict: unknown): string {
  if (typeof verdict !== "string" || verdict === "") return MISSING;
  return Object.hasOwn(TEXT_LABELS, verdict)
    ? (TEXT_LABELS[verdict] as string)
    : `? ${textOf(truncate(verdict))}`;
}

function textSchema(row: Record<string, unknown>, diffs: readonly unknown[] | null): string {
  if (diffs !== null && diffs.length > 0) return `${diffs.length} (below)`;
  if (row.schema_match === false) return "mismatch";
  if (diffs !== null || row.schema_match === true) return "none";
  return MISSING;
}

function textName(value: unknown): string {
  if (typeof value !== "string" || value === "") return MISSING;
  return textOf(truncate(value));
}

/** Control characters (ESC included, so no terminal escape sequence survives) collapse to one space. */
/** @internal Shared with preview-report.ts. */
export function textOf(value: unknown): string {
  return collapse(String(value));
}

/** Display width in code points; good enough for names, which are mostly ASCII. */
function width(s: string): number {
  return Array.from(s).length;
}

function defaultColor(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stdout.isTTY === true && (noColor === undefined || noColor === "");
}

// -------------------------------------------------------------------- shared

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function resultsOf(r: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(r.results) ? r.results.map(asRecord) : [];
}

function totals(r: Record<string, unknown>): string {
  return [
    `${count(r.tables_compared)} compared`,
    `${count(r.tables_passed)} passed`,
    `${count(r.tables_warned)} warned`,
    `${count(r.tables_failed)} failed`,
  ].join(", ");
}

/** Integers with "," thousands separators, independent of the locale. */
/** @internal Shared with preview-report.ts. */
export function count(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  if (!Number.isInteger(value)) return String(value);
  const digits = BigInt(value).toString();
  const sign = digits.startsWith("-") ? "-" : "";
  return sign + digits.slice(sign.length).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** rocky's `row_count_diff_pct` is a fraction (0.02 = 2%), like the thresholds. */
function percent(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return MISSING;
  const fixed = (value * 100).toFixed(2);
  return `${fixed === "-0.00" ? "0.00" : fixed}%`;
}

// C0 and C1 controls, DEL, the Unicode line/paragraph separators, and the
// bidirectional controls (which could make one name display as another).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

function collapse(s: string): string {
  return s.replace(CONTROL, " ");
}

/** @internal Shared with preview-report.ts. */
export function truncate(s: string): string {
  const chars = Array.from(s);
  return chars.length <= MAX_NAME_CHARS ? s : `${chars.slice(0, MAX_NAME_CHARS - 1).join("")}…`;
}
