import type { RunOutput } from "@dagster-rocky/resource/schemas";
import {
  ANOMALY_CHECK_NAME,
  anomalyCheckResults,
  type RockyAnomaly,
  type RockyAnomalyEvaluation,
} from "./anomalies.js";
import { type RockyAssetKeys, resolveTable } from "./asset-keys.js";
import { checkId, type DeclaredCheck, keyString } from "./check-results.js";
import { COMPLIANCE_CHECK_NAME } from "./compliance.js";
import type { PipesContext } from "./context.js";
import { toAssetKeyPath, toAssetKeyString } from "./encoding.js";
import { DagsterPipesError } from "./errors.js";
import { type PipesMetadataInput, pipesMetadata } from "./metadata.js";
import type { PipesAssetCheckSeverity, PipesMetadataValue } from "./protocol.js";

// Structural views of the `rocky run --output json` fields read here. They follow
// rocky-contract/schemas/run.schema.json (RunOutput, MaterializationOutput, TableCheckOutput,
// CheckResult, TableErrorOutput, PartitionInfo) and are deliberately loose (optional, nullable,
// open-ended) so that `RunOutput` from @dagster-rocky/resource is assignable to them.

/** The partition a materialization covered. */
export interface RockyPartitionInfo {
  readonly key: string;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly batched_with?: readonly string[] | undefined;
}

/** The metadata fields of a materialization read here. */
export interface RockyMaterializationMetadata {
  readonly strategy?: string | undefined;
  readonly target_table_full_name?: string | null | undefined;
  readonly watermark?: string | null | undefined;
  readonly [key: string]: unknown;
}

/** One materialized table of a run. */
export interface RockyMaterialization {
  readonly asset_key: readonly string[];
  readonly rows_copied?: number | null | undefined;
  readonly duration_ms?: number | undefined;
  readonly started_at?: string | undefined;
  readonly metadata?: RockyMaterializationMetadata | undefined;
  readonly partition?: RockyPartitionInfo | null | undefined;
  readonly cost_usd?: number | null | undefined;
  readonly bytes_scanned?: number | null | undefined;
  readonly bytes_written?: number | null | undefined;
  readonly tenant?: string | null | undefined;
  readonly job_ids?: readonly string[] | undefined;
  readonly attempts?: readonly unknown[] | undefined;
}

/** One check of a table: `name`, `passed`, `severity` plus kind-specific fields. */
export interface RockyCheckResult {
  readonly name: string;
  readonly passed: boolean;
  readonly severity?: string | undefined;
  readonly [key: string]: unknown;
}

/** The checks run on one table. */
export interface RockyTableChecks {
  readonly asset_key: readonly string[];
  readonly checks: readonly RockyCheckResult[];
}

/** A table that failed. */
export interface RockyTableError {
  readonly asset_key: readonly string[];
  readonly error: string;
  readonly failure_kind?: string | undefined;
  readonly cooldown_seconds?: number | null | undefined;
}

/** A table the run left out (`excluded_tables[]`): pruned as unchanged, missing from the source, … */
export interface RockyExcludedTable {
  readonly asset_key: readonly string[];
  readonly reason: string;
}

/** A model withheld by failure containment (`contained[]`): an upstream failed. */
export interface RockyContainedModel {
  readonly model: string;
  readonly blocked_by: readonly string[];
  readonly unblock_hint: string;
}

/** A schema-drift action rocky took. */
export interface RockyDriftAction {
  readonly table: string;
  readonly action: string;
  readonly reason?: string | undefined;
}

/** The subset of rocky's RunOutput that {@link reportRunToPipes} reads. */
export interface RockyRunResultLike {
  readonly status?: string | undefined;
  readonly shadow?: boolean | undefined;
  readonly materializations: readonly RockyMaterialization[];
  readonly check_results?: readonly RockyTableChecks[] | undefined;
  readonly errors?: readonly RockyTableError[] | undefined;
  readonly anomalies?: readonly RockyAnomaly[] | undefined;
  /** Newer engines: which tables the anomaly detector evaluated. */
  readonly anomaly_evaluated?: readonly RockyAnomalyEvaluation[] | undefined;
  readonly excluded_tables?: readonly RockyExcludedTable[] | undefined;
  readonly contained?: readonly RockyContainedModel[] | undefined;
  readonly drift?: { readonly actions_taken?: readonly RockyDriftAction[] | undefined } | undefined;
}

