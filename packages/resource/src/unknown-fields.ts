/**
 * The one way to read an output field this version of the SDK does not know. Output types list
 * exactly the known fields (a misspelled field does not compile), while the parse keeps every
 * field rocky printed, so that output from a newer engine loses nothing. Its own module, outside
 * schemas/, so that the package root can export it without loading any schema.
 */

/** `T`, plus read access to the fields its type does not list (as `unknown`). */
export type WithUnknownFields<T extends object> = T & { readonly [field: string]: unknown };

/**
 * `value` itself (no copy), typed so that a field its type does not list can be read, as
 * `unknown`: a field a newer rocky engine added to an output.
 *
 * ```ts
 * const run = await rocky.run({ filter: "source=shop" });
 * run.materializations; // typed
 * withUnknownFields(run).rows_deduplicated; // unknown: check it before use
 * ```
 *
 * Nested objects keep their exact types; wrap the one you read
 * (`withUnknownFields(run.materializations[0])`).
 */
export function withUnknownFields<T extends object>(value: T): WithUnknownFields<T> {
  return value as WithUnknownFields<T>;
}
