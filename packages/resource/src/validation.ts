import { nearestName } from "@dagster-rocky/core";
import { z } from "zod";
import { type ConfigIssue, RockyConfigError } from "./errors.js";
import { secretKeysOf } from "./value-rules.js";

/** @internal What `toIssues` may use to say what was given and which keys are known. */
export interface IssueContext {
  /** The value that was validated: each message then quotes what was given at its path. */
  readonly input?: unknown;
  /** The schema that was used: unknown keys are then matched to the nearest known key. */
  readonly schema?: z.ZodType;
  /** These top-level keys and paths under them never quote values (only their type): they may hold secrets. */
  readonly secretKeys?: readonly string[];
}

type Path = readonly PropertyKey[];

/**
 * @internal Turns zod issues into `{ path, message }` pairs with dotted paths. Every
 * message names the field, says what was given (when `context.input` is known)
 * and how to fix it; zod's generic texts ("Invalid input", "Unrecognized key")
 * are replaced, and an unknown key becomes one issue at its own path with the
 * nearest known key.
 */
export function toIssues(error: z.ZodError, context: IssueContext = {}): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = context.schema === undefined ? [] : knownKeysAt(context.schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const near = nearestName(key, known);
        const fix =
          near !== null
            ? `did you mean ${near}? Rename it to ${near}`
            : known.length > 0
              ? `remove it (known options: ${known.join(", ")})`
              : "remove it";
        out.push({ path: formatPath(path), message: `unknown option "${key}": ${fix}` });
      }
      continue;
    }
    out.push({ path: formatPath(issue.path), message: describeIssue(issue, context) });
  }
  return out;
}

const GENERIC = /^Invalid input/;

function describeIssue(issue: z.core.$ZodIssue, context: IssueContext): string {
  const field = formatPath(issue.path) || "options";
  const given = valueAt(context.input, issue.path);
  const secret = isSecretPath(issue.path, context.secretKeys ?? ["env"]);
  let message = issue.message;
  if (issue.code === "invalid_union") {
    // zod reports a union as "Invalid input"; the options' own messages say what is expected.
    const inner = issue.errors.flat().find((i) => !GENERIC.test(i.message));
    if (GENERIC.test(message)) message = inner?.message ?? `${field} has an unsupported value`;
  } else if (issue.code === "invalid_type" && GENERIC.test(message)) {
    if (given.present && given.value === undefined) return `${field} is required`;
    message = `${field} must be ${article(issue.expected)}`;
    if (!secret && issue.expected === "number" && typeof given.value === "string") {
      if (given.value.trim() !== "" && Number.isFinite(Number(given.value))) {
        message += ` (write ${given.value.trim()} without quotes)`;
      }
    }
  } else if (GENERIC.test(message)) {
    message = `${field} has an invalid value`;
  }
  if (issue.code === "invalid_value" && typeof given.value === "string" && !secret) {
    const near = nearestName(
      given.value,
      issue.values.filter((v): v is string => typeof v === "string"),
    );
    if (near !== null && near !== given.value) message += ` (did you mean "${near}"?)`;
  }
  if (given.present && !/; got /.test(message)) {
    message += `; got ${describeValue(given.value, secret)}`;
  }
  return message;
}

function formatPath(path: Path): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
    .join(".")
    .replace(/\.\[/g, "[");
}

function isSecretPath(path: Path, secretKeys: readonly string[]): boolean {
  return path.length >= 1 && typeof path[0] === "string" && secretKeys.includes(path[0]);
}

/** The value at `path` in `input`; `present` is false when the input is unknown or the path leaves it. */
function valueAt(input: unknown, path: Path): { present: boolean; value: unknown } {
  if (input === undefined) return { present: false, value: undefined };
  let value: unknown = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return { present: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value };
}

const MAX_QUOTED = 60;

/** A short, log-safe description of a value; `typeOnly` for values that may be secrets. */
function describeValue(value: unknown, typeOnly: boolean): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object";
  if (typeOnly) return article(typeof value);
  if (typeof value === "string") {
    const quoted = JSON.stringify(
      value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value,
    );
    return `the string ${quoted}`;
  }
  return `${typeof value === "bigint" ? `${value}n` : String(value)}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The keys of the object schema found at `path` (through optional, default, pipe, array, ...). */
function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  let candidates: z.ZodType[] = [schema];
  for (const key of [...path, null]) {
    const next: z.ZodType[] = [];
    for (const c of candidates.flatMap(unwrap)) {
      if (key === null) {
        if (c instanceof z.ZodObject) return Object.keys(c.shape).sort();
        continue;
      }
      if (c instanceof z.ZodObject && typeof key === "string" && Object.hasOwn(c.shape, key)) {
        next.push(c.shape[key] as z.ZodType);
      } else if (c instanceof z.ZodArray && typeof key === "number") {
        next.push(c.element as z.ZodType);
      }
    }
    candidates = next;
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodNullable
  ) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) {
    return [...unwrap(schema.in as z.ZodType), ...unwrap(schema.out as z.ZodType)];
  }
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(unwrap);
  return [schema];
}

/** @internal Parses `input` with `schema` or throws a RockyConfigError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  context: { command?: string | null; filePath?: string | null; context?: string } = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Options marked secret (value-rules.ts `secret`) are never quoted, nor is an env.
  const secretKeys = ["env", ...secretKeysOf(schema)];
  throw new RockyConfigError(toIssues(result.error, { schema, secretKeys }), context);
}