/**
 * @internal
 * Compile-time guard (no runtime code, stripped from the published types, so
 * the resource stays an optional peer): `RunOutput` from @dagster-rocky/resource must stay
 * assignable to {@link RockyRunResultLike}; the build fails here if the two drift apart.
 */
export type RunOutputIsAccepted<T extends RockyRunResultLike = RunOutput> = T;

/** What an asset key is being resolved for; passed as second argument of `assetKeyFor`. */
export type RockyAssetKeySource =
  | { readonly kind: "materialization"; readonly materialization: RockyMaterialization }
  | { readonly kind: "check"; readonly table: RockyTableChecks }
  | { readonly kind: "error"; readonly error: RockyTableError }
  | { readonly kind: "excluded"; readonly table: RockyExcludedTable };

/** Options of `reportRunToPipes`. */
export interface ReportRunOptions {
  /**
   * Map a rocky entry to its Dagster asset key (a user string `"a/b"` or parts). Default: rocky's
   * `asset_key` parts joined with "/". The result is sent as-is: a key the Dagster step did not
   * select is not dropped or renamed here, Dagster rejects it.
   */
  readonly assetKeyFor?:
    | ((
        entry: { readonly asset_key: readonly string[] },
        source: RockyAssetKeySource,
      ) => string | readonly string[])
    | undefined;
  /**
   * The project's key rules (`rockyAssetKeys({ discover, shadowSuffix })`): rocky's keys and table
   * names resolve to the Dagster keys dagster-rocky's component gives them. Used for entries when
   * `assetKeyFor` is not given, and for anomalies and contained models (named by table or model).
   */
  readonly assetKeys?: RockyAssetKeys | undefined;
  /**
   * How failed tables (`errors[]`) are reported: `"log"` (default) sends an ERROR log line each;
   * `"check"` also sends a failed asset check named {@link ReportRunOptions.failedTableCheckName}
   * (that check must be declared on the Dagster asset, or Dagster rejects it).
   */
  readonly failedTables?: "log" | "check" | undefined;
  /** Check name used when `failedTables` is "check". Default: "rocky_run_succeeded". */
  readonly failedTableCheckName?: string | undefined;
  /**
   * The asset checks declared on the Dagster side (names as declared, i.e. already passed through
   * {@link sanitizeCheckName}; `parseRockyDeclaredChecks` of `@dagster-rocky/pipes/extras` reads
   * them from the extras). When given, as dagster-rocky 1.74.0's component does: a rocky check that
   * is not declared is not sent (Dagster rejects it) but logged as a warning, and every declared
   * check of the step's assets that got no result gets dagster-rocky's placeholder (see the README).
   */
  readonly declaredChecks?: readonly DeclaredCheck[] | undefined;
}

const INVALID_CHECK_NAME_CHARS = /[^A-Za-z0-9_]/g;

/**
 * A rocky check name as a Dagster check name: Dagster requires `^[A-Za-z0-9_]+$`, rocky emits
 * structured names (`null_rate:amount`, `cross_source_overlap:src.table`). Each other character
 * (each UTF-16 code unit outside that set) becomes `_`, as dagster-rocky's `sanitize_check_name`
 * does, so a check spec declared in Python with dagster-rocky's name matches. Not injective:
 * `a:b` and `a.b` are the same Dagster check.
 */
export function sanitizeCheckName(name: string): string {
  return name.replace(INVALID_CHECK_NAME_CHARS, "_");
}

/** What `reportRunToPipes` reported. */
export interface ReportRunSummary {
  /** report_asset_materialization messages sent (one per distinct asset key). */
  readonly materializations: number;
  /** report_asset_check messages sent (rocky checks plus failed-table checks). */
  readonly checks: number;
  readonly checksFailed: number;
  /** Entries of `errors[]`. */
  readonly failedTables: number;
  /** Asset keys materialized, in order. */
  readonly assetKeys: readonly string[];
}

