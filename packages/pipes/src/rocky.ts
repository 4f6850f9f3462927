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
  const reporter = new RunReporter(pipes, result, options);
  reporter.materializations();
  reporter.checkResults();
  reporter.tableErrors();
  reporter.anomalies();
  reporter.placeholders();
  for (const action of result.drift?.actions_taken ?? []) {
    pipes.log.warning(
      `rocky: schema drift on ${action.table}: ${action.action}${action.reason ? ` (${action.reason})` : ""}`,
    );
  }
  return reporter.summary();
}

/** One `reportRunToPipes` call: the keys it resolved and the checks it sent, step by step. */
class RunReporter {
  /** Materializations grouped by resolved asset key (order of first appearance). */
  readonly groups = new Map<string, RockyMaterialization[]>();
  /** rocky key → Dagster key of every entry of this run, for names given as table strings. */
  readonly known = new Map<string, { rocky: readonly string[]; key: readonly string[] }>();
  /** One result per (asset, Dagster check name): sanitised names can collide; the first wins. */
  readonly reported = new Set<string>();
  /** Verdicts sent by this call, by check name: a group check's carrier. */
  readonly verdicts = new Map<
    string,
    { assetKey: string; passed: boolean; severity: PipesAssetCheckSeverity }[]
  >();
  readonly declared: Set<string> | null;
  readonly selected: Set<string> | undefined;
  checks = 0;
  checksFailed = 0;

  constructor(
    readonly pipes: PipesContext,
    readonly result: RockyRunResultLike,
    readonly options: ReportRunOptions,
  ) {
    this.declared =
      options.declaredChecks === undefined
        ? null
        : new Set(options.declaredChecks.map((c) => checkId(keyString(c.assetKey), c.name)));
    this.selected = pipes.isAssetStep ? new Set(pipes.assetKeys) : undefined;
  }

  keyFor(entry: { readonly asset_key: readonly string[] }, source: RockyAssetKeySource): string {
    const { assetKeyFor, assetKeys } = this.options;
    const mapped = assetKeyFor
      ? assetKeyFor(entry, source)
      : assetKeys
        ? assetKeys.forEntry(entry)
        : entry.asset_key;
    if (typeof mapped === "string") {
      if (mapped === "") throw badKey(entry);
      return mapped;
    }
    if (!Array.isArray(mapped) || mapped.length === 0) throw badKey(entry);
    return toAssetKeyString(mapped);
  }

  remember(rocky: readonly string[], key: string): void {
    if (!this.known.has(JSON.stringify(rocky))) {
      this.known.set(JSON.stringify(rocky), { rocky, key: toAssetKeyPath(key) });
    }
  }

  send(
    assetKey: string,
    checkName: string,
    passed: boolean,
    severity: PipesAssetCheckSeverity,
    metadata: Record<string, PipesMetadataInput>,
  ): void {
    this.reported.add(checkId(assetKey, checkName));
    this.verdicts.set(checkName, [
      ...(this.verdicts.get(checkName) ?? []),
      { assetKey, passed, severity },
    ]);
    this.pipes.reportAssetCheck({ assetKey, checkName, passed, severity, metadata });
    this.checks += 1;
    if (!passed) this.checksFailed += 1;
  }

  alreadySent(assetKey: string, checkName: string): boolean {
    return (
      this.reported.has(checkId(assetKey, checkName)) ||
      this.pipes.hasReportedCheck(assetKey, checkName)
    );
  }

  /**
   * A name given as a string (an anomaly's table, a contained model), resolved as
   * dagster-rocky's _build_table_resolver does: through the project's rules when given, else
   * through this run's keys.
   */
  tableKey(identifier: string): string[] | null {
    const keys = this.options.assetKeys;
    return keys !== undefined
      ? keys.forTable(identifier, this.selected)
      : resolveTable(this.known.values(), identifier, this.selected);
  }

  materializations(): void {
    for (const materialization of this.result.materializations) {
      const key = this.keyFor(materialization, { kind: "materialization", materialization });
      this.remember(materialization.asset_key, key);
      const group = this.groups.get(key);
      if (group) group.push(materialization);
      else this.groups.set(key, [materialization]);
    }
    for (const [assetKey, entries] of this.groups) {
      this.pipes.reportAssetMaterialization({
        assetKey,
        metadata: materializationMetadata(entries, this.result.shadow === true),
      });
    }
  }

  checkResults(): void {
    for (const table of this.result.check_results ?? []) {
      const assetKey = this.keyFor(table, { kind: "check", table });
      this.remember(table.asset_key, assetKey);
      for (const check of table.checks) {
        const checkName = sanitizeCheckName(check.name);
        if (this.alreadySent(assetKey, checkName)) continue;
        if (this.declared !== null && !this.declared.has(checkId(assetKey, checkName))) {
          this.pipes.log.warning(
            `rocky: check ${checkName} on ${assetKey} is not declared on the Dagster asset; not reported`,
          );
          continue;
        }
        this.send(
          assetKey,
          checkName,
          check.passed,
          toSeverity(check.severity),
          checkMetadata(check),
        );
      }
    }
  }

