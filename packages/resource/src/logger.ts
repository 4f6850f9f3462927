import type { Logger } from "pino";

/** The slice of a pino Logger this package uses. */
export type LoggerLike = Pick<
  Logger,
  "debug" | "info" | "warn" | "error" | "trace" | "isLevelEnabled"
> & {
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): LoggerLike;
};

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
