import { fileURLToPath } from "node:url";
import { DagsterPipesError } from "./errors.js";
import {
  PIPES_METADATA_TYPES,
  type PipesMetadataRawValue,
  type PipesMetadataType,
  type PipesMetadataValue,
} from "./protocol.js";

/**
 * A metadata entry as accepted by the report methods: an explicit `{ raw_value, type }`, or a JS
 * value whose Dagster type is inferred (see {@link inferMetadataValue}). `undefined` entries are
 * skipped.
 */
export type PipesMetadataInput =
  | PipesMetadataValue
  | PipesMetadataRawValue
  | Date
  | URL
  | bigint
  | undefined;

/** Metadata entries by label, as the report methods accept them. */
export type PipesMetadataInputMap = Readonly<Record<string, PipesMetadataInput>>;

const METADATA_TYPES: ReadonlySet<string> = new Set(PIPES_METADATA_TYPES);

/** Explicit metadata constructors, one per Dagster metadata type. */
export const pipesMetadata = {
  /** A plain text value. */
  text: (value: string): PipesMetadataValue => ({ raw_value: value, type: "text" }),
  /** A Markdown value. */
  md: (value: string): PipesMetadataValue => ({ raw_value: value, type: "md" }),
  /** A URL. */
  url: (value: string | URL): PipesMetadataValue => ({ raw_value: String(value), type: "url" }),
  /** A file path. */
  path: (value: string | URL): PipesMetadataValue => ({
    raw_value: value instanceof URL ? fileURLToPath(value) : value,
    type: "path",
  }),
  /** A notebook path. */
  notebook: (path: string): PipesMetadataValue => ({ raw_value: path, type: "notebook" }),
  /** A JSON value (array or object). */
  json: (value: readonly unknown[] | { readonly [key: string]: unknown }): PipesMetadataValue => ({
    raw_value: value,
    type: "json",
  }),
  /** An integer (number or bigint). */
  int: (value: number | bigint): PipesMetadataValue => ({
    raw_value: toInt(value, "int"),
    type: "int",
  }),
  /** A float. */
  float: (value: number): PipesMetadataValue => ({ raw_value: value, type: "float" }),
  /** A boolean. */
  bool: (value: boolean): PipesMetadataValue => ({ raw_value: value, type: "bool" }),
  /** A null value. */
  null: (): PipesMetadataValue => ({ raw_value: null, type: "null" }),
  /** A point in time; sent as seconds since the epoch (float), as Dagster's TimestampMetadataValue. */
  timestamp: (value: Date | number | string): PipesMetadataValue => ({
    raw_value: toEpochSeconds(value, "timestamp"),
    type: "timestamp",
  }),
  /** A Dagster run id. */
  dagsterRun: (runId: string): PipesMetadataValue => ({ raw_value: runId, type: "dagster_run" }),
  /** An asset key, as a user string ("a/b") or parts. */
  asset: (key: string | readonly string[]): PipesMetadataValue => ({
    raw_value: typeof key === "string" ? key : key.join("/"),
    type: "asset",
  }),
  /** A table (records and schema). */
  table: (value: { readonly [key: string]: unknown }): PipesMetadataValue => ({
    raw_value: value,
    type: "table",
  }),
  /** A table schema. */
  tableSchema: (value: { readonly [key: string]: unknown }): PipesMetadataValue => ({
    raw_value: value,
    type: "table_schema",
  }),
  /** Column lineage of a table. */
  tableColumnLineage: (value: { readonly [key: string]: unknown }): PipesMetadataValue => ({
    raw_value: value,
    type: "table_column_lineage",
  }),
} as const;

function toInt(value: number | bigint, key: string): number {
  if (typeof value === "bigint") {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new DagsterPipesError(
        "INVALID_METADATA",
        `Metadata \`${key}\`: bigint ${value} does not fit a JSON number exactly.`,
      );
    }
    return Number(value);
  }
  if (!Number.isInteger(value)) {
    throw new DagsterPipesError(
      "INVALID_METADATA",
      `Metadata \`${key}\`: ${value} is not an integer.`,
    );
  }
  return value;
}

