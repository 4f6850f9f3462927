/**
 * Typed errors. Each has a stable `name` and structured fields; bulky
 * payloads (stderr tails, stdout previews, partial results) are
 * non-enumerable so that logging an error object stays small.
 */

/** Longest stdout preview kept on a parse error. */
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

/** Base class of every error this package throws. `command` is the rocky verb, when one was involved. */
export class RockyError extends Error {
  override readonly name: string = "RockyError";
  readonly command: string | null;

  constructor(message: string, options: { command?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.command = options.command ?? null;
  }
}

/** Invalid resource or call options; nothing was spawned. */
export class RockyConfigError extends RockyError {
  override readonly name = "RockyConfigError";
  readonly issues: readonly ConfigIssue[];
  /** The config file the options came from, when they came from one. */
  readonly filePath: string | null;

  constructor(
    issues: readonly ConfigIssue[],
    options: { command?: string | null; filePath?: string | null; context?: string } = {},
  ) {
    const where = options.filePath ? ` in ${options.filePath}` : "";
    const what =
      options.context ??
      (options.command ? `options for rocky ${options.command}` : "RockyResource options");
    const lines = issues.map((i) => `  - ${i.path || "(root)"}: ${i.message}`);
    super(`Invalid ${what}${where}:\n${lines.join("\n")}`, { command: options.command ?? null });
    this.issues = issues;
    this.filePath = options.filePath ?? null;
  }
}

/** A shadow-mode guarantee could not be established; nothing was spawned. */
export class RockyShadowError extends RockyError {
  override readonly name = "RockyShadowError";
  readonly reason:
    | "invalid_suffix"
    | "suffix_required"
    | "hook_failed"
    | "args_not_shadowed"
    | "plan_not_shadowed";
  readonly suffix: unknown;

  constructor(
    reason: RockyShadowError["reason"],
    message: string,
    options: { command?: string | null; suffix?: unknown; cause?: unknown } = {},
  ) {
    super(message, options);
    this.reason = reason;
    this.suffix = options.suffix;
  }
}

/** The rocky binary could not be started: it does not exist, is not executable, or is a directory. */
export class RockyBinaryNotFoundError extends RockyError {
  override readonly name = "RockyBinaryNotFoundError";
  readonly binaryPath: string;
  /** The operating system's error code (`ENOENT`, `EACCES`, ...). */
  readonly code: string | null;

  constructor(
    binaryPath: string,
    options: { command?: string | null; code?: string | null; cause?: unknown } = {},
  ) {
    const code = options.code ?? null;
    const why =
      code === "ENOENT" || code === null ? "was not found" : `could not be executed (${code})`;
    super(
      `rocky binary ${JSON.stringify(binaryPath)} ${why}. Install rocky (https://github.com/rocky-data/rocky/releases) and put it on PATH, or set the binaryPath option to its absolute path.`,
      { command: options.command ?? null, cause: spawnCause(binaryPath, code, options.cause) },
    );
    this.binaryPath = binaryPath;
    this.code = code;
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
  readonly detectedVersion: string;
  readonly minimumVersion: string;
  readonly binaryPath: string;

  constructor(detectedVersion: string, minimumVersion: string, binaryPath: string) {
    super(
      `rocky ${detectedVersion} at ${JSON.stringify(binaryPath)} is older than the minimum supported ${minimumVersion}; upgrade rocky or point binaryPath at a newer binary.`,
      { command: "--version" },
    );
    this.detectedVersion = detectedVersion;
    this.minimumVersion = minimumVersion;
    this.binaryPath = binaryPath;
  }
}

/** The command ran past its deadline; its whole process group was terminated. */
export class RockyTimeoutError extends RockyError {
  override readonly name = "RockyTimeoutError";
  readonly timeoutMs: number;
  readonly durationMs: number;
  readonly pid: number | null;
  declare readonly stderrTail: string;

  constructor(fields: {
    command: string;
    timeoutMs: number;
    durationMs: number;
    pid: number | null;
    stderrTail: string;
  }) {
    super(`rocky ${fields.command} timed out after ${fields.timeoutMs} ms and was terminated`, {
      command: fields.command,
    });
    this.timeoutMs = fields.timeoutMs;
    this.durationMs = fields.durationMs;
    this.pid = fields.pid;
    hidden(this, "stderrTail", fields.stderrTail);
  }
}

/** The caller's AbortSignal fired; the command was not started or its process group was terminated. */
export class RockyAbortError extends RockyError {
  override readonly name = "RockyAbortError";
  readonly reason: unknown;
  readonly spawned: boolean;

  constructor(fields: { command: string; reason: unknown; spawned: boolean }) {
    super(
      fields.spawned
        ? `rocky ${fields.command} was aborted and terminated`
        : `rocky ${fields.command} was aborted before it started`,
      { command: fields.command, cause: fields.reason },
    );
    this.reason = fields.reason;
    this.spawned = fields.spawned;
  }
}

/** rocky exited unsuccessfully (or was killed by a signal nobody here sent) without a usable result. */
export class RockyCommandError extends RockyError {
  override readonly name: string = "RockyCommandError";
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  declare readonly stderrTail: string;

  constructor(fields: {
    command: string;
    exitCode: number | null;
    signal: string | null;
    durationMs: number;
    stderrTail: string;
    message?: string;
  }) {
    const how = fields.signal
      ? `was killed by ${fields.signal}`
      : `exited with code ${fields.exitCode}`;
    const tail = fields.stderrTail ? `\n${fields.stderrTail}` : "";
    super(fields.message ?? `rocky ${fields.command} ${how}${tail}`, { command: fields.command });
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.durationMs = fields.durationMs;
    hidden(this, "stderrTail", fields.stderrTail);
  }
}

/** rocky exited non-zero with a JSON result (some tables failed) and `allowPartial` was false. */
export class RockyPartialFailure<T = unknown> extends RockyCommandError {
  override readonly name = "RockyPartialFailure";
  declare readonly result: T;

  constructor(fields: {
    command: string;
    exitCode: number | null;
    durationMs: number;
    stderrTail: string;
    result: T;
  }) {
    super({
      ...fields,
      signal: null,
      message: `rocky ${fields.command} exited with code ${fields.exitCode} and a partial result (allowPartial is false)`,
    });
    hidden(this, "result", fields.result);
  }
}

/** rocky's stdout was not JSON, too large, or did not match the output contract. */
export class RockyOutputParseError extends RockyError {
  override readonly name = "RockyOutputParseError";
  readonly kind: "json" | "validation" | "too_large";
  readonly stdoutBytes: number;
  readonly issues: readonly ConfigIssue[];
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
    });
    this.kind = fields.kind;
    this.stdoutBytes = fields.stdoutBytes ?? Buffer.byteLength(fields.stdout, "utf8");
    this.issues = fields.issues ?? [];
    hidden(this, "stdoutPreview", fields.stdout.slice(0, STDOUT_PREVIEW_CHARS));
  }
}
