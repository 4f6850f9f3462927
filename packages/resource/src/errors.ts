/**
 * Typed errors. Each has a stable `name`, a string `code` saying what went
 * wrong, and structured fields; bulky payloads (stderr tails, stdout
 * previews, partial results) are non-enumerable so that logging an error
 * object stays small. `isRockyError` recognises them across package copies.
 */

/** Longest stdout preview kept on a parse error. @internal */
export const STDOUT_PREVIEW_CHARS = 500;

/** One problem with an option, as a dotted path and a message that says how to fix it. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

function hidden<T extends object>(target: T, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: false,
    writable: false,
    configurable: true,
  });
}

/**
 * Registered (global) symbol: every copy of this package, in any realm, brands
 * its errors with the same key, so `isRockyError` does not depend on
 * `instanceof` (which fails across two installed copies).
 */
const BRAND = Symbol.for("@dagster-rocky/resource.RockyError");

/**
 * True for every error this SDK throws, from any copy of the package;
 * false for look-alikes (an object with the same `name` or `code` fields).
 */
export function isRockyError(value: unknown): value is RockyError {
  if (typeof value !== "object" || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false; // a hostile Proxy
  }
}

/**
 * The operating system's reasons a binary cannot be started that
 * `RockyBinaryNotFoundError.code` carries as they are; any other is `SPAWN_FAILED`
 * (the raw one stays in `osCode`).
 */
export type RockyBinaryCode =
  | "ENOENT"
  | "EACCES"
  | "EISDIR"
  | "ENOTDIR"
  | "ENOEXEC"
  | "EPERM"
  | "ELOOP"
  | "ENAMETOOLONG"
  | "ETXTBSY"
  | "SPAWN_FAILED";

const BINARY_CODES: ReadonlySet<string> = new Set<RockyBinaryCode>([
  "ENOENT",
  "EACCES",
  "EISDIR",
  "ENOTDIR",
  "ENOEXEC",
  "EPERM",
  "ELOOP",
  "ENAMETOOLONG",
  "ETXTBSY",
]);

/**
 * `RockyServerError.code`: `SERVER_UNREACHABLE`, `SERVER_ERROR`, or one of
 * rocky serve's error envelope codes (engine/crates/rocky-cli/src/api.rs and
 * rocky-server/src/auth.rs at the engine's commit), upper-cased. An envelope
 * code rocky does not have yet is `SERVER_ERROR` (the raw one stays in `serverCode`).
 */
export type RockyServerCode =
  | "SERVER_UNREACHABLE"
  | "SERVER_ERROR"
  | "BAD_REQUEST"
  | "CONFIG_INVALID"
  | "ENGINE_BUSY"
  | "ENGINE_NOT_READY"
  | "INTERNAL_ERROR"
  | "INVALID_SIGNATURE"
  | "JOB_NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "MODEL_NOT_FOUND"
  | "MUTATION_IN_PROGRESS"
  | "PIPELINE_NOT_FOUND"
  | "RATE_LIMITED"
  | "ROUTE_NOT_FOUND"
  | "UNAUTHORIZED"
  | "WEBHOOK_DISABLED";

const ENVELOPE_CODES: ReadonlySet<string> = new Set<RockyServerCode>([
  "BAD_REQUEST",
  "CONFIG_INVALID",
  "ENGINE_BUSY",
  "ENGINE_NOT_READY",
  "INTERNAL_ERROR",
  "INVALID_SIGNATURE",
  "JOB_NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "MODEL_NOT_FOUND",
  "MUTATION_IN_PROGRESS",
  "PIPELINE_NOT_FOUND",
  "RATE_LIMITED",
  "ROUTE_NOT_FOUND",
  "UNAUTHORIZED",
  "WEBHOOK_DISABLED",
]);

/**
 * Every `code` a Rocky error carries: one closed union, so a `switch` over
 * `error.code` is checked by the compiler. Classify by `code`, not by `name`.
 */
export type RockyErrorCode =
  | "ROCKY_ERROR"
  | "INVALID_OPTIONS"
  | RockyShadowCode
  | RockyBinaryCode
  | "VERSION_TOO_OLD"
  | "TIMEOUT"
  | "ABORTED"
  | "COMMAND_FAILED"
  | "PARTIAL_FAILURE"
  | "OUTPUT_NOT_JSON"
  | "OUTPUT_INVALID"
  | "OUTPUT_TOO_LARGE"
  | "DOCTOR_CRITICAL"
  | "DOCTOR_UNAVAILABLE"
  | RockyServerCode;

