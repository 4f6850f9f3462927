// One `command` value, several output shapes (`rocky lineage`, `rocky history`, `rocky apply`):
// a schema that picks the shape from the value itself and parses with that shape only, so a
// malformed output is reported against the shape it claims rather than as a union of all.
// Written by hand.
import { z } from "zod";

/**
 * A schema that parses with the schema `pick` chooses for the value. When `pick` returns
 * `undefined`, the value is refused with `unknownMessage(value)`.
 */
export function dispatchBy<T>(
  pick: (value: Record<string, unknown>) => z.ZodType<T> | undefined,
  unknownMessage: (value: unknown) => string,
): z.ZodType<T, unknown> {
  return z.unknown().transform((value, ctx): T => {
    const schema =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? pick(value as Record<string, unknown>)
        : undefined;
    if (schema === undefined) {
      ctx.addIssue({ code: "custom", message: unknownMessage(value), input: value });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: issue.message, path: [...issue.path], input: value });
    return z.NEVER;
  }) as unknown as z.ZodType<T, unknown>;
}

/** The `command` field of an output, when it is a string. */
export function commandField(value: Record<string, unknown>): string | undefined {
  return typeof value.command === "string" ? value.command : undefined;
}