function toEpochSeconds(value: Date | number | string, key: string): number {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === "string"
        ? Date.parse(value)
        : value * 1000;
  if (!Number.isFinite(ms)) {
    throw new DagsterPipesError(
      "INVALID_METADATA",
      `Metadata \`${key}\`: invalid timestamp ${String(value)}.`,
    );
  }
  return ms / 1000;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isExplicitValue(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 2 && "raw_value" in value && "type" in value;
}

function assertJson(value: unknown, key: string): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new Error(`non-finite number ${v}`);
      }
      if (typeof v === "bigint") throw new Error("bigint");
      return v;
    });
  } catch (cause) {
    throw new DagsterPipesError(
      "INVALID_METADATA",
      `Metadata \`${key}\` is not JSON-serializable: ${(cause as Error).message}.`,
      { cause },
    );
  }
  if (text === undefined) {
    throw new DagsterPipesError(
      "INVALID_METADATA",
      `Metadata \`${key}\` is not JSON-serializable.`,
    );
  }
}

/**
 * Infer the Dagster metadata type of a JS value:
 * string → text; integer → int; other finite number → float; bigint → int; boolean → bool;
 * null → null; Date → timestamp (epoch seconds); URL → url (file: URL → path);
 * array or plain object → json. An object with exactly the keys `raw_value` and `type` is taken as
 * an explicit value (as the Python library does) and its type is validated.
 */
export function inferMetadataValue(value: PipesMetadataInput, key = "value"): PipesMetadataValue {
  if (value === null) return { raw_value: null, type: "null" };
  switch (typeof value) {
    case "string":
      return { raw_value: value, type: "text" };
    case "boolean":
      return { raw_value: value, type: "bool" };
    case "bigint":
      return { raw_value: toInt(value, key), type: "int" };
    case "number":
      if (!Number.isFinite(value)) {
        throw new DagsterPipesError(
          "INVALID_METADATA",
          `Metadata \`${key}\`: ${value} cannot be sent as JSON; pass a string instead.`,
        );
      }
      return { raw_value: value, type: Number.isInteger(value) ? "int" : "float" };
    case "object":
      break;
    default:
      throw new DagsterPipesError(
        "INVALID_METADATA",
        `Metadata \`${key}\`: values of type ${typeof value} cannot be sent.`,
      );
  }
  if (value instanceof Date) return pipesMetadata.timestamp(value);
  if (value instanceof URL) {
    return value.protocol === "file:" ? pipesMetadata.path(value) : pipesMetadata.url(value);
  }
  if (Array.isArray(value)) {
    assertJson(value, key);
    return { raw_value: value, type: "json" };
  }
  if (isPlainObject(value)) {
    if (isExplicitValue(value)) {
      const type = value.type;
      if (typeof type !== "string" || !METADATA_TYPES.has(type)) {
        throw new DagsterPipesError(
          "INVALID_METADATA",
          `Metadata \`${key}.type\`: expected one of ${PIPES_METADATA_TYPES.join(", ")}, got ${JSON.stringify(type)}.`,
        );
      }
      assertJson(value.raw_value, key);
      return {
        raw_value: value.raw_value as PipesMetadataRawValue,
        type: type as PipesMetadataType,
      };
    }
    assertJson(value, key);
    return { raw_value: value, type: "json" };
  }
  throw new DagsterPipesError(
    "INVALID_METADATA",
    `Metadata \`${key}\`: ${Object.prototype.toString.call(value)} is neither a plain object, an array, a Date nor a URL.`,
  );
}

/**
 * Normalize a metadata map to the wire form (`{ key: { raw_value, type } }`). Returns null when the
 * map is absent or has no entries (the Python library sends `null` in that case too).
 */
export function normalizeMetadata(
  metadata: PipesMetadataInputMap | undefined,
  method: string,
): Record<string, PipesMetadataValue> | null {
  if (metadata === undefined || metadata === null) return null;
  if (!isPlainObject(metadata)) {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      `Invalid type for parameter \`metadata\` of \`${method}\`: expected a plain object.`,
    );
  }
  const out: Record<string, PipesMetadataValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value === undefined) continue;
    out[key] = inferMetadataValue(value, key);
  }
  return Object.keys(out).length === 0 ? null : out;
}
