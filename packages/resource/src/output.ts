import { z } from "zod";
import { RockyOutputParseError, STDOUT_PREVIEW_CHARS } from "./errors.js";

/** A validation error shows this many issues in its message and keeps this many in `issues`. */
const MAX_ISSUES_SHOWN = 20;
const MAX_ISSUES_KEPT = 100;

/**
 * rocky's stdout, owned by the parser: once parsed, the (possibly 50 MB)
 * text is released before validation, keeping only what an error needs.
 */
export interface StdoutSource {
  stdout: string;
  preview?: string;
  bytes?: number;
}

function release(source: StdoutSource): void {
  if (source.preview === undefined) {
    source.bytes = Buffer.byteLength(source.stdout, "utf8");
    // A copy, not a slice: a V8 sliced string would keep the whole text alive.
    source.preview = Buffer.from(source.stdout.slice(0, STDOUT_PREVIEW_CHARS), "utf8").toString(
      "utf8",
    );
  }
  source.stdout = "";
}

function parseError(
  source: StdoutSource,
  fields: Omit<ConstructorParameters<typeof RockyOutputParseError>[0], "stdout">,
): RockyOutputParseError {
  return new RockyOutputParseError({
    ...fields,
    stdout: source.preview ?? source.stdout,
    ...((source.bytes ?? undefined) === undefined ? {} : { stdoutBytes: source.bytes as number }),
  });
}

/** Parses rocky's stdout as JSON. */
export function parseOutput(command: string, source: StdoutSource): unknown;
/** Parses rocky's stdout (or an already parsed value) and validates it against `schema`. */
export function parseOutput<S extends z.ZodType>(
  command: string,
  source: StdoutSource,
  schema: S,
  json?: unknown,
  pathPrefix?: readonly PropertyKey[],
): z.output<S>;
export function parseOutput(
  command: string,
  source: StdoutSource,
  schema?: z.ZodType,
  json?: unknown,
  pathPrefix: readonly PropertyKey[] = [],
): unknown {
  let value = json;
  if (value === undefined) {
    try {
      value = JSON.parse(source.stdout);
    } catch (error) {
      const detail = source.stdout.trim() === "" ? "stdout was empty" : (error as Error).message;
      throw parseError(source, { command, kind: "json", detail, cause: error });
    }
  }
  if (schema === undefined) return value;
  release(source);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    ...issue,
    path: [...pathPrefix, ...issue.path],
  }));
  // Bounded: a systematically wrong output can have one issue per table.
  const shown = new z.ZodError(issues.slice(0, MAX_ISSUES_SHOWN) as z.core.$ZodIssue[]);
  const more = issues.length - MAX_ISSUES_SHOWN;
  throw parseError(source, {
    command,
    kind: "validation",
    detail: z.prettifyError(shown) + (more > 0 ? `\n… and ${more} more issue(s)` : ""),
    issues: issues
      .slice(0, MAX_ISSUES_KEPT)
      .map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    cause: shown,
  });
}