const SPECIAL_METADATA = new Set(["strategy", "target_table_full_name", "watermark"]);
const CHECK_CORE_FIELDS = new Set(["name", "passed", "severity"]);

/** Check names dagster-rocky reports on an asset with no result as passed: silence is the verdict. */
const PASS_BY_ABSENCE = new Set([COMPLIANCE_CHECK_NAME]);
/** dagster-rocky's group checks (evaluated once per sibling group, reported on one sibling). */
const GROUP_CHECK_PREFIX = "cross_source_overlap";
/** `excluded_tables[].reason` of a table pruned because its source did not change. */
const PRUNED_REASON = "unchanged_since_last_copy";

/**
 * Report a rocky run result to Dagster through an open Pipes session:
 * - one `report_asset_materialization` per `materializations[]` entry, with rows_copied,
 *   duration_ms, started_at, strategy, target_table_full_name (the shadow table in shadow mode),
 *   watermark, cost_usd, partition info and rocky's other metadata. Entries that share an asset
 *   key (a partition backfill: one entry per partition) become ONE materialization with summed
 *   rows/duration/cost and the partition list, because Dagster accepts one materialization per
 *   asset and session;
 * - one `report_asset_check` per check in `check_results[]` (severity error → ERROR,
 *   warning → WARN; the check's measurements as metadata);
 * - each anomaly as a failed `row_count_anomaly` check at WARN (dagster-rocky's), for the step's
 *   assets;
 * - each `errors[]` entry as an ERROR log with its failure_kind (and a failed check when
 *   `failedTables: "check"`); anomalies and drift actions as WARNING logs;
 * - with `declaredChecks`, dagster-rocky's placeholder for every declared check left without a
 *   result.
 * A check already reported in this session (by `reportComplianceToPipes`, …) is not sent again.
 */
