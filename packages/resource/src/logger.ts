/**
 * One logging method, as pino declares it: an object (merged into the line)
 * and a message, or a message alone. Extra arguments are format values.
 */
export interface LogFn {
  (obj: object, msg?: string, ...args: unknown[]): void;
  (msg: string, ...args: unknown[]): void;
}

/**
 * The slice of a logger this package uses. A plain structural type (no pino
 * import), so an app without pino type-checks; a pino `Logger` satisfies it.
 */
export interface LoggerLike {
  /** Logs at trace level. */
  trace: LogFn;
  /** Logs at debug level. */
  debug: LogFn;
  /** Logs at info level. */
  info: LogFn;
  /** Logs at warn level. */
  warn: LogFn;
  /** Logs at error level. */
  error: LogFn;
  /** True when `level` would be written. */
  isLevelEnabled(level: string): boolean;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): LoggerLike;
}

const noop = () => {};

/**
 * The default: a logger that does nothing. It avoids loading pino at all when
 * the app passes none (cold start matters for workers).
 */
export const silentLogger: LoggerLike = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  isLevelEnabled: () => false,
  child: () => silentLogger,
};
