/**
 * Which failed attempts BullMQ may retry. The one rule lives here so it can be
 * swapped for the SDK's own classification once it has one.
 */
import {
  RockyAbortError,
  RockyCommandError,
  RockyConfigError,
  RockyOutputParseError,
  RockyShadowError,
  RockyTimeoutError,
} from "@dagster-rocky/resource";
import { UnrecoverableError } from "bullmq";

/**
 * rocky ran and exited non-zero without a usable result (RockyCommandError):
 * possibly transient (a warehouse hiccup), so worth another attempt. Never
 * retried: a timeout (it would most likely time out again while holding the
 * warehouse), an abort (someone decided), and shadow, config, version and
 * output-validation errors (bugs that fail the same way every time; the first
 * three spawn nothing). Anything unknown is not retried either.
 */
export function isRetryable(error: unknown): boolean {
  if (
    error instanceof RockyTimeoutError ||
    error instanceof RockyAbortError ||
    error instanceof RockyConfigError ||
    error instanceof RockyShadowError ||
    error instanceof RockyOutputParseError
  ) {
    return false;
  }
  return error instanceof RockyCommandError;
}

/**
 * What the processor throws for a failed attempt: the error itself when
 * BullMQ may retry it, otherwise an UnrecoverableError (BullMQ then fails the
 * job at once, whatever `attempts` says) naming the original error.
 */
export function toJobError(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  if (isRetryable(err)) return err;
  const wrapped = new UnrecoverableError(`${err.name}: ${err.message}`);
  wrapped.cause = err;
  return wrapped;
}