/**
 * Base class of every error this package throws. `command` is the rocky verb,
 * when one was involved; `code` is a stable UPPER_SNAKE string per situation.
 */
export class RockyError extends Error {
  override readonly name: string = "RockyError";
  /** What went wrong, stable across versions (see each class for its values). */
  readonly code: RockyErrorCode;
  /** The rocky verb involved, or null. */
  readonly command: string | null;

  constructor(
    message: string,
    options: { command?: string | null; cause?: unknown; code?: RockyErrorCode } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? "ROCKY_ERROR";
    this.command = options.command ?? null;
  }
}
Object.defineProperty(RockyError.prototype, BRAND, { value: true });

/** Invalid resource or call options; nothing was spawned. */
export class RockyConfigError extends RockyError {
  override readonly name = "RockyConfigError";
  declare readonly code: "INVALID_OPTIONS";
  /** Every bad field, with how to fix it. */
  readonly issues: readonly ConfigIssue[];
  /** The config file the options came from, when they came from one. */
  readonly filePath: string | null;

  constructor(
    issues: readonly ConfigIssue[],
    options: {
      command?: string | null;
      filePath?: string | null;
      context?: string;
      cause?: unknown;
    } = {},
  ) {
    const where = options.filePath ? ` in ${options.filePath}` : "";
    const what =
      options.context ??
      (options.command ? `options for rocky ${options.command}` : "RockyResource options");
    const lines = issues.map((i) => `  - ${i.path || "(root)"}: ${i.message}`);
    super(`Invalid ${what}${where}:\n${lines.join("\n")}`, {
      command: options.command ?? null,
      code: "INVALID_OPTIONS",
      cause: options.cause,
    });
    this.issues = issues;
    this.filePath = options.filePath ?? null;
  }
}

/** Why a shadow-mode guarantee could not be established (the lower-case form of `RockyShadowError.code`). */
export type RockyShadowReason =
  | "invalid_suffix"
  | "suffix_required"
  | "hook_failed"
  | "args_not_shadowed"
  | "plan_not_shadowed"
  | "refused_when_shadowed"
  | "pipeline_not_shadowable"
  | "pipeline_unknown"
  | "engine_version_unknown"
  | "deployment_unknown"
  | "deployment_ambiguous"
  | "state_not_isolated"
  | "config_changed";

/** The `code` of a RockyShadowError. */
export type RockyShadowCode = Uppercase<RockyShadowReason>;

/** A shadow-mode guarantee could not be established; nothing was spawned. */
export class RockyShadowError extends RockyError {
  override readonly name = "RockyShadowError";
  declare readonly code: RockyShadowCode;
  /** @deprecated Use `code` (the same value, upper-case). */
  readonly reason: RockyShadowReason;
  /** The suffix that was refused, when one was. */
  readonly suffix: unknown;

  constructor(
    reason: RockyShadowReason,
    message: string,
    options: { command?: string | null; suffix?: unknown; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: reason.toUpperCase() as RockyShadowCode });
    this.reason = reason;
    this.suffix = options.suffix;
  }
}

/** What is wrong with a rocky binary that could not be started (`RockyBinaryNotFoundError.problem`). */
export type BinaryProblem = "not_found" | "is_directory" | "not_executable" | "cannot_execute";

/** The rocky binary could not be started: it does not exist, is not executable, or is a directory. */
export class RockyBinaryNotFoundError extends RockyError {
  override readonly name = "RockyBinaryNotFoundError";
  /** The binary that could not be started. */
  readonly binaryPath: string;
  /** The operating system's error code (`ENOENT`, `EACCES`, ...), or `SPAWN_FAILED` for none or another. */
  declare readonly code: RockyBinaryCode;
  /** The operating system's error code, or null when it gave none. */
  readonly osCode: string | null;
  /**
   * What is wrong: `not_found`, `is_directory` (the path, or the first PATH entry of that name, is
   * a folder), `not_executable` (a file without the execute permission: `chmod +x` it), or
   * `cannot_execute` (it exists but the OS refused it, see `osCode`).
   */
  readonly problem: BinaryProblem;
  /** The file the spawn found for `binaryPath` (resolved against the cwd or PATH), or null. */
  readonly resolvedPath: string | null;

