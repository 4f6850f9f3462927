import { readFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, resolve, sep } from "node:path";
import { RockyConfigError } from "./errors.js";
import { findJsonSyntaxError } from "./json-syntax.js";

const CONTEXT = "RockyResource config";

/**
 * Options holding a path that a config file may set. A relative one is resolved
 * against the file's folder (as with tsconfig or docker-compose), so the file
 * means the same thing from any working directory.
 */
export const CONFIG_FILE_PATH_OPTIONS = [
  "cwd",
  "configPath",
  "statePath",
  "modelsDir",
  "contractsDir",
] as const;

/**
 * Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`, anything else) options file.
 * Errors carry the resolved path and, for a syntax error, one line:column and
 * what is wrong there in our own words: never the file's text (an options
 * file may hold a token next to the mistake).
 * Relative paths written in the file are resolved against the file's folder;
 * `binaryPath` only when it contains a path separator (a bare name is looked up on PATH).
 */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  const filePath = resolve(path);
  const fail = (message: string): never => {
    throw new RockyConfigError([{ path: "", message }], { filePath, context: CONTEXT });
  };
  let text = "";
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      code === "ENOENT"
        ? `the file does not exist (resolved from ${JSON.stringify(path)} against ${process.cwd()}); check the path or the working directory`
        : code === "EISDIR"
          ? "this is a directory; pass the path of a .yaml, .yml or .json file"
          : `cannot read the file (${code ?? String(error)}); check its permissions`,
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is not content
  const value =
    extname(filePath).toLowerCase() === ".json"
      ? parseJson(text, fail)
      : await parseYaml(text, fail);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const given =
      value === null ? "an empty document" : Array.isArray(value) ? "a list" : typeof value;
    fail(
      `the file must hold a mapping of options, such as "shadowMode: branch_deploy"; got ${given}`,
    );
  }
  return resolvePaths(value as Record<string, unknown>, dirname(filePath));
}

function resolvePaths(options: Record<string, unknown>, folder: string): Record<string, unknown> {
  const out = { ...options };
  const relative = (v: unknown): v is string => typeof v === "string" && v !== "" && !isAbsolute(v);
  for (const key of CONFIG_FILE_PATH_OPTIONS) {
    const v = out[key];
    if (relative(v)) out[key] = resolve(folder, v);
  }
  const bin = out.binaryPath;
  if (relative(bin) && (bin.includes("/") || bin.includes(sep)))
    out.binaryPath = resolve(folder, bin);
  return out;
}

/** JSON.parse; a syntax error is reported at a line:column, V8's message (which quotes the source) unused. */
function parseJson(text: string, fail: (message: string) => never): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const found = findJsonSyntaxError(text) ?? { offset: text.length, message: "a syntax error" };
    const { line, column } = lineColumn(text, found.offset);
    return fail(`not valid JSON at line ${line}, column ${column}: ${found.message}`);
  }
}

/**
 * What each YAML error code means, in our words: the parser's own messages
 * may quote the source (`Invalid escape sequence \q`, `Unresolved tag: !x`,
 * `Block scalar header includes extra characters: |x`).
 */
const YAML_MESSAGES: Readonly<Record<string, string>> = {
  ALIAS_PROPS: "an alias (*name) cannot have an anchor or a tag",
  BAD_ALIAS: "an empty or ambiguous anchor or alias name",
  BAD_COLLECTION_TYPE: "a tag that does not fit this collection",
  BAD_DIRECTIVE: "an invalid % directive",
  BAD_DQ_ESCAPE:
    "an invalid escape sequence in a double-quoted string (a backslash is written \\\\; or use single quotes)",
  BAD_INDENT:
    "bad indentation: items of one mapping or list start at the same column, and a [ or { value is indented and closed",
  BAD_PROP_ORDER: "an anchor or tag in the wrong place",
  BAD_SCALAR_START: "a value cannot start with a reserved character (@ ` | > % ...): quote it",
  BLOCK_AS_IMPLICIT_KEY:
    "a nested mapping on the same line as its key: put it on the next line, indented",
  BLOCK_IN_FLOW: "an indented (block) collection inside [ ] or { }",
  DUPLICATE_KEY: "this key appears twice in the same mapping; keys must be unique",
  IMPOSSIBLE: "a YAML syntax error",
  KEY_OVER_1024_CHARS: "a key longer than 1024 characters",
  MISSING_CHAR:
    'a character is missing here (a ":" or "," or a closing bracket, or a space after ":" or before "#")',
  MULTIPLE_ANCHORS: "a value with two anchors",
  MULTIPLE_DOCS: "several documents in one file; keep one",
  MULTIPLE_TAGS: "a value with two tags",
  NON_STRING_KEY: "a key that is not a plain string",
  RESOURCE_EXHAUSTION: "aliases that expand to too much data",
  TAB_AS_INDENT: "Tabs are not allowed as indentation; indent with spaces",
  TAG_RESOLVE_FAILED: "an unknown tag (!...)",
  UNEXPECTED_TOKEN: "unexpected content here (an extra character, or a missing quote or bracket?)",
};