export function reportRunToPipes(
  pipes: PipesContext,
  result: RockyRunResultLike,
  options: ReportRunOptions = {},
): ReportRunSummary {
  if (result === null || typeof result !== "object" || !Array.isArray(result.materializations)) {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      "reportRunToPipes: `result` must be a rocky run output with a `materializations` array.",
    );
  }
  const keys = options.assetKeys;
  const keyFor = (
    entry: { readonly asset_key: readonly string[] },
    source: RockyAssetKeySource,
  ): string => {
    const mapped = options.assetKeyFor
      ? options.assetKeyFor(entry, source)
      : keys
        ? keys.forEntry(entry)
        : entry.asset_key;
    if (typeof mapped === "string") {
      if (mapped === "") throw badKey(entry);
      return mapped;
    }
    if (!Array.isArray(mapped) || mapped.length === 0) throw badKey(entry);
    return toAssetKeyString(mapped);
  };

  // Materializations, grouped by resolved asset key (order of first appearance).
  const groups = new Map<string, RockyMaterialization[]>();
  // rocky key → Dagster key of every entry of this run, for names given as table strings.
  const known = new Map<string, { rocky: readonly string[]; key: readonly string[] }>();
  const remember = (rocky: readonly string[], key: string): void => {
    if (!known.has(JSON.stringify(rocky))) {
      known.set(JSON.stringify(rocky), { rocky, key: toAssetKeyPath(key) });
    }
  };
  for (const materialization of result.materializations) {
    const key = keyFor(materialization, { kind: "materialization", materialization });
    remember(materialization.asset_key, key);
    const group = groups.get(key);
    if (group) group.push(materialization);
    else groups.set(key, [materialization]);
  }
  for (const [assetKey, entries] of groups) {
    pipes.reportAssetMaterialization({
      assetKey,
      metadata: materializationMetadata(entries, result.shadow === true),
    });
  }

  let checks = 0;
  let checksFailed = 0;
  const declared =
    options.declaredChecks === undefined
      ? null
      : new Set(options.declaredChecks.map((c) => checkId(keyString(c.assetKey), c.name)));
  const selected = pipes.isAssetStep ? new Set(pipes.assetKeys) : undefined;
  // One result per (asset, Dagster check name): sanitised names can collide; the first wins.
  const reported = new Set<string>();
  // Verdicts sent by this call, by check name: a group check's carrier.
  const verdicts = new Map<
    string,
    { assetKey: string; passed: boolean; severity: PipesAssetCheckSeverity }[]
  >();
  const send = (
    assetKey: string,
    checkName: string,
    passed: boolean,
    severity: PipesAssetCheckSeverity,
    metadata: Record<string, PipesMetadataInput>,
  ): void => {
    reported.add(checkId(assetKey, checkName));
    verdicts.set(checkName, [...(verdicts.get(checkName) ?? []), { assetKey, passed, severity }]);
    pipes.reportAssetCheck({ assetKey, checkName, passed, severity, metadata });
    checks += 1;
    if (!passed) checksFailed += 1;
  };
  const alreadySent = (assetKey: string, checkName: string): boolean =>
    reported.has(checkId(assetKey, checkName)) || pipes.hasReportedCheck(assetKey, checkName);

  for (const table of result.check_results ?? []) {
    const assetKey = keyFor(table, { kind: "check", table });
    remember(table.asset_key, assetKey);
    for (const check of table.checks) {
      const checkName = sanitizeCheckName(check.name);
      if (alreadySent(assetKey, checkName)) continue;
      if (declared !== null && !declared.has(checkId(assetKey, checkName))) {
        pipes.log.warning(
          `rocky: check ${checkName} on ${assetKey} is not declared on the Dagster asset; not reported`,
        );
        continue;
      }
      send(assetKey, checkName, check.passed, toSeverity(check.severity), checkMetadata(check));
    }
  }

  const errors = result.errors ?? [];
  const failedCheckName = options.failedTableCheckName ?? "rocky_run_succeeded";
  for (const error of errors) {
    const assetKey = keyFor(error, { kind: "error", error });
    remember(error.asset_key, assetKey);
    const kind = error.failure_kind ?? "unknown";
    pipes.log.error(`rocky: table ${assetKey} failed (${kind}): ${error.error}`);
    if (options.failedTables === "check" && !alreadySent(assetKey, failedCheckName)) {
      send(assetKey, failedCheckName, false, "ERROR", {
        failure_kind: kind,
        error: error.error,
        cooldown_seconds: error.cooldown_seconds ?? undefined,
      });
    }
  }

  // Names given as strings (anomalies' tables, contained models) resolve as dagster-rocky's
  // _build_table_resolver does: through the project's rules when given, else through this run's keys.
  const tableKey = (identifier: string): string[] | null =>
    keys !== undefined
      ? keys.forTable(identifier, selected)
      : resolveTable(known.values(), identifier, selected);

  for (const anomaly of result.anomalies ?? []) {
    pipes.log.warning(
      `rocky: anomaly on ${anomaly.table}: ${anomaly.reason ?? "row count anomaly"}`,
    );
  }
  for (const anomaly of anomalyCheckResults(result, tableKey)) {
    const assetKey = toAssetKeyString(anomaly.assetKey);
    if (alreadySent(assetKey, ANOMALY_CHECK_NAME)) continue;
    if (declared !== null && !declared.has(checkId(assetKey, ANOMALY_CHECK_NAME))) continue;
    send(assetKey, ANOMALY_CHECK_NAME, anomaly.passed, anomaly.severity, anomaly.metadata);
  }

  // Placeholders for declared checks rocky did not run (dagster-rocky's _emit_placeholder_checks).
  const contained = new Map<string, RockyContainedModel>();
  for (const entry of result.contained ?? []) {
    const key = tableKey(entry.model);
    if (key !== null && !contained.has(toAssetKeyString(key))) {
      contained.set(toAssetKeyString(key), entry);
    }
  }
  const pruned = new Set(
    (result.excluded_tables ?? [])
      .filter((t) => t.reason === PRUNED_REASON)
      .map((t) => keyFor(t, { kind: "excluded", table: t })),
  );
  for (const spec of options.declaredChecks ?? []) {
    const assetKey = keyString(spec.assetKey);
    if (selected !== undefined && !selected.has(assetKey)) continue;
    if (alreadySent(assetKey, spec.name)) continue;
    if (spec.name.startsWith(GROUP_CHECK_PREFIX)) {
      // Evaluated once per sibling group and reported on one sibling. dagster-rocky yields nothing
      // for the others; over Pipes Dagster then fails the step ("did not yield expected outputs",
      // tested on the real Dagster), so they get the group's verdict from its carrier, or a WARN
      // failure saying it was not evaluated (docs/parity.md, `checks/group-check-siblings`).
      const carrier = verdicts.get(spec.name)?.find((v) => v.assetKey !== assetKey);
      if (carrier !== undefined) {
        send(assetKey, spec.name, carrier.passed, carrier.severity, {
          status: pipesMetadata.text(
            `group check: rocky evaluated it once for the sibling group and reported it on ${carrier.assetKey}`,
          ),
          "rocky/group_check_carrier": pipesMetadata.text(carrier.assetKey),
        });
      } else {
        pipes.log.info(
          `rocky: group check ${spec.name} was not evaluated for ${assetKey} in this run`,
        );
        send(assetKey, spec.name, false, "WARN", {
          status: pipesMetadata.text(
            "group check: not evaluated in this run (rocky evaluates it once per sibling group, when at least two siblings are copied)",
          ),
        });
      }
      continue;
    }
    const withheld = contained.get(assetKey);
    if (withheld !== undefined) {
      const blocked = withheld.blocked_by.join(", ") || "an upstream failure";
      const hint = withheld.unblock_hint ? ` — ${withheld.unblock_hint}` : "";
      send(assetKey, spec.name, false, "WARN", {
        status: pipesMetadata.text(
          `not checked: model withheld by failure containment (blocked by ${blocked})${hint}`,
        ),
      });
    } else if (pruned.has(assetKey)) {
      send(assetKey, spec.name, true, "ERROR", {
        status: pipesMetadata.text(
          "not checked: source unchanged since last copy (prune_unchanged) — no prior evaluation on record",
        ),
        "rocky/pruned_unchanged": pipesMetadata.bool(true),
      });
    } else if (!groups.has(assetKey)) {
      send(assetKey, spec.name, false, "WARN", {
        status: pipesMetadata.text("table not materialized"),
      });
    } else if (PASS_BY_ABSENCE.has(spec.name)) {
      send(assetKey, spec.name, true, "WARN", {
        status: pipesMetadata.text(`no ${spec.name} reported by rocky`),
      });
    } else {
      send(assetKey, spec.name, false, "WARN", {
        status: pipesMetadata.text(`not produced by rocky (check type: ${spec.name})`),
      });
    }
  }

  for (const action of result.drift?.actions_taken ?? []) {
    pipes.log.warning(
      `rocky: schema drift on ${action.table}: ${action.action}${action.reason ? ` (${action.reason})` : ""}`,
    );
  }

  return {
    materializations: groups.size,
    checks,
    checksFailed,
    failedTables: errors.length,
    assetKeys: [...groups.keys()],
  };
}