  constructor(
    binaryPath: string,
    options: {
      command?: string | null;
      code?: string | null;
      cause?: unknown;
      problem?: BinaryProblem;
      resolvedPath?: string | null;
    } = {},
  ) {
    const code = options.code ?? null;
    const problem =
      options.problem ?? (code === "ENOENT" || code === null ? "not_found" : "cannot_execute");
    const resolvedPath = options.resolvedPath ?? null;
    super(binaryMessage(binaryPath, problem, code, resolvedPath), {
      command: options.command ?? null,
      cause: spawnCause(binaryPath, code, options.cause),
      code: code !== null && BINARY_CODES.has(code) ? (code as RockyBinaryCode) : "SPAWN_FAILED",
    });
    this.binaryPath = binaryPath;
    this.osCode = code;
    this.problem = problem;
    this.resolvedPath = resolvedPath;
  }
}

const INSTALL_ROCKY =
  "Install rocky (https://github.com/rocky-data/rocky/releases) and put it on PATH, or set the binaryPath option to its absolute path.";

function binaryMessage(
  binaryPath: string,
  problem: BinaryProblem,
  code: string | null,
  resolvedPath: string | null,
): string {
  const named = JSON.stringify(binaryPath);
  // A bare name found on PATH: say where.
  const at = resolvedPath !== null && resolvedPath !== binaryPath ? ` (${resolvedPath})` : "";
  const file = resolvedPath ?? binaryPath;
  switch (problem) {
    case "is_directory":
      return `rocky binary ${named}${at} is a directory, not the rocky executable: set binaryPath to the rocky file (for example ${JSON.stringify(`${file.replace(/\/+$/, "")}/rocky`)}).`;
    case "not_executable":
      return `rocky binary ${named}${at} is not executable (${code ?? "EACCES"}): make it executable with chmod +x ${file}, or set binaryPath to an executable rocky.`;
    case "cannot_execute":
      return `rocky binary ${named}${at} could not be executed (${code ?? "spawn failed"}): check that it is a rocky executable for this platform. ${INSTALL_ROCKY}`;
    default:
      return `rocky binary ${named} was not found. ${INSTALL_ROCKY}`;
  }
}

/**
 * The spawn error, reduced to its code. Node's own carries `spawnargs` (the
 * whole argv: idempotency key, governance override) and, for a refused
 * environment, a message quoting the variable's value; util.inspect and
 * pino's errWithCause would print both.
 */
function spawnCause(binaryPath: string, code: string | null, cause: unknown): Error | undefined {
  if (cause === undefined) return undefined;
  const reduced = new Error(`spawn ${binaryPath} ${code ?? "failed"}`);
  if (code !== null) Object.defineProperty(reduced, "code", { value: code, enumerable: true });
  return reduced;
}

/** The binary reports a version older than this SDK supports. */
export class RockyVersionError extends RockyError {
  override readonly name = "RockyVersionError";
  declare readonly code: "VERSION_TOO_OLD";
  /** The version the binary reported. */
  readonly detectedVersion: string;
  /** The oldest version that would have been accepted. */
  readonly minimumVersion: string;
  /** The binary that was probed. */
  readonly binaryPath: string;
  /** What needs the newer rocky: null for the SDK as a whole, else a verb or `verb option`. */
  readonly feature: string | null;

  constructor(
    detectedVersion: string,
    minimumVersion: string,
    binaryPath: string,
    options: { command?: string; feature?: string } = {},
  ) {
    const what =
      options.feature === undefined
        ? `is older than the minimum supported ${minimumVersion}`
        : `is older than ${minimumVersion}, which ${options.feature} needs`;
    super(
      `rocky ${detectedVersion} at ${JSON.stringify(binaryPath)} ${what}; upgrade rocky or point binaryPath at a newer binary.`,
      { command: options.command ?? "--version", code: "VERSION_TOO_OLD" },
    );
    this.detectedVersion = detectedVersion;
    this.minimumVersion = minimumVersion;
    this.binaryPath = binaryPath;
    this.feature = options.feature ?? null;
  }
}

