/**
 * rocky's project config (`rocky.toml`), read exactly as rocky-core reads it
 * (rocky 1.71.0, commit 98e7d385), for the guards that must judge the
 * document rocky will run: the quality-pipeline guard (run, plan, apply) and
 * stateHealth's `[state] backend`. The steps are those of rocky-core
 * config.rs `parse_rocky_config_str` (behind `load_rocky_config` and
 * `load_rocky_config_fingerprinted`):
 *
 * 1. read the file, UTF-8 required (`read_config_file`);
 * 2. substitute `${VAR}` and `${VAR:-default}` as text, before parsing, from
 *    the environment the child process gets (`substitute_env_vars_with_report`);
 * 3. parse the result as TOML 1.1 (the `toml` 1.1 crate; smol-toml here);
 * 4. remap deprecated keys (`apply_deprecations`: its registry
 *    `DEPRECATED_KEYS` is empty in 1.71, so nothing);
 * 5. normalise the shorthands (`normalize_toml_shorthands`);
 * 6. deserialise the pipelines (`RockyConfig.pipelines`, key `pipeline` with
 *    the alias `pipelines`; `PipelineConfig`'s own `Deserialize`);
 *
 * then select a pipeline like rocky-cli registry.rs `resolve_pipeline`.
 * Where rocky would refuse the config, and where a substituted value could
 * change the TOML structure (so a guard must never read another document
 * than rocky), the answer is "cannot tell": a reason, never a guess.
 * Reasons name variables, never their values (they may be secrets).
 */
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import type { Env } from "./shadow/decision.js";

/** Larger config files are not read: a guard refuses, stateHealth falls back. @internal */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The pipeline types rocky-core config.rs `PipelineConfig` deserialises (`type`). @internal */
export const PIPELINE_TYPES = [
  "replication",
  "transformation",
  "quality",
  "snapshot",
  "load",
] as const;
/** One of rocky's pipeline types. @internal */
export type PipelineType = (typeof PIPELINE_TYPES)[number];

/** A result, or why the config cannot be told (a sentence that never carries an env value). @internal */
export type ConfigRead<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly cause?: unknown };

const fail = (reason: string, cause?: unknown): { ok: false; reason: string; cause?: unknown } =>
  cause === undefined ? { ok: false, reason } : { ok: false, reason, cause };

/** The config as rocky sees it after loading. @internal */
export interface RockyConfig {
  /** The whole document after substitution, parsing and shorthand normalisation. */
  readonly document: Readonly<Record<string, unknown>>;
  /** Every pipeline (`[pipeline]` or its alias `[pipelines]`) and its type. */
  readonly pipelines: ReadonlyMap<string, PipelineType>;
  /** The variables substituted, in order (names only). */
  readonly substituted: readonly string[];
}

/** A config file read from disk: where, the exact bytes' digest, and what rocky makes of them. @internal */
export interface LoadedRockyConfig {
  /** Absolute path of the file read. */
  readonly path: string;
  /** sha256 (hex) of the bytes read, before substitution. */
  readonly sha256: string;
  readonly config: RockyConfig;
}

// ------------------------------------------------------------------ reading

/**
 * The config file's bytes: a regular file of at most `MAX_CONFIG_BYTES`,
 * read without blocking on a FIFO and never more than the cap plus one. @internal
 */
