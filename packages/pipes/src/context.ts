import { toAssetKeyString } from "./encoding.js";
import { DagsterPipesError, PipesProcessExitError } from "./errors.js";
import { serializeError } from "./exception.js";
import { normalizeMetadata, type PipesMetadataInputMap } from "./metadata.js";
import {
  PIPES_PROTOCOL_VERSION,
  type PipesAssetCheckSeverity,
  type PipesContextData,
  type PipesDataProvenance,
  type PipesMessage,
  type PipesMethod,
  type PipesPartitionKeyRange,
  type PipesTimeWindow,
} from "./protocol.js";
import { decrementSessionCount, incrementSessionCount } from "./session.js";
import type { PipesMessageChannel, PipesMessageDestination } from "./writer.js";

/** Log levels as sent in `log` messages (Python `logging` level names). */
export type PipesLogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** Streams log lines to Dagster (`log` messages); shown in the Dagster run logs. */
export interface PipesLogger {
  /** Logs at DEBUG. */
  debug(message: string): void;
  /** Logs at INFO. */
  info(message: string): void;
  /** Logs at WARNING. */
  warning(message: string): void;
  /** Alias of `warning`. */
  warn(message: string): void;
  /** Logs at ERROR. */
  error(message: string): void;
  /** Logs at CRITICAL. */
  critical(message: string): void;
}

/** An asset key: Dagster's user string (`"a/b/c"`) or its parts (`["a", "b", "c"]`). */
export type PipesAssetKeyInput = string | readonly string[];

/** What `reportAssetMaterialization` reports. */
export interface ReportAssetMaterializationParams {
  /** Required when the step targets several assets (or none); defaults to the single asset. */
  readonly assetKey?: PipesAssetKeyInput | undefined;
  readonly metadata?: PipesMetadataInputMap | undefined;
  readonly dataVersion?: string | undefined;
}

/** What `reportAssetCheck` reports. */
export interface ReportAssetCheckParams {
  readonly checkName: string;
  readonly passed: boolean;
  /** Required when the step targets several assets (or none); defaults to the single asset. */
  readonly assetKey?: PipesAssetKeyInput | undefined;
  /** Defaults to "ERROR", as in the Python library. */
  readonly severity?: PipesAssetCheckSeverity | undefined;
  readonly metadata?: PipesMetadataInputMap | undefined;
}

/** The external-process view of a Dagster Pipes session (cf. Python `dagster_pipes.PipesContext`). */
export interface PipesContext extends AsyncDisposable, Disposable {
  /** False for the no-op context returned outside Dagster (every report is then dropped). */
  readonly isDagsterPipesProcess: boolean;
  readonly isClosed: boolean;
  /** Where messages are written; null for the no-op context. */
  readonly destination: PipesMessageDestination | null;
  /** The normalized context payload sent by Dagster. */
  readonly data: PipesContextData;
  readonly isAssetStep: boolean;
  /** The single asset in scope; throws `UNDEFINED_PROPERTY` when 0 or several are. */
  readonly assetKey: string;
  /** The assets in scope; throws `UNDEFINED_PROPERTY` when the step targets no asset. */
  readonly assetKeys: readonly string[];
  readonly codeVersion: string | null;
  readonly codeVersionByAssetKey: Readonly<Record<string, string | null>>;
  readonly provenance: PipesDataProvenance | null;
  readonly provenanceByAssetKey: Readonly<Record<string, PipesDataProvenance | null>>;
  readonly isPartitionStep: boolean;
  /** Throws `UNDEFINED_PROPERTY` when the step is not partitioned. */
  readonly partitionKey: string;
  readonly partitionKeyRange: PipesPartitionKeyRange;
  readonly partitionTimeWindow: PipesTimeWindow | null;
  readonly runId: string;
  readonly jobName: string | null;
  readonly retryNumber: number;
  readonly extras: Readonly<Record<string, unknown>>;
  /** Throws `UNDEFINED_EXTRA` when Dagster did not pass that extra. */
  getExtra(key: string): unknown;
  readonly log: PipesLogger;
  /** Reports an asset materialization (`report_asset_materialization`). */
  reportAssetMaterialization(params?: ReportAssetMaterializationParams): void;
  /** Reports an asset check result (`report_asset_check`). */
  reportAssetCheck(params: ReportAssetCheckParams): void;
  /**
   * Whether a result for this check on this asset was already sent in this session (Dagster
   * rejects a second one). Always false for the no-op context.
   */
  hasReportedCheck(assetKey: PipesAssetKeyInput, checkName: string): boolean;
  /** Sends a JSON-serializable payload, read on the Dagster side with `get_custom_messages()`. */
  reportCustomMessage(payload: unknown): void;
  /**
   * Send `closed` (with `exception` when `error` is given) and end the session. Idempotent: only
   * the first call writes.
   */
  close(error?: unknown): void;
  /**
   * Run `fn` inside the session: close it when `fn` settles, with the exception when it throws
   * or rejects (the error is then rethrown).
   */
  run<T>(fn: (pipes: PipesContext) => T | PromiseLike<T>): Promise<T>;
}

