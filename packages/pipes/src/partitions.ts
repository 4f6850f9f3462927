import type { PipesContext } from "./context.js";

// Dagster ↔ rocky partition keys of a `time_interval` model, converted exactly as dagster-rocky
// 1.74.0 converts them (dagster_rocky/partitions.py: rocky_to_dagster_partition_key,
// dagster_to_rocky_partition_key, normalize_grain). rocky's canonical key per grain is
// TimeGrain::format_str (engine/crates/rocky-ir/src/time_grain.rs): hour "%Y-%m-%dT%H", day
// "%Y-%m-%d", month "%Y-%m", year "%Y". Dagster's time-window definitions key hour
// "%Y-%m-%d-%H:%M", day "%Y-%m-%d", month "%Y-%m-01" (its "%Y-%m-%d" of the window start), year
// "%Y" (dagster-rocky's yearly TimeWindowPartitionsDefinition uses fmt "%Y"). Like the Python
// functions, the conversion reshapes the key and does not check it is a real date: a key Python
// converts is converted to the same string here, and a key Python refuses is refused
// (interop/test/partitions.diff.test.ts compares both over generated keys).

/** The grains of rocky's `time_interval` strategy (rocky's `TimeGrain`, serialized lowercase). */
export const ROCKY_TIME_GRAINS = ["hour", "day", "month", "year"] as const;

/** One of {@link ROCKY_TIME_GRAINS}. */
export type RockyTimeGrain = (typeof ROCKY_TIME_GRAINS)[number];

/** The grain aliases `rocky dag --output json` prints, as dagster-rocky's `normalize_grain` reads them. */
const DAG_GRAIN_ALIASES: Readonly<Record<string, RockyTimeGrain>> = {
  hourly: "hour",
  daily: "day",
  monthly: "month",
  yearly: "year",
};

/** Which way a key was being converted when it was refused. */
export type PartitionKeyDirection = "rocky-to-dagster" | "dagster-to-rocky";

/** Why a partition key conversion was refused. */
export type PipesPartitionKeyErrorCode =
  /** The grain is not one of hour, day, month, year. */
  | "UNKNOWN_GRAIN"
  /** The key does not have the shape the grain needs (or is not a string). */
  | "INVALID_PARTITION_KEY";

/** A partition key or grain the conversion refuses, where dagster-rocky raises `ValueError`. */
export class PipesPartitionKeyError extends Error {
  override readonly name = "PipesPartitionKeyError";
  readonly code: PipesPartitionKeyErrorCode;
  /** The grain as given. */
  readonly grain: unknown;
  /** The key as given. */
  readonly key: unknown;
  readonly direction: PartitionKeyDirection;

  constructor(
    code: PipesPartitionKeyErrorCode,
    message: string,
    fields: { grain: unknown; key: unknown; direction: PartitionKeyDirection },
  ) {
    super(message);
    this.code = code;
    this.grain = fields.grain;
    this.key = fields.key;
    this.direction = fields.direction;
  }
}

/**
 * A grain as rocky prints it anywhere (`hour` / `day` / `month` / `year` from `rocky compile`,
 * `hourly` / `daily` / `monthly` / `yearly` from `rocky dag`) as the canonical grain, or null for
 * anything else (dagster-rocky's `normalize_grain`: the caller then treats the model as unpartitioned).
 */
export function normalizeRockyGrain(grain: unknown): RockyTimeGrain | null {
  if (typeof grain !== "string") return null;
  if ((ROCKY_TIME_GRAINS as readonly string[]).includes(grain)) return grain as RockyTimeGrain;
  return Object.hasOwn(DAG_GRAIN_ALIASES, grain) ? (DAG_GRAIN_ALIASES[grain] ?? null) : null;
}