export async function readConfigBytes(
  path: string,
): Promise<ConfigRead<{ bytes: Buffer; sha256: string }>> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NONBLOCK: a FIFO at the path must not hang the open; it is refused below.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = await handle.stat();
    if (!stat.isFile()) return fail("the config file is not a regular file");
    if (stat.size > MAX_CONFIG_BYTES)
      return fail(`the config file is larger than ${MAX_CONFIG_BYTES} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    // To EOF: the file may have grown since fstat.
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, MAX_CONFIG_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MAX_CONFIG_BYTES)
        return fail(`the config file is larger than ${MAX_CONFIG_BYTES} bytes`);
    }
    const bytes = Buffer.concat(chunks, total);
    return { ok: true, value: { bytes, sha256: createHash("sha256").update(bytes).digest("hex") } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === "ENOENT"
        ? "the config file does not exist (configPath is resolved against cwd)"
        : `the config file cannot be read (${code ?? "error"})`,
      error,
    );
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * The file as rocky reads it: `std::fs::read_to_string` refuses bytes that
 * are not UTF-8 and keeps a byte-order mark (the TOML parser skips it). @internal
 */
export function decodeConfig(bytes: Uint8Array): ConfigRead<string> {
  try {
    return {
      ok: true,
      value: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes),
    };
  } catch {
    return fail("the config file is not UTF-8 (rocky refuses it)");
  }
}

/**
 * Reads `configPath` (resolved against `cwd`, as rocky resolves `--config`
 * in its working directory) and loads it like rocky, substituting from `env`. @internal
 */
export async function loadRockyConfig(req: {
  readonly configPath: string;
  readonly cwd: string;
  readonly env: Env;
}): Promise<ConfigRead<LoadedRockyConfig>> {
  const path = resolve(req.cwd, req.configPath);
  const read = await readConfigBytes(path);
  if (!read.ok) return read;
  const text = decodeConfig(read.value.bytes);
  if (!text.ok) return text;
  const config = await parseRockyConfig(text.value, req.env);
  if (!config.ok) return config;
  return { ok: true, value: { path, sha256: read.value.sha256, config: config.value } };
}

// ------------------------------------------------------------- substitution

/**
 * The child's environment as rocky's `std::env::var` sees it: Node's spawn
 * builds `environ` from `for (key in env)` (inherited enumerable keys too),
 * skipping undefined values, as `${key}=${value}` (node lib/child_process.js
 * `normalizeSpawnArguments`, which also copies `NODE_V8_COVERAGE` from
 * process.env when `env` lacks it); strings are sent as UTF-8 (a lone
 * surrogate becomes U+FFFD). `std::env::var` is glibc `getenv`: the first
 * entry that starts with `NAME=`; an empty name, or one with NUL (no C
 * string), is never set. @internal
 */
export function envLookup(env: Env): (name: string) => string | undefined {
  const environ: string[] = [];
  for (const key in env) {
    const value = env[key];
    if (value !== undefined) environ.push(wellFormed(`${key}=${value}`));
  }
  const coverage = process.env.NODE_V8_COVERAGE;
  if (coverage && !Object.hasOwn(env, "NODE_V8_COVERAGE"))
    environ.push(wellFormed(`NODE_V8_COVERAGE=${coverage}`));
  return (name) => {
    if (name === "" || name.includes("\u0000")) return undefined;
    const prefix = `${wellFormed(name)}=`;
    const entry = environ.find((e) => e.startsWith(prefix));
    return entry?.slice(prefix.length);
  };
}

/** What UTF-8 encoding makes of a JS string: each lone surrogate becomes U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
}

/** config.rs `ENV_VAR_RE`: `\$\{([^}]+)\}` (the class matches newlines too, as in Rust's regex). */
const ENV_VAR_RE = /\$\{([^}]+)\}/g;

/** One substitution: the variable's name and where its value sits in the output. @internal */
export interface Substitution {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Rust's `char::is_whitespace` (Unicode White_Space), which `str::trim_start` strips. */
const RUST_WHITESPACE =
  /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * rocky-core config.rs `substitute_env_vars_with_report`, step for step: a
 * placeholder on a line whose first non-whitespace character is `#` is kept
 * verbatim (whatever the line is inside: a multi-line string included, and a
 * trailing `# ...` comment is not such a line); `${VAR:-default}` takes the
 * default when VAR is unset or empty (the name ends at the first `:-`);
 * `${VAR}` unset is an error naming the first one missing (`MissingEnvVar`),
 * set but empty substitutes nothing. No escapes, one pass: a value is never
 * substituted again. @internal
 */