/** The command ran past its deadline; its whole process group was terminated. */
export class RockyTimeoutError extends RockyError {
  override readonly name = "RockyTimeoutError";
  declare readonly code: "TIMEOUT";
  /** The deadline that passed. */
  readonly timeoutMs: number;
  /** How long the command ran. */
  readonly durationMs: number;
  /** The process (group) id. */
  readonly pid: number | null;
  /** The last stderr lines (non-enumerable). */
  declare readonly stderrTail: string;

  constructor(fields: {
    command: string;
    timeoutMs: number;
    durationMs: number;
    pid: number | null;
    stderrTail: string;
    /** The resource option that sets this deadline when the call gives none (default `timeoutMs`). */
    resourceOption?: "timeoutMs" | "serverTimeoutMs";
  }) {
    const server = fields.resourceOption === "serverTimeoutMs";
    const what = server
      ? `rocky serve did not answer ${fields.command} within ${fields.timeoutMs} ms`
      : `rocky ${fields.command} timed out after ${fields.timeoutMs} ms and was terminated`;
    const raise = server
      ? "set the resource's serverTimeoutMs option (default 30000)"
      : "set the resource's timeoutMs option (default 3600000, 1 h), or return it from a resolveTimeoutMs override";
    super(
      `${what}. To allow longer, pass timeoutMs to the call (rocky.${fields.command}({ ..., timeoutMs })), ${raise}.`,
      { command: fields.command, code: "TIMEOUT" },
    );
    this.timeoutMs = fields.timeoutMs;
    this.durationMs = fields.durationMs;
    this.pid = fields.pid;
    hidden(this, "stderrTail", fields.stderrTail);
  }
}

/** The caller's AbortSignal fired; the command was not started or its process group was terminated. */
export class RockyAbortError extends RockyError {
  override readonly name = "RockyAbortError";
  declare readonly code: "ABORTED";
  /** The AbortSignal's reason (also the `cause`). */
  readonly reason: unknown;
  /** Whether a process had been started (and was terminated). */
  readonly spawned: boolean;

  constructor(fields: { command: string; reason: unknown; spawned: boolean }) {
    super(
      fields.spawned
        ? `rocky ${fields.command} was aborted and terminated`
        : `rocky ${fields.command} was aborted before it started`,
      { command: fields.command, cause: fields.reason, code: "ABORTED" },
    );
    this.reason = fields.reason;
    this.spawned = fields.spawned;
  }
}

/** rocky's own report of a failure, as read from its stderr (anyhow's `Error:` and `Caused by:`). */
export interface RockyFailureReport {
  /** The message after `Error: ` (for a panic, its `thread ... panicked at ...` line and message). */
  readonly message: string;
  /** The `Caused by:` chain, outermost first. */
  readonly causes: readonly string[];
}

/**
 * The message of a failed command: how it ended, then rocky's own `Error:`
 * message and cause chain when it printed them (whatever followed them on
 * stderr: stack frames under RUST_BACKTRACE=1), else the stderr tail.
 */
function commandMessage(
  how: string,
  stderrTail: string,
  report: RockyFailureReport | null,
): string {
  if (report === null) return stderrTail ? `${how}\n${stderrTail}` : how;
  const causes = report.causes.map((c) => `\n  caused by: ${c.replaceAll("\n", "\n    ")}`);
  return `${how}: ${report.message}${causes.join("")}`;
}

/** rocky exited unsuccessfully (or was killed by a signal nobody here sent) without a usable result. */
export class RockyCommandError extends RockyError {
  override readonly name: string = "RockyCommandError";
  declare readonly code: "COMMAND_FAILED" | "PARTIAL_FAILURE";
  /** The exit code, or null when killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that killed it, or null. */
  readonly signal: string | null;
  /** How long the command ran. */
  readonly durationMs: number;
  /** rocky's `Error:` message (anyhow's top-level message), or null when it printed none (non-enumerable). */
  declare readonly rockyMessage: string | null;
  /** rocky's `Caused by:` chain, outermost first, empty when it printed none (non-enumerable). */
  declare readonly rockyCauses: readonly string[];
  /** The last stderr lines (non-enumerable). */
  declare readonly stderrTail: string;