function badKey(entry: { readonly asset_key: readonly string[] }): DagsterPipesError {
  return new DagsterPipesError(
    "INVALID_PARAM",
    `reportRunToPipes: no asset key for rocky entry ${JSON.stringify(entry.asset_key)} (assetKeyFor must return a non-empty string or array).`,
  );
}

function toSeverity(severity: string | undefined): PipesAssetCheckSeverity {
  return severity === "warning" || severity === "warn" ? "WARN" : "ERROR";
}

function int(value: unknown): PipesMetadataValue | undefined {
  return typeof value === "number" && Number.isInteger(value)
    ? pipesMetadata.int(value)
    : undefined;
}

function text(value: unknown): PipesMetadataValue | undefined {
  return typeof value === "string" ? pipesMetadata.text(value) : undefined;
}

/** ISO date-time → timestamp metadata; unparseable strings stay text. */
function timestamp(value: unknown): PipesMetadataValue | undefined {
  if (typeof value !== "string") return undefined;
  return Number.isFinite(Date.parse(value))
    ? pipesMetadata.timestamp(value)
    : pipesMetadata.text(value);
}

function sum(values: readonly unknown[]): number | undefined {
  const numbers = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return numbers.length === 0 ? undefined : numbers.reduce((a, b) => a + b, 0);
}