export interface PipesSessionHooks {
  /** Send `closed` from a `process.on("exit")` hook when the session was never closed. */
  readonly handleProcessExit: boolean;
  readonly openedExtras: Readonly<Record<string, unknown>>;
  readonly onClose?: (() => void) | undefined;
  /** Also gets every `pipes.log` line (the `echoLogs` option). */
  readonly echo?: ((level: PipesLogLevel, message: string) => void) | undefined;
}

const LOG_LEVELS = {
  debug: "DEBUG",
  info: "INFO",
  warning: "WARNING",
  error: "ERROR",
  critical: "CRITICAL",
} as const satisfies Record<string, PipesLogLevel>;

const SEVERITIES: ReadonlySet<string> = new Set<PipesAssetCheckSeverity>(["WARN", "ERROR"]);

function message(method: PipesMethod, params: Record<string, unknown> | null): PipesMessage {
  return { __dagster_pipes_version: PIPES_PROTOCOL_VERSION, method, params };
}

export class PipesContextImpl implements PipesContext {
  readonly data: PipesContextData;
  readonly log: PipesLogger;
  readonly #channel: PipesMessageChannel | null;
  readonly #materialized = new Set<string>();
  /** `JSON.stringify([assetKey, checkName])` of every check result sent. */
  readonly #reportedChecks = new Set<string>();
  readonly #onClose: (() => void) | undefined;
  readonly #echo: ((level: PipesLogLevel, message: string) => void) | undefined;
  #closed = false;
  #lastUncaught: unknown;
  #exitHook: ((code: number) => void) | undefined;
  #uncaughtHook: ((error: unknown) => void) | undefined;