  constructor(fields: {
    command: string;
    exitCode: number | null;
    signal: string | null;
    durationMs: number;
    stderrTail: string;
    report?: RockyFailureReport | null;
    /** Appended to the message (what the SDK knows about how the call ended). */
    note?: string;
    message?: string;
    code?: "COMMAND_FAILED" | "PARTIAL_FAILURE";
  }) {
    const how = fields.signal
      ? `rocky ${fields.command} was killed by ${fields.signal}`
      : `rocky ${fields.command} exited with code ${fields.exitCode}`;
    const report = fields.report ?? null;
    const note = fields.note ? ` (${fields.note})` : "";
    super(fields.message ?? commandMessage(`${how}${note}`, fields.stderrTail, report), {
      command: fields.command,
      code: fields.code ?? "COMMAND_FAILED",
    });
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.durationMs = fields.durationMs;
    // Non-enumerable like the tail they come from: rocky's words stay out of serialized errors.
    hidden(this, "rockyMessage", report?.message ?? null);
    hidden(this, "rockyCauses", Object.freeze([...(report?.causes ?? [])]));
    hidden(this, "stderrTail", fields.stderrTail);
  }
}

/** rocky exited non-zero with a JSON result (some tables failed) and `allowPartial` was false. */
export class RockyPartialFailureError<T = unknown> extends RockyCommandError {
  override readonly name = "RockyPartialFailureError";
  /** rocky's report, parsed (non-enumerable: it may echo secrets). */
  declare readonly result: T;

  constructor(fields: {
    command: string;
    exitCode: number | null;
    durationMs: number;
    stderrTail: string;
    report?: RockyFailureReport | null;
    result: T;
  }) {
    super({
      ...fields,
      signal: null,
      code: "PARTIAL_FAILURE",
      message: `rocky ${fields.command} exited with code ${fields.exitCode} and a partial result (allowPartial is false)`,
    });
    hidden(this, "result", fields.result);
  }
}

const PARSE_CODES = {
  json: "OUTPUT_NOT_JSON",
  validation: "OUTPUT_INVALID",
  too_large: "OUTPUT_TOO_LARGE",
} as const;

/** rocky's stdout was not JSON, too large, or did not match the output contract. */
export class RockyOutputParseError extends RockyError {
  override readonly name = "RockyOutputParseError";
  declare readonly code: "OUTPUT_NOT_JSON" | "OUTPUT_INVALID" | "OUTPUT_TOO_LARGE";
  /** @deprecated Use `code`: `json` is OUTPUT_NOT_JSON, `validation` OUTPUT_INVALID, `too_large` OUTPUT_TOO_LARGE. */
  readonly kind: "json" | "validation" | "too_large";
  /** Size of the whole stdout, in UTF-8 bytes. */
  readonly stdoutBytes: number;
  /** Contract violations (validation only), bounded. */
  readonly issues: readonly ConfigIssue[];
  /** The start of stdout (non-enumerable). */
  declare readonly stdoutPreview: string;

  constructor(fields: {
    command: string;
    kind: RockyOutputParseError["kind"];
    detail: string;
    stdout: string;
    stdoutBytes?: number;
    issues?: readonly ConfigIssue[];
    cause?: unknown;
  }) {
    const what =
      fields.kind === "json"
        ? "is not valid JSON"
        : fields.kind === "too_large"
          ? "is larger than the SDK buffers"
          : "does not match the output contract";
    super(`rocky ${fields.command} output ${what}:\n${fields.detail}`, {
      command: fields.command,
      cause: fields.cause,
      code: PARSE_CODES[fields.kind],
    });
    this.kind = fields.kind;
    this.stdoutBytes = fields.stdoutBytes ?? Buffer.byteLength(fields.stdout, "utf8");
    this.issues = fields.issues ?? [];
    hidden(this, "stdoutPreview", fields.stdout.slice(0, STDOUT_PREVIEW_CHARS));
  }
}

/** @deprecated Renamed {@link RockyPartialFailureError}; this alias is the same class. */
export const RockyPartialFailure = RockyPartialFailureError;
/** @deprecated Renamed {@link RockyPartialFailureError}. */
export type RockyPartialFailure<T = unknown> = RockyPartialFailureError<T>;

