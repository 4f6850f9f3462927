import { readFileSync } from "node:fs";
import { type PipesContext, PipesContextImpl, type PipesLogLevel } from "./context.js";
import { echoFunction, type PipesLogEcho } from "./echo.js";
import { decodePipesParams, describe } from "./encoding.js";
import { DAGSTER_PIPES_NOT_LAUNCHED_WARNING, DagsterPipesError } from "./errors.js";
import {
  DAGSTER_PIPES_CONTEXT_ENV_VAR,
  DAGSTER_PIPES_MESSAGES_ENV_VAR,
  type PipesContextData,
  type PipesDataProvenance,
  type PipesPartitionKeyRange,
  type PipesTimeWindow,
} from "./protocol.js";
import { openChannel, type PipesTextSink, resolveDestination } from "./writer.js";

/** Options of `openDagsterPipes` and `withDagsterPipes`. */
export interface OpenDagsterPipesOptions {
  /** Environment to read DAGSTER_PIPES_CONTEXT / DAGSTER_PIPES_MESSAGES from. Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Receives the one-per-process warning emitted when the process was not launched by Dagster.
   * Default: `process.emitWarning(message, { type: "DagsterPipesWarning", code: "DAGSTER_PIPES_NOT_LAUNCHED" })`.
   */
  readonly logger?:
    | {
        /** Receives the warning text. */
        warn(message: string): void;
      }
    | undefined;
  /**
   * Install a `process.on("exit")` hook that sends `closed` if the session is still open when the
   * process exits (with the uncaught error, or a PipesProcessExitError, when the exit code is not
   * 0). Default: true.
   */
  readonly handleProcessExit?: boolean | undefined;
  /** Extra data sent in the `opened` message (`{"extras": {...}}`). Default: `{}`. */
  readonly openedExtras?: Readonly<Record<string, unknown>> | undefined;
  /** Streams used for `stdio` destinations. Default: process.stdout / process.stderr. */
  readonly stdout?: PipesTextSink | undefined;
  readonly stderr?: PipesTextSink | undefined;
  /**
   * Also send every `pipes.log` line here: `"stderr"` (`[INFO] message`, to the `stderr`
   * option's sink), a function `(level, message)`, or a logger (a pino `Logger` fits). Outside
   * Dagster the no-op context drops `pipes.log` lines; with this option they are still seen.
   * Default: no echo.
   */
  readonly echoLogs?: PipesLogEcho | undefined;
  /**
   * When `echoLogs` applies: `"outside-dagster"` (default; inside Dagster the lines already reach
   * the run's logs, and `PipesSubprocessClient` also shows the process's stderr) or `"always"`.
   */
  readonly echoLogsWhen?: "outside-dagster" | "always" | undefined;
}

const NOT_LAUNCHED_MESSAGE =
  "This process was not launched by a Dagster orchestration process (DAGSTER_PIPES_CONTEXT is not set). " +
  "All calls to the Dagster Pipes context are no-ops.";

const warnedKey = Symbol.for("@dagster-rocky/pipes.notLaunchedWarned");
const globalStore = globalThis as unknown as Record<symbol, unknown>;

/** Open sessions by bootstrap params, so that opening twice returns the open session (as Python does). */
const openSessions = new Map<string, PipesContextImpl>();

const NOOP_DATA: PipesContextData = Object.freeze({
  asset_keys: null,
  code_version_by_asset_key: null,
  provenance_by_asset_key: null,
  partition_key: null,
  partition_key_range: null,
  partition_time_window: null,
  run_id: "",
  job_name: null,
  retry_number: 0,
  extras: Object.freeze({}),
});

/**
 * Open the Dagster Pipes session of this process (cf. Python `open_dagster_pipes`).
 *
 * - Launched by Dagster (DAGSTER_PIPES_CONTEXT set): decodes the bootstrap params, loads the
 *   context (`path` file or inline `data`), opens the messages channel (`path` file, `stdio` or
 *   `buffered_stdio`) and sends `opened`. While called again with the same bootstrap variables
 *   and the session is still open, returns that same session.
 * - Otherwise: returns a no-op context (reports are dropped, `isDagsterPipesProcess` is false) and
 *   warns once per process.
 *
 * Throws `DagsterPipesError` (`INVALID_BOOTSTRAP` / `INVALID_CONTEXT`) when the variables are present
 * but unusable.
 */
export function openDagsterPipes(options: OpenDagsterPipesOptions = {}): PipesContext {
  const env = options.env ?? process.env;
  const echo = echoOption(options);
  const rawContext = env[DAGSTER_PIPES_CONTEXT_ENV_VAR];
  if (rawContext === undefined || rawContext === "") {
    warnNotLaunchedOnce(options.logger);
    return new PipesContextImpl(NOOP_DATA, null, {
      handleProcessExit: false,
      openedExtras: {},
      echo,
    });
  }
  const rawMessages = env[DAGSTER_PIPES_MESSAGES_ENV_VAR];
  if (rawMessages === undefined || rawMessages === "") {
    throw new DagsterPipesError(
      "INVALID_BOOTSTRAP",
      `${DAGSTER_PIPES_CONTEXT_ENV_VAR} is set but ${DAGSTER_PIPES_MESSAGES_ENV_VAR} is not.`,
    );
  }
  const sessionKey = `${rawContext}\u0000${rawMessages}`;
  const existing = openSessions.get(sessionKey);
  if (existing && !existing.isClosed) return existing;

  const contextParams = decodePipesParams(rawContext, DAGSTER_PIPES_CONTEXT_ENV_VAR);
  const messagesParams = decodePipesParams(rawMessages, DAGSTER_PIPES_MESSAGES_ENV_VAR);
  const data = loadContextData(contextParams);
  const destination = resolveDestination(messagesParams);
  const channel = openChannel(destination, { stdout: options.stdout, stderr: options.stderr });
  const context = new PipesContextImpl(data, channel, {
    handleProcessExit: options.handleProcessExit ?? true,
    openedExtras: options.openedExtras ?? {},
    echo: options.echoLogsWhen === "always" ? echo : undefined,
    onClose: () => {
      if (openSessions.get(sessionKey) === context) openSessions.delete(sessionKey);
    },
  });
  openSessions.set(sessionKey, context);
  return context;
}