export function substituteEnvVars(
  input: string,
  lookup: (name: string) => string | undefined,
): ConfigRead<{ text: string; substitutions: readonly Substitution[] }> {
  let out = "";
  let last = 0;
  let firstMissing: string | undefined;
  const substitutions: Substitution[] = [];
  for (const m of input.matchAll(ENV_VAR_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    const lineStart = input.lastIndexOf("\n", start - 1) + 1;
    let first = lineStart;
    while (first < start && RUST_WHITESPACE.test(input[first] as string)) first++;
    if (input[first] === "#") continue; // a comment line: copied verbatim with the text around it
    out += input.slice(last, start);
    const expr = m[1] as string;
    const sep = expr.indexOf(":-");
    let name: string;
    let value: string | undefined;
    if (sep >= 0) {
      name = expr.slice(0, sep);
      const set = lookup(name);
      value = set === undefined || set === "" ? expr.slice(sep + 2) : set;
    } else {
      name = expr;
      value = lookup(name);
    }
    if (value === undefined) {
      firstMissing ??= name;
      out += m[0]; // rocky keeps the placeholder, then fails
    } else {
      substitutions.push({ name, start: out.length, end: out.length + value.length });
      out += value;
    }
    last = end;
  }
  if (firstMissing !== undefined)
    return fail(
      `environment variable ${printableName(firstMissing)} is not set in rocky's environment and has no default (rocky refuses the config)`,
    );
  out += input.slice(last);
  return { ok: true, value: { text: out, substitutions } };
}

/** A variable name for a message: a name is not a secret, but it may hold anything. */
function printableName(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

// ------------------------------------------------------ structure is rocky's

type LexState = "normal" | "comment" | "basic" | "literal" | "ml-basic" | "ml-literal";
/** In normal text: where a bare token would be a key, a value, or neither. */
type Slot = "key" | "value" | "none";

const BARE_KEY = /^[A-Za-z0-9_-]*$/;
const BARE_VALUE = /^[A-Za-z0-9_.:+-]*$/; // numbers, booleans, dates and times
// TOML: control characters other than tab are not allowed in strings or comments.
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what is matched
const CONTROL = /[\u0000-\u0008\n-\u001f\u007f]/;

function contains(value: string, re: RegExp): boolean {
  return re.test(value);
}

/**
 * Why a substituted value would shape the TOML rather than sit inside one
 * token of it, or null. Inside a string it must not close the string or
 * escape (no quote of that string, no backslash, no control character: no
 * newline); in a comment, no control character; in bare text only a bare
 * key (`A-Za-z0-9_-`, no dot: a dot splits keys) or a bare value (digits,
 * letters, `_ . : + -`). rocky parses the same text, but a value that
 * carries TOML is refused: the guard must never depend on reading such a
 * document exactly as rocky does.
 */
function valueShapesToml(value: string, state: LexState, slot: Slot): string | null {
  if (value === "") return null;
  if (value.includes("\n") || value.includes("\r")) return "it contains a newline";
  switch (state) {
    case "comment":
      return contains(value, CONTROL) ? "it contains a control character" : null;
    case "basic":
    case "ml-basic":
      if (value.includes('"')) return "it contains a double quote inside a string";
      if (value.includes("\\")) return "it contains a backslash inside a string";
      return contains(value, CONTROL) ? "it contains a control character" : null;
    case "literal":
    case "ml-literal":
      if (value.includes("'")) return "it contains a single quote inside a literal string";
      return contains(value, CONTROL) ? "it contains a control character" : null;
    default:
      if (value.includes('"') || value.includes("'")) return "it contains a quote outside a string";
      if (slot === "key")
        return BARE_KEY.test(value)
          ? null
          : "it is not a bare key (letters, digits, _ and - only) where a key stands";
      if (slot === "value")
        return BARE_VALUE.test(value)
          ? null
          : "it is not a plain number, boolean, date or word where a value stands outside a string";
      return "it stands where no value or key belongs";
  }
}

/** The TOML lexer's position and context while substituted values are checked. */
interface Lexer {
  readonly text: string;
  i: number;
  state: LexState;
  slot: Slot;
  readonly stack: ("header" | "array" | "inline")[];
}

/** The length of the run of `quote`s at the lexer's position (3+ closes a multi-line string). */
function quoteRun(lx: Lexer, quote: string): number {
  let n = 0;
  while (lx.text[lx.i + n] === quote) n++;
  return n;
}

/**
 * One step inside a comment or a string; a substituted value right after a
 * backslash (`next`, the next substitution) refuses the text.
 */
function lexQuoted(lx: Lexer, c: string, next: Substitution | undefined): string | null {
  switch (lx.state) {
    case "comment":
      if (c === "\n") {
        lx.state = "normal";
        if (lx.stack.length === 0) lx.slot = "key";
      }
      lx.i++;
      return null;
    case "basic":
    case "ml-basic":
      if (c === "\\") {
        if (next !== undefined && next.start === lx.i + 1 && next.end > next.start)
          return "it follows a backslash inside a string";
        lx.i += 2;
      } else if (lx.state === "basic" && (c === '"' || c === "\n")) {
        lx.state = "normal";
        lx.i++;
      } else if (lx.state === "ml-basic" && c === '"' && quoteRun(lx, '"') >= 3) {
        lx.i += quoteRun(lx, '"');
        lx.state = "normal";
      } else lx.i++;
      return null;
    case "literal":
      if (c === "'" || c === "\n") lx.state = "normal";
      lx.i++;
      return null;
    default:
      // ml-literal
      if (c === "'" && quoteRun(lx, "'") >= 3) {
        lx.i += quoteRun(lx, "'");
        lx.state = "normal";
      } else lx.i++;
      return null;
  }
}

/** One step outside strings and comments: how many characters the token at `lx.i` takes. */
function lexNormal(lx: Lexer, c: string): number {
  const { text, i, stack } = lx;
  switch (c) {
    case "#":
      lx.state = "comment";
      return 1;
    case '"':
      lx.state = text.startsWith('"""', i) ? "ml-basic" : "basic";
      return lx.state === "ml-basic" ? 3 : 1;
    case "'":
      lx.state = text.startsWith("'''", i) ? "ml-literal" : "literal";
      return lx.state === "ml-literal" ? 3 : 1;
    case "\n":
      if (stack.length === 0) lx.slot = "key";
      return 1;
    case "[":
      if (lx.slot === "key" && stack.length === 0) {
        stack.push("header");
        return text[i + 1] === "[" ? 2 : 1;
      }
      stack.push("array");
      lx.slot = "value";
      return 1;
    case "]":
      if (stack.pop() === "header") {
        lx.slot = "none";
        return text[i + 1] === "]" ? 2 : 1;
      }
      lx.slot = "value";
      return 1;
    case "{":
      stack.push("inline");
      lx.slot = "key";
      return 1;
    case "}":
      stack.pop();
      lx.slot = "value";
      return 1;
    case "=":
      lx.slot = "value";
      return 1;
    case ",":
      lx.slot = stack.at(-1) === "inline" ? "key" : "value";
      return 1;
    default:
      return 1;
  }
}

/**
 * Scans the substituted text as TOML's lexer would (strings, comments,
 * headers, arrays, inline tables) and checks each substituted value against
 * the token it lands in; null when every one stays inside its token. @internal
 */
export function substitutionShapingToml(
  text: string,
  substitutions: readonly Substitution[],
): { name: string; why: string } | null {
  const lx: Lexer = { text, i: 0, state: "normal", slot: "key", stack: [] };
  let next = 0;
  while (lx.i <= text.length) {
    while (next < substitutions.length && (substitutions[next] as Substitution).start <= lx.i) {
      const s = substitutions[next] as Substitution;
      next++;
      if (s.start < lx.i) continue; // an empty value an escape stepped over
      const why = valueShapesToml(text.slice(s.start, s.end), lx.state, lx.slot);
      if (why !== null) return { name: s.name, why };
      // Checked values cannot change the lexer's state: step over them.
      if (s.end > lx.i) lx.i = s.end;
    }
    if (lx.i >= text.length) break;
    const c = text[lx.i] as string;
    if (lx.state === "normal") {
      lx.i += lexNormal(lx, c);
      continue;
    }
    const refused = lexQuoted(lx, c, substitutions[next]);
    if (refused !== null) return { name: (substitutions[next] as Substitution).name, why: refused };
  }
  return null;
}

// ------------------------------------------------------------------ parsing

/**
 * Loads config text like rocky-core config.rs `parse_rocky_config_str`:
 * substitution (from the child's `env`), TOML, shorthands, pipelines. @internal
 */
export async function parseRockyConfig(text: string, env: Env): Promise<ConfigRead<RockyConfig>> {
  const sub = substituteEnvVars(text, envLookup(env));
  if (!sub.ok) return sub;
  const shaping = substitutionShapingToml(sub.value.text, sub.value.substitutions);
  if (shaping !== null)
    return fail(
      `the value of environment variable ${printableName(shaping.name)} substituted into it could change the TOML structure (${shaping.why})`,
    );
  let document: Record<string, unknown>;
  try {
    // Loaded lazily: only a guarded call or stateHealth pays for the parser.
    const { parse } = await import("smol-toml");
    document = parse(sub.value.text) as Record<string, unknown>;
  } catch (error) {
    // The parser's message quotes the source, substituted secrets included: position only.
    const at = error as { line?: unknown; column?: unknown };
    const where =
      typeof at.line === "number" && typeof at.column === "number"
        ? ` (line ${at.line}, column ${at.column})`
        : "";
    return fail(`the config is not valid TOML after substitution${where}`);
  }
  // config.rs `apply_deprecations`: `DEPRECATED_KEYS` is empty in 1.71, nothing is remapped.
  normalizeShorthands(document);
  const pipelines = pipelinesOf(document);
  if (!pipelines.ok) return pipelines;
  return {
    ok: true,
    value: {
      document,
      pipelines: pipelines.value,
      substituted: sub.value.substitutions.map((s) => s.name),
    },
  };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** config.rs `is_bare_pipeline`: keys that only a single pipeline's table has. */
const BARE_PIPELINE_KEYS = ["source", "type", "models", "tables", "unique_key", "source_dir"];

/**
 * config.rs `normalize_toml_shorthands`: a bare `[adapter]` (it has `type`)
 * becomes `[adapter.default]`, and a bare `[pipeline]` (it has one of
 * `BARE_PIPELINE_KEYS`) becomes `[pipeline.default]`, whatever else it
 * holds (a `[pipeline.default]` sub-table then is one of its fields).
 * Only the key `pipeline`: a bare `[pipelines]` is not normalised. @internal
 */
export function normalizeShorthands(document: Record<string, unknown>): void {
  const adapter = document.adapter;
  if (isTable(adapter) && Object.hasOwn(adapter, "type")) document.adapter = wrap(adapter);
  const pipeline = document.pipeline;
  if (isTable(pipeline) && BARE_PIPELINE_KEYS.some((k) => Object.hasOwn(pipeline, k)))
    document.pipeline = wrap(pipeline);
}

function wrap(value: unknown): Record<string, unknown> {
  const table: Record<string, unknown> = Object.create(null);
  table.default = value;
  return table;
}

/**
 * `RockyConfig.pipelines` (`#[serde(rename = "pipeline", alias = "pipelines")]`):
 * both keys at once is serde's duplicate field; every entry must deserialise
 * as `PipelineConfig`, whose `type` is read with `as_str` (a missing or
 * non-string `type` is replication) and must name a known type.
 */
function pipelinesOf(document: Record<string, unknown>): ConfigRead<Map<string, PipelineType>> {
  const hasSingular = Object.hasOwn(document, "pipeline");
  const hasPlural = Object.hasOwn(document, "pipelines");
  if (hasSingular && hasPlural)
    return fail("it has both [pipeline] and [pipelines] tables (rocky refuses the duplicate)");
  const map = hasSingular ? document.pipeline : hasPlural ? document.pipelines : {};
  if (!isTable(map)) return fail("its pipeline entry is not a table");
  const out = new Map<string, PipelineType>();
  for (const [name, entry] of Object.entries(map)) {
    if (!isTable(entry))
      return fail(`[pipeline.${name}] is not a table (rocky refuses the config)`);
    const type = typeof entry.type === "string" ? entry.type : "replication";
    if (!(PIPELINE_TYPES as readonly string[]).includes(type))
      return fail(
        `[pipeline.${name}] has an unknown type ${JSON.stringify(type)} (rocky refuses the config)`,
      );
    out.set(name, type as PipelineType);
  }
  return { ok: true, value: out };
}

/** A selected pipeline. @internal */
export interface SelectedPipeline {
  readonly name: string;
  readonly type: PipelineType;
}

/**
 * rocky-cli registry.rs `resolve_pipeline`: the named pipeline, else the
 * only one; none or several without a name is rocky's error. @internal
 */
export function resolvePipeline(
  config: RockyConfig,
  name: string | undefined,
): ConfigRead<SelectedPipeline> {
  const names = [...config.pipelines.keys()];
  if (name !== undefined) {
    const type = config.pipelines.get(name);
    if (type === undefined)
      return fail(
        `pipeline ${JSON.stringify(name)} is not defined there (defined: ${names.join(", ") || "none"})`,
      );
    return { ok: true, value: { name, type } };
  }
  if (names.length === 1) {
    const only = names[0] as string;
    return { ok: true, value: { name: only, type: config.pipelines.get(only) as PipelineType } };
  }
  if (names.length === 0) return fail("it defines no pipeline");
  return fail(
    `it defines several pipelines (${names.join(", ")}) and no pipeline option was given`,
  );
}
