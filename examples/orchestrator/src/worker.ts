/**
 * How a long-running worker (BullMQ, Temporal activities, a home-grown queue)
 * drives rocky: one shared RockyResource for the whole process, and per job
 * the AbortSignal the framework hands you, stderr lines forwarded as
 * progress/heartbeats, and retries decided by error type.
 */
import {
  RockyAbortError,
  RockyCommandError,
  RockyConfigError,
  type RockyResource,
  RockyShadowError,
  RockyTimeoutError,
  type RunOutput,
} from "@dagster-rocky/resource";

export interface JobData {
  /** One `key=value` rocky filter, e.g. `tenant=acme`. */
  readonly filter: string;
  /** Deadline of each attempt (default: the resource's timeoutMs). */
  readonly timeoutMs?: number;
}

export type JobState = "waiting" | "active" | "completed" | "failed" | "cancelled";

export interface Job {
  readonly id: string;
  readonly data: JobData;
  state: JobState;
  attempts: number;
  /** Every stderr line rocky printed, as the job's progress log. */
  readonly progress: string[];
  /** Heartbeats sent (one per progress line: what Temporal's heartbeat() / BullMQ's updateProgress() would get). */
  heartbeats: number;
  /** Errors of failed attempts, in order. */
  readonly errors: Error[];
  result?: RunOutput;
  /** What the framework hands the job: aborting it kills the running rocky process group. */
  readonly controller: AbortController;
}

/** A tiny in-memory job queue, standing in for BullMQ or a Temporal task queue. */
export class InMemoryQueue {
  readonly #jobs: Job[] = [];
  #seq = 0;

  add(data: JobData): Job {
    const job: Job = {
      id: `job-${++this.#seq}`,
      data,
      state: "waiting",
      attempts: 0,
      progress: [],
      heartbeats: 0,
      errors: [],
      controller: new AbortController(),
    };
    this.#jobs.push(job);
    return job;
  }

  /** The next waiting job, or undefined. */
  take(): Job | undefined {
    return this.#jobs.find((j) => j.state === "waiting");
  }

  get(id: string): Job | undefined {
    return this.#jobs.find((j) => j.id === id);
  }

  /** Cancels a job: a waiting one never starts, a running one's rocky process group is terminated. */
  cancel(id: string, reason = "cancelled by the operator"): void {
    this.get(id)?.controller.abort(new Error(reason));
  }
}

/**
 * Whether a failed attempt is worth retrying. rocky exiting non-zero without a
 * usable result (RockyCommandError, which includes RockyPartialFailure) may be
 * transient. The others are not: a timeout would most likely time out again
 * and holds the warehouse meanwhile, an abort is a decision, and config and
 * shadow errors are bugs that spawned nothing and fail the same way every time.
 */
export function shouldRetry(error: unknown): boolean {
  if (
    error instanceof RockyTimeoutError ||
    error instanceof RockyAbortError ||
    error instanceof RockyConfigError ||
    error instanceof RockyShadowError
  ) {
    return false;
  }
  return error instanceof RockyCommandError;
}

export type WorkerEvent =
  | { readonly type: "started"; readonly job: Job; readonly attempt: number }
  | {
      readonly type: "attempt_failed";
      readonly job: Job;
      readonly attempt: number;
      readonly error: Error;
      readonly retryInMs: number | null;
    }
  | { readonly type: "completed"; readonly job: Job }
  | { readonly type: "failed"; readonly job: Job; readonly error: Error }
  | { readonly type: "cancelled"; readonly job: Job };

export interface WorkerOptions {
  /** Attempts per job, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Backoff before retry n is baseDelayMs * 2^(n-1). Default 1000. */
  readonly baseDelayMs?: number;
  /** Awaited for every event, so a listener can act between attempts. */
  readonly onEvent?: (event: WorkerEvent) => void | Promise<void>;
}

/** Resolves after ms, or rejects as soon as the signal aborts (a cancelled job does not sit out its backoff). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export class RockyWorker {
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #onEvent: (event: WorkerEvent) => void | Promise<void>;

  /** `rocky` is shared by every job: one instance per process (its version probe runs once). */
  constructor(
    private readonly rocky: RockyResource,
    private readonly queue: InMemoryQueue,
    options: WorkerOptions = {},
  ) {
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#onEvent = options.onEvent ?? (() => {});
  }

  /** Processes waiting jobs one after another until none is left. */
  async drain(): Promise<void> {
    for (let job = this.queue.take(); job !== undefined; job = this.queue.take())
      await this.process(job);
  }

  /** One job with its retries. Never throws: the outcome is in job.state. */
  async process(job: Job): Promise<void> {
    const signal = job.controller.signal;
    job.state = "active";
    for (;;) {
      const attempt = ++job.attempts;
      await this.#onEvent({ type: "started", job, attempt });
      try {
        job.result = await this.rocky.run({
          filter: job.data.filter,
          signal,
          ...(job.data.timeoutMs === undefined ? {} : { timeoutMs: job.data.timeoutMs }),
          onLog: (line) => {
            job.progress.push(line);
            job.heartbeats++;
          },
        });
        job.state = "completed";
        await this.#onEvent({ type: "completed", job });
        return;
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        job.errors.push(error);
        const retry = shouldRetry(error) && attempt < this.#maxAttempts && !signal.aborted;
        const retryInMs = retry ? this.#baseDelayMs * 2 ** (attempt - 1) : null;
        await this.#onEvent({ type: "attempt_failed", job, attempt, error, retryInMs });
        if (retryInMs === null) {
          job.state = error instanceof RockyAbortError ? "cancelled" : "failed";
          await this.#onEvent(
            job.state === "cancelled" ? { type: "cancelled", job } : { type: "failed", job, error },
          );
          return;
        }
        try {
          await sleep(retryInMs, signal);
        } catch {
          job.state = "cancelled";
          await this.#onEvent({ type: "cancelled", job });
          return;
        }
      }
    }
  }
}