/** YAML, loaded on first use (only this function needs it): one error, at the line to fix. */
async function parseYaml(text: string, fail: (message: string) => never): Promise<unknown> {
  const yaml = await import("yaml");
  // logLevel "error": the parser must not print warnings (quoting the source) on stderr.
  const doc = yaml.parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "error",
  });
  if (doc.errors.length === 0) {
    try {
      return doc.toJS({ maxAliasCount: 100 });
    } catch {
      // An alias with no anchor before it, or aliases that expand too far (the error names the alias).
      const at = lineColumn(text, firstAliasOffset(yaml, doc));
      return fail(
        `not valid YAML at line ${at.line}, column ${at.column}: an alias (*name) without an anchor (&name) defined before it, or aliases that expand to too much data`,
      );
    }
  }
  // The parser often reports one mistake several times (an over-indented key is
  // "nested mapping in compact mapping" and "implicit key on several lines" at
  // the end of the line above): report the first mistake only.
  const first = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  const atFirst = doc.errors.filter((e) => e.pos[0] === first?.pos[0]);
  const multiline = atFirst.find((e) => e.code === "MULTILINE_IMPLICIT_KEY");
  const error = multiline ?? first ?? doc.errors[0];
  let at = lineColumn(text, error?.pos[0] ?? 0);
  let column = at.column;
  let what = YAML_MESSAGES[error?.code ?? "IMPOSSIBLE"] ?? "a YAML syntax error";
  if (multiline !== undefined) {
    // A key spread over several lines: either it is indented under the line above
    // (then the key's own line is the one to fix) or the line above has no ": ".
    const end = lineColumn(text, multiline.pos[1]);
    if (indentation(text, end.line) > indentation(text, at.line)) {
      at = end;
      what =
        "this key is indented more than the key above it, so it was read as part of that value; indent keys of one mapping equally";
    } else {
      what = 'this line has no "key: value" (a missing ":" after the key?)';
    }
    column = indentation(text, at.line) + 1;
  } else if (/^Missing closing ['"]quote/.test(error?.message ?? "")) {
    // Reported where the file ends; the line to fix is the one that opened the quote.
    const quote = /^Missing closing (['"])/.exec(error?.message ?? "")?.[1] ?? '"';
    const opened = text.lastIndexOf(quote, Math.max(0, (error?.pos[0] ?? 0) - 1));
    if (opened >= 0) at = lineColumn(text, opened);
    column = at.column;
    what = `a string opened with ${quote} is never closed`;
  } else if (error?.code !== "TAB_AS_INDENT") {
    // A position inside the indentation means the item on that line: point at it.
    column = Math.max(at.column, indentation(text, at.line) + 1);
  }
  const line = at.line;
  return fail(`not valid YAML at line ${line}, column ${column}: ${what}`);
}

/** Where the first alias (`*name`) without an anchor starts, else the first alias, else 0. */
function firstAliasOffset(yaml: typeof import("yaml"), doc: import("yaml").Document): number {
  let unresolved: number | undefined;
  let first: number | undefined;
  yaml.visit(doc, {
    Alias(_key, node) {
      first ??= node.range?.[0];
      if (node.resolve(doc) !== undefined) return undefined;
      unresolved = node.range?.[0];
      return yaml.visit.BREAK;
    },
  });
  return unresolved ?? first ?? 0;
}

/** 1-based line and column of a UTF-16 offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** How many blank characters start line `line` (1-based). */
function indentation(text: string, line: number): number {
  const content = text.split("\n")[line - 1] ?? "";
  return content.length - content.trimStart().length;
}