  /** A no-op context: `channel` null. Otherwise sends `opened` immediately. */
  constructor(
    data: PipesContextData,
    channel: PipesMessageChannel | null,
    hooks?: PipesSessionHooks,
  ) {
    this.data = data;
    this.#channel = channel;
    this.#onClose = hooks?.onClose;
    this.#echo = hooks?.echo;
    const log = (level: PipesLogLevel) => (text: string) => this.#log(level, text);
    this.log = {
      debug: log(LOG_LEVELS.debug),
      info: log(LOG_LEVELS.info),
      warning: log(LOG_LEVELS.warning),
      warn: log(LOG_LEVELS.warning),
      error: log(LOG_LEVELS.error),
      critical: log(LOG_LEVELS.critical),
    };
    if (channel === null) return;
    channel.write(message("opened", { extras: { ...(hooks?.openedExtras ?? {}) } }));
    incrementSessionCount();
    if (hooks?.handleProcessExit ?? true) {
      this.#uncaughtHook = (error: unknown) => {
        this.#lastUncaught = error;
      };
      this.#exitHook = (code: number) => {
        if (this.#closed) return;
        const failed = code !== 0;
        try {
          this.close(failed ? (this.#lastUncaught ?? new PipesProcessExitError(code)) : undefined);
        } catch {
          // Nothing more can be done while the process exits.
        }
      };
      process.on("uncaughtExceptionMonitor", this.#uncaughtHook);
      process.on("exit", this.#exitHook);
    }
  }

  get isDagsterPipesProcess(): boolean {
    return this.#channel !== null;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  get destination(): PipesMessageDestination | null {
    return this.#channel?.destination ?? null;
  }

  // ---- context data ----

  get isAssetStep(): boolean {
    return this.data.asset_keys !== null;
  }

  get assetKeys(): readonly string[] {
    return this.#definedAsset(this.data.asset_keys, "assetKeys");
  }

  get assetKey(): string {
    const keys = this.#definedAsset(this.data.asset_keys, "assetKey");
    this.#singleAsset("assetKey");
    return keys[0] as string;
  }

  get codeVersionByAssetKey(): Readonly<Record<string, string | null>> {
    return this.#definedAsset(this.data.code_version_by_asset_key, "codeVersionByAssetKey");
  }

  get codeVersion(): string | null {
    const byKey = this.#definedAsset(this.data.code_version_by_asset_key, "codeVersion");
    this.#singleAsset("codeVersion");
    return Object.values(byKey)[0] ?? null;
  }

  get provenanceByAssetKey(): Readonly<Record<string, PipesDataProvenance | null>> {
    return this.#definedAsset(this.data.provenance_by_asset_key, "provenanceByAssetKey");
  }

  get provenance(): PipesDataProvenance | null {
    const byKey = this.#definedAsset(this.data.provenance_by_asset_key, "provenance");
    this.#singleAsset("provenance");
    return Object.values(byKey)[0] ?? null;
  }

  get isPartitionStep(): boolean {
    return this.data.partition_key_range !== null;
  }

  get partitionKey(): string {
    return this.#definedPartition(this.data.partition_key, "partitionKey");
  }

  get partitionKeyRange(): PipesPartitionKeyRange {
    return this.#definedPartition(this.data.partition_key_range, "partitionKeyRange");
  }

  get partitionTimeWindow(): PipesTimeWindow | null {
    this.#definedPartition(this.data.partition_key_range, "partitionTimeWindow");
    return this.data.partition_time_window;
  }

  get runId(): string {
    return this.data.run_id;
  }

  get jobName(): string | null {
    return this.data.job_name;
  }

  get retryNumber(): number {
    return this.data.retry_number;
  }

  get extras(): Readonly<Record<string, unknown>> {
    return this.data.extras;
  }

  getExtra(key: string): unknown {
    if (!Object.hasOwn(this.data.extras, key)) {
      throw new DagsterPipesError(
        "UNDEFINED_EXTRA",
        `Extra \`${key}\` is undefined. Extras must be provided by the Dagster side (run(..., extras=...)).`,
      );
    }
    return this.data.extras[key];
  }

  // ---- messages ----

  reportAssetMaterialization(params: ReportAssetMaterializationParams = {}): void {
    if (this.#channel === null) return;
    const method = "reportAssetMaterialization";
    this.#assertOpen(method);
    assertParamsObject(params, method);
    const assetKey = this.#resolveAssetKey(params.assetKey, method);
    if (this.#materialized.has(assetKey)) {
      throw new DagsterPipesError(
        "ALREADY_MATERIALIZED",
        `Calling \`${method}\` with asset key \`${assetKey}\` is undefined: the asset has already been materialized in this session.`,
      );
    }
    const dataVersion = params.dataVersion;
    if (dataVersion !== undefined && typeof dataVersion !== "string") {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `Invalid type for parameter \`dataVersion\` of \`${method}\`: expected a string, got ${typeof dataVersion}.`,
      );
    }
    const metadata = normalizeMetadata(params.metadata, method);
    this.#write("report_asset_materialization", {
      asset_key: assetKey,
      data_version: dataVersion ?? null,
      metadata,
    });
    this.#materialized.add(assetKey);
  }

  reportAssetCheck(params: ReportAssetCheckParams): void {
    if (this.#channel === null) return;
    const method = "reportAssetCheck";
    this.#assertOpen(method);
    assertParamsObject(params, method);
    const assetKey = this.#resolveAssetKey(params.assetKey, method);
    if (typeof params.checkName !== "string" || params.checkName === "") {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `Invalid parameter \`checkName\` of \`${method}\`: expected a non-empty string.`,
      );
    }
    if (typeof params.passed !== "boolean") {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `Invalid type for parameter \`passed\` of \`${method}\`: expected a boolean, got ${typeof params.passed}.`,
      );
    }
    const severity = params.severity ?? "ERROR";
    if (!SEVERITIES.has(severity)) {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `Invalid value for parameter \`severity\` of \`${method}\`: expected "WARN" or "ERROR", got ${JSON.stringify(severity)}.`,
      );
    }
    const metadata = normalizeMetadata(params.metadata, method);
    this.#write("report_asset_check", {
      asset_key: assetKey,
      check_name: params.checkName,
      passed: params.passed,
      metadata,
      severity,
    });
    this.#reportedChecks.add(JSON.stringify([assetKey, params.checkName]));
  }

  hasReportedCheck(assetKey: PipesAssetKeyInput, checkName: string): boolean {
    if (this.#channel === null) return false;
    const key = typeof assetKey === "string" ? assetKey : toAssetKeyString(assetKey);
    return this.#reportedChecks.has(JSON.stringify([key, checkName]));
  }

  reportCustomMessage(payload: unknown): void {
    if (this.#channel === null) return;
    this.#assertOpen("reportCustomMessage");
    let json: string | undefined;
    try {
      json = JSON.stringify(payload);
    } catch (cause) {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        `\`reportCustomMessage\` payload is not JSON-serializable: ${(cause as Error).message}`,
        { cause },
      );
    }
    if (json === undefined) {
      throw new DagsterPipesError(
        "INVALID_PARAM",
        "`reportCustomMessage` payload is not JSON-serializable.",
      );
    }
    this.#write("report_custom_message", { payload: JSON.parse(json) as unknown });
  }

  close(error?: unknown): void {
    if (this.#channel === null || this.#closed) return;
    this.#closed = true;
    try {
      this.#channel.write(
        message("closed", error === undefined ? {} : { exception: serializeError(error) }),
      );
      this.#channel.flush();
    } finally {
      if (this.#exitHook) process.removeListener("exit", this.#exitHook);
      if (this.#uncaughtHook)
        process.removeListener("uncaughtExceptionMonitor", this.#uncaughtHook);
      decrementSessionCount();
      this.#onClose?.();
    }
  }

  async run<T>(fn: (pipes: PipesContext) => T | PromiseLike<T>): Promise<T> {
    let result: T;
    try {
      result = await fn(this);
    } catch (error) {
      try {
        this.close(error);
      } catch {
        // Keep the original error: it is the one the caller needs.
      }
      throw error;
    }
    this.close();
    return result;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  // ---- internals ----

  #write(method: PipesMethod, params: Record<string, unknown>): void {
    (this.#channel as PipesMessageChannel).write(message(method, params));
  }

  #log(level: PipesLogLevel, text: string): void {
    if (this.#channel !== null) this.#assertOpen("log");
    this.#echo?.(level, String(text));
    if (this.#channel === null) return;
    this.#write("log", { message: String(text), level });
  }

  #assertOpen(method: string): void {
    if (this.#closed) {
      throw new DagsterPipesError(
        "CLOSED",
        `Cannot call \`${method}\`: the Dagster Pipes session is closed.`,
      );
    }
  }

  #definedAsset<T>(value: T | null, property: string): T {
    if (value === null) {
      throw new DagsterPipesError(
        "UNDEFINED_PROPERTY",
        `\`${property}\` is undefined. Current step does not target an asset.`,
      );
    }
    return value;
  }

  #singleAsset(property: string): void {
    if ((this.data.asset_keys ?? []).length !== 1) {
      throw new DagsterPipesError(
        "UNDEFINED_PROPERTY",
        `\`${property}\` is undefined. Current step targets multiple assets.`,
      );
    }
  }

  #definedPartition<T>(value: T | null, property: string): T {
    if (value === null) {
      throw new DagsterPipesError(
        "UNDEFINED_PROPERTY",
        `\`${property}\` is undefined. Current step does not target any partitions.`,
      );
    }
    return value;
  }

  /**
   * Resolve the asset key of a report as the Python library does: an explicit key wins; without
   * one the step must target exactly one asset. A key outside the step's selection is NOT
   * rejected here: it is sent as-is and left to the Dagster side to reject.
   */
  #resolveAssetKey(input: PipesAssetKeyInput | undefined, method: string): string {
    if (input !== undefined) {
      const parts: readonly unknown[] | null = Array.isArray(input) ? input : null;
      const valid =
        parts !== null
          ? parts.length > 0 && parts.every((part) => typeof part === "string")
          : typeof input === "string" && input !== "";
      if (!valid) {
        throw new DagsterPipesError(
          "INVALID_PARAM",
          `Invalid parameter \`assetKey\` of \`${method}\`: expected a non-empty string or a non-empty array of strings.`,
        );
      }
      return typeof input === "string" ? input : toAssetKeyString(input);
    }
    const keys = this.data.asset_keys;
    if (keys === null || keys.length === 0) {
      throw new DagsterPipesError(
        "ASSET_KEY_REQUIRED",
        `Calling \`${method}\` without passing an asset key is undefined. Current step does not target a specific asset.`,
      );
    }
    if (keys.length !== 1) {
      throw new DagsterPipesError(
        "ASSET_KEY_REQUIRED",
        `Calling \`${method}\` without passing an asset key is undefined. Current step targets multiple assets: ${keys.join(", ")}.`,
      );
    }
    return keys[0] as string;
  }
}

function assertParamsObject(params: unknown, method: string): void {
  if (params === null || typeof params !== "object") {
    throw new DagsterPipesError("INVALID_PARAM", `\`${method}\` expects an object of parameters.`);
  }
}