function echoOption(
  options: OpenDagsterPipesOptions,
): ((level: PipesLogLevel, message: string) => void) | undefined {
  const when = options.echoLogsWhen;
  if (when !== undefined && when !== "outside-dagster" && when !== "always") {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      `Invalid option \`echoLogsWhen\`: expected "outside-dagster" or "always", got ${JSON.stringify(when)}.`,
    );
  }
  return options.echoLogs === undefined
    ? undefined
    : echoFunction(options.echoLogs, options.stderr);
}

/** Open the session, run `fn` in it and close it (with the exception if `fn` throws). */
export function withDagsterPipes<T>(
  fn: (pipes: PipesContext) => T | PromiseLike<T>,
  options?: OpenDagsterPipesOptions,
): Promise<T> {
  return openDagsterPipes(options).run(fn);
}

function warnNotLaunchedOnce(logger: { warn(message: string): void } | undefined): void {
  if (globalStore[warnedKey] === true) return;
  globalStore[warnedKey] = true;
  if (logger) {
    logger.warn(NOT_LAUNCHED_MESSAGE);
  } else {
    process.emitWarning(NOT_LAUNCHED_MESSAGE, {
      type: "DagsterPipesWarning",
      code: DAGSTER_PIPES_NOT_LAUNCHED_WARNING,
    });
  }
}

/**
 * Load the context payload as `PipesDefaultContextLoader` does: from the JSON file at `path`, or
 * from the inline object `data`. Keys the orchestration side leaves out are normalized to null.
 */
export function loadContextData(params: Record<string, unknown>): PipesContextData {
  let raw: unknown;
  if ("path" in params) {
    const path = params.path;
    if (typeof path !== "string" || path === "") {
      throw new DagsterPipesError(
        "INVALID_BOOTSTRAP",
        `${DAGSTER_PIPES_CONTEXT_ENV_VAR}: "path" must be a non-empty string, got ${describe(path)}.`,
      );
    }
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (cause) {
      throw new DagsterPipesError(
        "INVALID_CONTEXT",
        `Cannot read the Pipes context file ${path}: ${(cause as Error).message}`,
        { cause },
      );
    }
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw new DagsterPipesError(
        "INVALID_CONTEXT",
        `The Pipes context file ${path} is not JSON: ${(cause as Error).message}`,
        { cause },
      );
    }
  } else if ("data" in params) {
    raw = params.data;
  } else {
    throw new DagsterPipesError(
      "INVALID_BOOTSTRAP",
      `${DAGSTER_PIPES_CONTEXT_ENV_VAR}: expected a "path" or "data" key, got keys [${Object.keys(params).join(", ")}].`,
    );
  }
  return normalizeContextData(raw);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function invalid(field: string, expected: string, value: unknown): DagsterPipesError {
  return new DagsterPipesError(
    "INVALID_CONTEXT",
    `Pipes context field \`${field}\` must be ${expected}, got ${describe(value)}.`,
  );
}

function optional<T>(
  record: Record<string, unknown>,
  field: string,
  expected: string,
  check: (value: unknown) => value is T,
): T | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (!check(value)) throw invalid(field, expected, value);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isRange = (v: unknown): v is PipesPartitionKeyRange =>
  isRecord(v) && isString(v.start) && isString(v.end);
const isNullableStringRecord = (v: unknown): v is Record<string, string | null> =>
  isRecord(v) && Object.values(v).every((x) => x === null || isString(x));
const isProvenanceRecord = (v: unknown): v is Record<string, PipesDataProvenance | null> =>
  isRecord(v) && Object.values(v).every((x) => x === null || isRecord(x));

/** Validate and normalize a raw context payload (missing optional keys become null). */
export function normalizeContextData(raw: unknown): PipesContextData {
  if (!isRecord(raw)) throw invalid("<root>", "a JSON object", raw);
  const runId = raw.run_id;
  if (!isString(runId)) throw invalid("run_id", "a string", runId);
  const retry = raw.retry_number ?? 0;
  if (typeof retry !== "number" || !Number.isInteger(retry)) {
    throw invalid("retry_number", "an integer", retry);
  }
  const extras = raw.extras ?? {};
  if (!isRecord(extras)) throw invalid("extras", "an object", extras);
  return {
    asset_keys: optional(raw, "asset_keys", "an array of strings", isStringArray),
    code_version_by_asset_key: optional(
      raw,
      "code_version_by_asset_key",
      "an object of strings",
      isNullableStringRecord,
    ),
    provenance_by_asset_key: optional(
      raw,
      "provenance_by_asset_key",
      "an object",
      isProvenanceRecord,
    ),
    partition_key: optional(raw, "partition_key", "a string", isString),
    partition_key_range: optional(raw, "partition_key_range", "{start, end}", isRange),
    partition_time_window: optional(
      raw,
      "partition_time_window",
      "{start, end}",
      isRange,
    ) as PipesTimeWindow | null,
    run_id: runId,
    job_name: optional(raw, "job_name", "a string", isString),
    retry_number: retry,
    extras,
  };
}