  tableErrors(): void {
    const failedCheckName = this.options.failedTableCheckName ?? "rocky_run_succeeded";
    for (const error of this.result.errors ?? []) {
      const assetKey = this.keyFor(error, { kind: "error", error });
      this.remember(error.asset_key, assetKey);
      const kind = error.failure_kind ?? "unknown";
      this.pipes.log.error(`rocky: table ${assetKey} failed (${kind}): ${error.error}`);
      if (this.options.failedTables === "check" && !this.alreadySent(assetKey, failedCheckName)) {
        this.send(assetKey, failedCheckName, false, "ERROR", {
          failure_kind: kind,
          error: error.error,
          cooldown_seconds: error.cooldown_seconds ?? undefined,
        });
      }
    }
  }

  anomalies(): void {
    for (const anomaly of this.result.anomalies ?? []) {
      this.pipes.log.warning(
        `rocky: anomaly on ${anomaly.table}: ${anomaly.reason ?? "row count anomaly"}`,
      );
    }
    for (const anomaly of anomalyCheckResults(this.result, (t) => this.tableKey(t))) {
      const assetKey = toAssetKeyString(anomaly.assetKey);
      if (this.alreadySent(assetKey, ANOMALY_CHECK_NAME)) continue;
      if (this.declared !== null && !this.declared.has(checkId(assetKey, ANOMALY_CHECK_NAME))) {
        continue;
      }
      this.send(assetKey, ANOMALY_CHECK_NAME, anomaly.passed, anomaly.severity, anomaly.metadata);
    }
  }

  /** Placeholders for declared checks rocky did not run (dagster-rocky's _emit_placeholder_checks). */
  placeholders(): void {
    const contained = new Map<string, RockyContainedModel>();
    for (const entry of this.result.contained ?? []) {
      const key = this.tableKey(entry.model);
      if (key !== null && !contained.has(toAssetKeyString(key))) {
        contained.set(toAssetKeyString(key), entry);
      }
    }
    const pruned = new Set(
      (this.result.excluded_tables ?? [])
        .filter((t) => t.reason === PRUNED_REASON)
        .map((t) => this.keyFor(t, { kind: "excluded", table: t })),
    );
    for (const spec of this.options.declaredChecks ?? []) {
      const assetKey = keyString(spec.assetKey);
      if (this.selected !== undefined && !this.selected.has(assetKey)) continue;
      if (this.alreadySent(assetKey, spec.name)) continue;
      if (spec.name.startsWith(GROUP_CHECK_PREFIX)) this.groupPlaceholder(assetKey, spec.name);
      else this.placeholder(assetKey, spec.name, contained.get(assetKey), pruned.has(assetKey));
    }
  }

  /**
   * A group check is evaluated once per sibling group and reported on one sibling.
   * dagster-rocky yields nothing for the others; over Pipes Dagster then fails the step ("did not
   * yield expected outputs", tested on the real Dagster), so they get the group's verdict from
   * its carrier, or a WARN failure saying it was not evaluated (docs/parity.md,
   * `checks/group-check-siblings`).
   */
  groupPlaceholder(assetKey: string, name: string): void {
    const carrier = this.verdicts.get(name)?.find((v) => v.assetKey !== assetKey);
    if (carrier !== undefined) {
      this.send(assetKey, name, carrier.passed, carrier.severity, {
        status: pipesMetadata.text(
          `group check: rocky evaluated it once for the sibling group and reported it on ${carrier.assetKey}`,
        ),
        "rocky/group_check_carrier": pipesMetadata.text(carrier.assetKey),
      });
      return;
    }
    this.pipes.log.info(`rocky: group check ${name} was not evaluated for ${assetKey} in this run`);
    this.send(assetKey, name, false, "WARN", {
      status: pipesMetadata.text(
        "group check: not evaluated in this run (rocky evaluates it once per sibling group, when at least two siblings are copied)",
      ),
    });
  }

  placeholder(
    assetKey: string,
    name: string,
    withheld: RockyContainedModel | undefined,
    pruned: boolean,
  ): void {
    if (withheld !== undefined) {
      const blocked = withheld.blocked_by.join(", ") || "an upstream failure";
      const hint = withheld.unblock_hint ? ` — ${withheld.unblock_hint}` : "";
      this.send(assetKey, name, false, "WARN", {
        status: pipesMetadata.text(
          `not checked: model withheld by failure containment (blocked by ${blocked})${hint}`,
        ),
      });
    } else if (pruned) {
      this.send(assetKey, name, true, "ERROR", {
        status: pipesMetadata.text(
          "not checked: source unchanged since last copy (prune_unchanged) — no prior evaluation on record",
        ),
        "rocky/pruned_unchanged": pipesMetadata.bool(true),
      });
    } else if (!this.groups.has(assetKey)) {
      this.send(assetKey, name, false, "WARN", {
        status: pipesMetadata.text("table not materialized"),
      });
    } else if (PASS_BY_ABSENCE.has(name)) {
      this.send(assetKey, name, true, "WARN", {
        status: pipesMetadata.text(`no ${name} reported by rocky`),
      });
    } else {
      this.send(assetKey, name, false, "WARN", {
        status: pipesMetadata.text(`not produced by rocky (check type: ${name})`),
      });
    }
  }

  summary(): ReportRunSummary {
    return {
      materializations: this.groups.size,
      checks: this.checks,
      checksFailed: this.checksFailed,
      failedTables: (this.result.errors ?? []).length,
      assetKeys: [...this.groups.keys()],
    };
  }
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
