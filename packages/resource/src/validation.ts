import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";
import { type ConfigIssue, RockyConfigError } from "./errors.js";

/** @internal Turns zod issues into `{ path, message }` pairs with dotted paths. */
export function toIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replace(/\.\[/g, "["),
    message: issue.message,
  }));
}

/** @internal Parses `input` with `schema` or throws a RockyConfigError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  context: { command?: string | null; filePath?: string | null; context?: string } = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new RockyConfigError(toIssues(result.error), context);
}

const NUL = "\u0000";

/** @internal A string that can travel in argv: no NUL (the OS would truncate or reject it). */
export const argString = (what: string) =>
  z.string({ error: `${what} must be a string` }).refine((v) => !v.includes(NUL), {
    error: `${what} must not contain a NUL character`,
  });

/** A non-empty argv string. @internal */
export const nonEmptyArg = (what: string) =>
  argString(what).refine((v) => v.length > 0, { error: `${what} must not be empty` });

/** Rocky's identifier rule (core's `isRockyIdentifier`, the one copy of it). @internal */
export const identifier = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine(isRockyIdentifier, {
      error: `${what} must match ^[A-Za-z0-9_]+$ (ASCII letters, digits, _)`,
    })
    // For editors reading the generated JSON Schema only; validation is the refine above.
    .meta({ pattern: "^[A-Za-z0-9_]+$" });