/** One doctor check that fails `RockyResource.create`'s startup gate. */
export interface DoctorFailure {
  /** The check's name as rocky reports it (`auth`, `auth/<adapter>`, `state_rw`, ...). */
  readonly name: string;
  /** Its status: `critical`, or a status this SDK does not know (counted as critical). */
  readonly status: string;
  /** rocky's message for it. */
  readonly message: string;
}

/**
 * `RockyResource.create` refused to return a resource: a strict doctor check
 * failed (`code` DOCTOR_CRITICAL, `failures` lists them) or `rocky doctor`
 * could not run at all (`code` DOCTOR_UNAVAILABLE, the underlying typed error
 * is the `cause`).
 */
export class RockyDoctorError extends RockyError {
  override readonly name = "RockyDoctorError";
  declare readonly code: "DOCTOR_CRITICAL" | "DOCTOR_UNAVAILABLE";
  /** The strict checks that failed (empty for DOCTOR_UNAVAILABLE). */
  readonly failures: readonly DoctorFailure[];

  constructor(failures: readonly DoctorFailure[], options: { cause?: unknown } = {}) {
    const unavailable = options.cause !== undefined;
    const list = failures.map((f) => `  - ${f.name} (${f.status}): ${f.message}`).join("\n");
    super(
      unavailable
        ? "rocky doctor could not execute during RockyResource.create; no resource was returned (see the error's cause)"
        : `rocky doctor reported ${failures.length} failing strict check(s) during RockyResource.create; no resource was returned:\n${list}`,
      {
        command: "doctor",
        cause: options.cause,
        code: unavailable ? "DOCTOR_UNAVAILABLE" : "DOCTOR_CRITICAL",
      },
    );
    this.failures = Object.freeze([...failures]);
  }
}

/**
 * The `rocky serve` HTTP API (the `serverUrl` option) answered with an
 * error, or could not be reached. `code` is the error envelope's token
 * upper-cased (`MODEL_NOT_FOUND`, `UNAUTHORIZED`, `ENGINE_NOT_READY`...),
 * `SERVER_ERROR` for a non-2xx answer without an envelope, or
 * `SERVER_UNREACHABLE` when no answer came (then `status` is null and
 * `cause` holds the network error).
 */
export class RockyServerError extends RockyError {
  override readonly name = "RockyServerError";
  declare readonly code: RockyServerCode;
  /** The HTTP status, or null when the server could not be reached. */
  readonly status: number | null;
  /** The envelope's `code` as the server sent it (`model_not_found`), or null without an envelope. */
  readonly serverCode: string | null;
  /** The envelope's `remediation_hint`, when it had one. */
  readonly remediationHint: string | null;
  /** The envelope's `running_job_id` (on 409/503), when it had one. */
  readonly runningJobId: string | null;
  /** The request path (`/api/v1/...`); never holds a token. */
  readonly path: string;

  constructor(fields: {
    command: string;
    path: string;
    status: number | null;
    serverCode?: string | null;
    message?: string | null;
    remediationHint?: string | null;
    runningJobId?: string | null;
    cause?: unknown;
  }) {
    const serverCode = fields.serverCode ?? null;
    const upper = serverCode?.toUpperCase() ?? "";
    const code: RockyServerCode =
      fields.status === null
        ? "SERVER_UNREACHABLE"
        : serverCode !== null &&
            /^[a-z][a-z0-9_]{0,63}$/.test(serverCode) &&
            ENVELOPE_CODES.has(upper)
          ? (upper as RockyServerCode)
          : "SERVER_ERROR";
    const what =
      fields.status === null
        ? `could not reach rocky serve for GET ${fields.path}`
        : `rocky serve answered GET ${fields.path} with ${fields.status}${serverCode === null ? "" : ` ${serverCode}`}`;
    const detail = fields.message ? `: ${fields.message}` : "";
    const hint = fields.remediationHint ? ` (${fields.remediationHint})` : "";
    super(`${what}${detail}${hint}`, { command: fields.command, code, cause: fields.cause });
    this.status = fields.status;
    this.serverCode = serverCode;
    this.remediationHint = fields.remediationHint ?? null;
    this.runningJobId = fields.runningJobId ?? null;
    this.path = fields.path;
  }
}
