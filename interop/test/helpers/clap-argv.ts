// argv as rocky's clap reads it, for comparing what two clients spawned: `--flag=value` and
// `--flag value` are one argument, named flags are unordered (positionals keep their order),
// everything after `--` is positional, JSON-valued flags compare as JSON.

/**
 * Flags rocky declares without a value: every `#[arg(long)]` `bool` field of
 * engine/rocky/src/main.rs (rocky 1.71.0, commit 98e7d385), except `--check`, which is a
 * switch of `rocky fmt` only and takes a value on `rocky doctor`.
 */
export const SWITCHES: ReadonlySet<string> = new Set([
  "--alerts",
  "--all",
  "--all-tables",
  "--allow-breaking",
  "--allow-warehouse",
  "--apply",
  "--approve",
  "--assume-fresh-state",
  "--audit",
  "--calibrate-bytes",
  "--column-lineage",
  "--dag",
  "--declarative",
  "--defer",
  "--derivable",
  "--downstream",
  "--drift",
  "--dry-run",
  "--exceptions-only",
  "--execute",
  "--expand-macros",
  "--force-rebuild",
  "--from-last-run",
  "--keep",
  "--latest",
  "--measure-dedup",
  "--missing",
  "--no-cache",
  "--no-downstream",
  "--no-manifest",
  "--no-prune",
  "--no-reuse",
  "--overwrite",
  "--queue",
  "--resume-latest",
  "--retry",
  "--rolling-stats",
  "--save",
  "--scheduler",
  "--scorecard",
  "--semantic",
  "--shadow",
  "--skip-approval",
  "--skip-unchanged",
  "--skip-unit-tests",
  "--status",
  "--stdio",
  "--trend",
  "--truncate",
  "--upstream",
  "--verbose",
  "--verify",
  "--warehouse",
  "--watch",
  "--with-data",
  "--with-intent",
  "--with-schemas",
  "--with-seed",
]);

/** Flags whose value is JSON (rocky parses it): compared as JSON, not as text. */
export const JSON_FLAGS: ReadonlySet<string> = new Set([
  "--governance-override",
  "--thresholds",
  "--adapter-config",
]);

const canonicalJson = (text: string): string => {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)));
  } catch {
    return text;
  }
};

export type Flag = [string, string | true];

export interface ParsedArgv {
  globals: Flag[];
  /** The command words (`plan`, `branch promote`): the leading non-flag tokens after the globals. */
  verb: string[];
  positionals: string[];
  flags: Flag[];
}

/** Subcommand words rocky's verbs take (a second word is a subcommand, not a positional). */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  branch: ["approve", "promote", "list", "show", "compare", "create", "delete"],
  plan: ["promote"],
  product: ["verify", "compile", "approve", "status", "list", "journal"],
  hooks: ["list", "test"],
  preview: ["create", "diff", "cost"],
  state: ["reconcile-watermark", "schedule"],
  package: ["add", "update", "list", "remove"],
};

const byKey = (a: Flag, b: Flag) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

/** argv as clap sees it: global flags, the command words, positionals, and the verb's flags (sorted). */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const out: ParsedArgv = { globals: [], verb: [], positionals: [], flags: [] };
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (rest) {
      out.positionals.push(token);
      continue;
    }
    if (token === "--" && out.verb.length > 0) {
      rest = true;
      continue;
    }
    const target = out.verb.length === 0 ? out.globals : out.flags;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = eq === -1 ? token : token.slice(0, eq);
      let value: string | true;
      if (eq !== -1) value = token.slice(eq + 1);
      else if (SWITCHES.has(name)) value = true;
      else value = argv[++i] ?? "";
      if (typeof value === "string" && JSON_FLAGS.has(name)) value = canonicalJson(value);
      target.push([name, value]);
    } else if (out.verb.length === 0) out.verb.push(token);
    else if (
      out.verb.length === 1 &&
      out.positionals.length === 0 &&
      out.flags.length === 0 &&
      (SUBCOMMANDS[out.verb[0] as string] ?? []).includes(token)
    )
      out.verb.push(token);
    else out.positionals.push(token);
  }
  out.globals.sort(byKey);
  out.flags.sort(byKey);
  return out;
}

/** The same argument list, as clap reads it. */
export const sameArgv = (a: ParsedArgv, b: ParsedArgv): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