function unknownGrain(
  grain: unknown,
  key: unknown,
  direction: PartitionKeyDirection,
): PipesPartitionKeyError {
  const alias = normalizeRockyGrain(grain);
  const hint =
    alias === null
      ? ""
      : ` (${JSON.stringify(grain)} is rocky dag's name for "${alias}": pass normalizeRockyGrain(grain))`;
  return new PipesPartitionKeyError(
    "UNKNOWN_GRAIN",
    `Unknown rocky time-interval granularity ${describe(grain)}: expected one of hour, day, month, year${hint}.`,
    { grain, key, direction },
  );
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function checkKey(grain: unknown, key: unknown, direction: PartitionKeyDirection): string {
  if (typeof key === "string") return key;
  throw new PipesPartitionKeyError(
    "INVALID_PARTITION_KEY",
    `The partition key must be a string, got ${key === null ? "null" : typeof key}.`,
    { grain, key, direction },
  );
}

/**
 * rocky's canonical partition key → the Dagster key of the same partition, as dagster-rocky's
 * `rocky_to_dagster_partition_key`: day and year unchanged, hour `2026-04-08T13` →
 * `2026-04-08-13:00`, month `2026-04` → `2026-04-01`. Throws {@link PipesPartitionKeyError} for
 * an unknown grain and for an hourly key without `T`, as the Python function raises.
 */
export function rockyToDagsterPartitionKey(grain: RockyTimeGrain, rockyKey: string): string {
  const direction = "rocky-to-dagster";
  const key = checkKey(grain, rockyKey, direction);
  if (grain === "day" || grain === "year") return key;
  if (grain === "hour") {
    const t = key.indexOf("T");
    if (t === -1) {
      throw new PipesPartitionKeyError(
        "INVALID_PARTITION_KEY",
        `An hourly rocky partition key looks like "2026-04-08T13" (a "T" between date and hour), got ${JSON.stringify(key)}.`,
        { grain, key, direction },
      );
    }
    return `${key.slice(0, t)}-${key.slice(t + 1)}:00`;
  }
  if (grain === "month") return `${key}-01`;
  throw unknownGrain(grain, key, direction);
}

/**
 * A Dagster partition key → rocky's canonical key (for `rocky run --partition`), as
 * dagster-rocky's `dagster_to_rocky_partition_key`: day and year unchanged, hour
 * `2026-04-08-13:00` → `2026-04-08T13` (split at the last `-`, minutes dropped), month
 * `2026-04-01` → `2026-04` (its first two `-` fields). Throws {@link PipesPartitionKeyError} for an
 * unknown grain, an hourly key without `-` or `:`, and a monthly key without `-`, as the Python
 * function raises.
 */
export function dagsterToRockyPartitionKey(grain: RockyTimeGrain, dagsterKey: string): string {
  const direction = "dagster-to-rocky";
  const key = checkKey(grain, dagsterKey, direction);
  if (grain === "day" || grain === "year") return key;
  if (grain === "hour") {
    const lastDash = key.lastIndexOf("-");
    if (lastDash === -1 || !key.includes(":")) {
      throw new PipesPartitionKeyError(
        "INVALID_PARTITION_KEY",
        `An hourly Dagster partition key looks like "2026-04-08-13:00" (YYYY-MM-DD-HH:MM), got ${JSON.stringify(key)}.`,
        { grain, key, direction },
      );
    }
    const time = key.slice(lastDash + 1);
    const colon = time.indexOf(":");
    return `${key.slice(0, lastDash)}T${colon === -1 ? time : time.slice(0, colon)}`;
  }
  if (grain === "month") {
    const parts = key.split("-");
    if (parts.length < 2) {
      throw new PipesPartitionKeyError(
        "INVALID_PARTITION_KEY",
        `A monthly Dagster partition key looks like "2026-04-01" (YYYY-MM-DD), got ${JSON.stringify(key)}.`,
        { grain, key, direction },
      );
    }
    return `${parts[0]}-${parts[1]}`;
  }
  throw unknownGrain(grain, key, direction);
}

/** The partition selector of a `rocky run` for a Dagster step: one key, a range, or none. */
export type RockyPartitionSelector =
  | { readonly partition: string }
  | { readonly from: string; readonly to: string }
  | Record<string, never>;

/**
 * The rocky partition selector for the Dagster step of `pipes`, its keys converted to rocky's
 * format for `grain`: `{ partition }` for one partition, `{ from, to }` for a range of several
 * (a single-run backfill), `{}` when the step is not partitioned. Spread it into
 * `RockyResource.run` options. Where dagster-rocky threads `context.partition_key` into
 * `rocky run` it sends Dagster's key unconverted; this converts it, so a monthly step runs
 * `--partition=2026-04` and not `2026-04-01`.
 */
export function rockyPartitionSelector(
  pipes: Pick<PipesContext, "isPartitionStep" | "partitionKeyRange">,
  grain: RockyTimeGrain,
): RockyPartitionSelector {
  if (!pipes.isPartitionStep) return {};
  const range = pipes.partitionKeyRange;
  const start = dagsterToRockyPartitionKey(grain, range.start);
  const end = dagsterToRockyPartitionKey(grain, range.end);
  return range.start === range.end ? { partition: start } : { from: start, to: end };
}
