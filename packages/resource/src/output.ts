import { z } from "zod";
import { RockyOutputParseError } from "./errors.js";

/** Parses rocky's stdout as JSON. */
export function parseOutput(command: string, stdout: string): unknown;
/** Parses rocky's stdout (or an already parsed value) and validates it against `schema`. */
export function parseOutput<S extends z.ZodType>(
  command: string,
  stdout: string,
  schema: S,
  json?: unknown,
  pathPrefix?: readonly PropertyKey[],
): z.output<S>;
export function parseOutput(
  command: string,
  stdout: string,
  schema?: z.ZodType,
  json?: unknown,
  pathPrefix: readonly PropertyKey[] = [],
): unknown {
  let value = json;
  if (value === undefined) {
    try {
      value = JSON.parse(stdout);
    } catch (error) {
      const detail = stdout.trim() === "" ? "stdout was empty" : (error as Error).message;
      throw new RockyOutputParseError({ command, kind: "json", detail, stdout, cause: error });
    }
  }
  if (schema === undefined) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    ...issue,
    path: [...pathPrefix, ...issue.path],
  }));
  const prefixed = new z.ZodError(issues as z.core.$ZodIssue[]);
  throw new RockyOutputParseError({
    command,
    kind: "validation",
    detail: z.prettifyError(prefixed),
    stdout,
    issues: issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    cause: prefixed,
  });
}