function materializationMetadata(
  entries: readonly RockyMaterialization[],
  shadow: boolean,
): Record<string, PipesMetadataInput> {
  const first = entries[0] as RockyMaterialization;
  const meta = first.metadata ?? {};
  const out: Record<string, PipesMetadataInput> = {};

  const rows = sum(entries.map((e) => e.rows_copied));
  out.rows_copied = rows === undefined ? undefined : pipesMetadata.int(rows);
  const duration = sum(entries.map((e) => e.duration_ms));
  out.duration_ms = duration === undefined ? undefined : pipesMetadata.int(duration);
  out.started_at = timestamp(first.started_at);
  out.strategy = text(meta.strategy);
  out.target_table_full_name = text(meta.target_table_full_name);
  out.watermark = timestamp(meta.watermark);
  const cost = sum(entries.map((e) => e.cost_usd));
  out.cost_usd = cost === undefined ? undefined : pipesMetadata.float(cost);
  if (shadow) out.shadow = pipesMetadata.bool(true);

  const partitions = entries
    .map((e) => e.partition)
    .filter((p): p is RockyPartitionInfo => p !== null && p !== undefined);
  if (entries.length === 1 && partitions.length === 1) {
    const partition = partitions[0] as RockyPartitionInfo;
    out.partition_key = text(partition.key);
    out.partition_start = timestamp(partition.start);
    out.partition_end = timestamp(partition.end);
    if (partition.batched_with && partition.batched_with.length > 0) {
      out.partition_batched_with = pipesMetadata.json([...partition.batched_with]);
    }
  } else if (partitions.length > 0) {
    const keys = partitions.flatMap((p) => [p.key, ...(p.batched_with ?? [])]);
    out.partition_keys = pipesMetadata.json(keys);
    const starts = partitions.map((p) => p.start).filter((s): s is string => typeof s === "string");
    const ends = partitions.map((p) => p.end).filter((s): s is string => typeof s === "string");
    out.partition_start = timestamp(starts.sort()[0]);
    out.partition_end = timestamp(ends.sort().at(-1));
  }
  if (entries.length > 1) out.rocky_materializations = pipesMetadata.int(entries.length);

  out.bytes_scanned = int(sum(entries.map((e) => e.bytes_scanned)));
  out.bytes_written = int(sum(entries.map((e) => e.bytes_written)));
  out.tenant = text(first.tenant);
  const jobIds = entries.flatMap((e) => e.job_ids ?? []);
  if (jobIds.length > 0) out.job_ids = pipesMetadata.json(jobIds);
  const attempts = entries.flatMap((e) => e.attempts ?? []);
  if (attempts.length > 0) out.attempts = pipesMetadata.json(attempts);

  // Rocky's other materialization metadata (sql_hash, column_count, compile_time_ms, …), types
  // inferred; nulls skipped.
  for (const [key, value] of Object.entries(meta)) {
    if (SPECIAL_METADATA.has(key) || value === null || value === undefined || key in out) continue;
    out[key] = value as PipesMetadataInput;
  }
  return out;
}

function checkMetadata(check: RockyCheckResult): Record<string, PipesMetadataInput> {
  const out: Record<string, PipesMetadataInput> = {};
  for (const [key, value] of Object.entries(check)) {
    if (CHECK_CORE_FIELDS.has(key) || value === undefined) continue;
    out[key] = value as PipesMetadataInput;
  }
  if (check.severity !== undefined) out.rocky_severity = check.severity;
  return out;
}
