// Building blocks shared by the rocky output schemas.
//
// Two rules hold for every schema in this folder:
// - objects are loose (`z.looseObject`): a field added by a newer engine never
//   fails a parse and is kept in the parsed value;
// - enums are open (`openEnum`): a value added by a newer engine is accepted as
//   a plain string, while the known values stay visible in the TypeScript type.
import { z } from "zod";

/** A string union that also admits any other string without collapsing to `string`. */
export type OpenEnum<T extends string> = T | (string & {});

/** The zod schema built by {@link openEnum}. */
export type OpenEnumSchema<T extends readonly [string, ...string[]]> = z.ZodUnion<
  [z.ZodEnum<{ [K in T[number]]: K }>, z.ZodType<string & {}, string>]
>;

/**
 * An enum that accepts any string. The inferred type is
 * `"A" | "B" | (string & {})`, so editors still offer the known values while a
 * value introduced by a newer rocky engine parses instead of throwing away the
 * whole command output. Use {@link isKnownValue} to narrow.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): OpenEnumSchema<T> {
  const other: z.ZodType<string & {}, string> = z.string();
  return z.union([z.enum(values), other]) as OpenEnumSchema<T>;
}

/** The known values of a schema built by {@link openEnum}. */
export function knownValues<T extends readonly [string, ...string[]]>(
  schema: OpenEnumSchema<T>,
): readonly T[number][] {
  const [known] = schema.options;
  return known.options as readonly T[number][];
}

/** True when `value` is one of the known values of an {@link openEnum} schema. */
export function isKnownValue<T extends readonly [string, ...string[]]>(
  schema: OpenEnumSchema<T>,
  value: string,
): value is T[number] {
  return (knownValues(schema) as readonly string[]).includes(value);
}

/** Severity level of a compiler diagnostic (`rocky compile`, `rocky plan`). */
export const DiagnosticSeveritySchema = openEnum(["Error", "Warning", "Info"]);
/** The parsed form of {@link DiagnosticSeveritySchema}. */
export type DiagnosticSeverity = z.infer<typeof DiagnosticSeveritySchema>;

/** Severity of a test or data-quality check failure (`rocky run`, `rocky compile`). */
export const TestSeveritySchema = openEnum(["error", "warning"]);
/** The parsed form of {@link TestSeveritySchema}. */
export type TestSeverity = z.infer<typeof TestSeveritySchema>;

/** Location in a source file. */
export const SourceSpanSchema = z.looseObject({
  col: z.number().int(),
  file: z.string(),
  line: z.number().int(),
});
/** The parsed form of {@link SourceSpanSchema}. */
export type SourceSpan = z.infer<typeof SourceSpanSchema>;

/** A compiler diagnostic (error, warning, or informational message). Same shape in `compile` and `plan`. */
export const DiagnosticSchema = z.looseObject({
  /** Diagnostic code (e.g., "E001", "W001"). */
  code: z.string(),
  /** Human-readable message. */
  message: z.string(),
  /** Which model this diagnostic relates to. */
  model: z.string(),
  /** Severity level. */
  severity: DiagnosticSeveritySchema,
  /** Source location (if available). */
  span: SourceSpanSchema.nullish(),
  /** Suggested fix (if any). */
  suggestion: z.string().nullish(),
});
/** The parsed form of {@link DiagnosticSchema}. */
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/**
 * A table that the discovery adapter reported but that is missing from the source warehouse,
 * so the run skipped it. Same shape in `run` and `discover`.
 */
export const ExcludedTableSchema = z.looseObject({
  /** Dagster-style asset key path (`[source_type, ...components, table]`). */
  asset_key: z.array(z.string()),
  /** Why the table was excluded. Currently always `"missing_from_source"`, kept free-form by the engine. */
  reason: z.string(),
  /** Source schema the table was expected to live in. */
  source_schema: z.string(),
  /** Bare table name as reported by the discovery adapter. */
  table_name: z.string(),
});
/** The parsed form of {@link ExcludedTableSchema}. */
export type ExcludedTable = z.infer<typeof ExcludedTableSchema>;

/**
 * The fallback member of an open tagged union: a loose object whose `tag` is a string that is
 * not one of `known`, so that a variant added by a newer engine parses (and keeps its fields)
 * while a known variant with a bad shape still fails.
 */
export function unknownVariant<const Tag extends string>(tag: Tag, known: readonly string[]) {
  const tagSchema = z.string().refine((value) => !known.includes(value), {
    message: `a known ${tag} with an invalid shape`,
  });
  return z.looseObject({ [tag]: tagSchema } as { [K in Tag]: typeof tagSchema });
}
