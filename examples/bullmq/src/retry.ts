/**
 * Which failed attempts BullMQ may retry, and when. The rule is the SDK's
 * (`isRetryable` / `retryAfterMs` from @dagster-rocky/resource): a command
 * failure is retried with the queue's exponential backoff; a quota breach
 * after the cooldown rocky reported; a timeout, an abort, and shadow, config,
 * version and output-validation errors never (they fail the same way again,
 * or someone decided). Anything unknown is not retried either.
 */
import { retryAfterMs, isRetryable as sdkIsRetryable } from "@dagster-rocky/resource";
import { type BackoffStrategy, UnrecoverableError } from "bullmq";

/** The job's backoff `type` that selects {@link rockyBackoff}. */
export const ROCKY_BACKOFF = "rocky";

/** True when BullMQ may run the job again after this error. */
export function isRetryable(error: unknown): boolean {
  return sdkIsRetryable(error);
}

/**
 * The worker's backoff strategy: the delay rocky asked for (a quota breach's
 * cooldown), else exponential from the job's `backoff.delay` (1000 ms when unset).
 */
export const rockyBackoff: BackoffStrategy = (attemptsMade, _type, err, job) => {
  const asked = retryAfterMs(err);
  if (asked !== undefined) return asked;
  const backoff = job?.opts.backoff;
  const base = typeof backoff === "number" ? backoff : (backoff?.delay ?? 1000);
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * base);
};

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
