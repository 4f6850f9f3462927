import type { PipesLogLevel } from "./context.js";
import { DagsterPipesError } from "./errors.js";
import type { PipesTextSink } from "./writer.js";

/** A logger `pipes.log` lines can be echoed to (a pino `Logger` fits). */
export interface PipesEchoLogger {
  /** Gets DEBUG lines. */
  debug(message: string): unknown;
  /** Gets INFO lines. */
  info(message: string): unknown;
  /** Gets WARNING lines. */
  warn(message: string): unknown;
  /** Gets ERROR lines (and CRITICAL ones when there is no `fatal`). */
  error(message: string): unknown;
  /** Gets CRITICAL lines when present (else `error` does). */
  fatal?(message: string): unknown;
}

/**
 * Where `pipes.log` lines are echoed (the `echoLogs` option): `"stderr"` (one line each,
 * `[LEVEL] message`), a function, or a logger (DEBUG → `debug`, INFO → `info`, WARNING → `warn`,
 * ERROR → `error`, CRITICAL → `fatal`, else `error`).
 */
export type PipesLogEcho =
  | "stderr"
  | ((level: PipesLogLevel, message: string) => void)
  | PipesEchoLogger;

const METHODS = ["debug", "info", "warn", "error"] as const;

/** The echo function of an `echoLogs` option; refuses anything else before the session opens. */
export function echoFunction(
  echo: PipesLogEcho,
  stderr: PipesTextSink | undefined,
): (level: PipesLogLevel, message: string) => void {
  if (echo === "stderr") {
    return (level, message) => {
      (stderr ?? process.stderr).write(`[${level}] ${message}\n`);
    };
  }
  if (typeof echo === "function") return echo;
  if (
    echo !== null &&
    typeof echo === "object" &&
    METHODS.every((m) => typeof echo[m] === "function")
  ) {
    const logger = echo;
    return (level, message) => {
      if (level === "DEBUG") logger.debug(message);
      else if (level === "INFO") logger.info(message);
      else if (level === "WARNING") logger.warn(message);
      else if (level === "ERROR") logger.error(message);
      else if (typeof logger.fatal === "function") logger.fatal(message);
      else logger.error(message);
    };
  }
  throw new DagsterPipesError(
    "INVALID_PARAM",
    `Invalid option \`echoLogs\`: expected "stderr", a function (level, message) or a logger with debug/info/warn/error methods, got ${echo === null ? "null" : typeof echo}.`,
  );
}
