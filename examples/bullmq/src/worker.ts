/**
 * A BullMQ worker driving rocky: one RockyResource for the whole process,
 * BullMQ's AbortSignal passed straight to run(), stderr lines as job
 * progress, retries decided by retry.ts, and cancellation by job id from any
 * producer (a custom event on the queue's event stream).
 */
import type { RockyResource } from "@dagster-rocky/resource";
import {
  type ConnectionOptions,
  type Job,
  QueueEvents,
  type QueueEventsListener,
  UnrecoverableError,
  WaitingError,
  Worker,
} from "bullmq";
import {
  CANCEL_EVENT,
  deploymentCalls,
  QUEUE_NAME,
  SHUTDOWN_REASON,
  type TenantRunData,
  type TenantRunResult,
} from "./jobs.js";
import { rockyBackoff, toJobError } from "./retry.js";

export interface RockyWorkerOptions {
  readonly connection: ConnectionOptions;
  /** Shared by every job of this process (its version probe runs once). */
  readonly rocky: RockyResource;
  /** Names this worker in job results. */
  readonly workerId: string;
  /** Jobs run at once. Default 1. */
  readonly concurrency?: number;
  /** How long a dead worker's job stays locked before another worker takes it. Default 30000. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs (dead workers'). Default 30000. */
  readonly stalledIntervalMs?: number;
}

export interface RockyWorker {
  readonly worker: Worker<TenantRunData, TenantRunResult>;
  /**
   * Graceful shutdown: takes no new job and lets the running ones finish;
   * after `drainMs` the ones still running are aborted and handed back to
   * the queue for another worker (not failed, not retried).
   */
  close(drainMs?: number): Promise<void>;
}

type RunMaterializations = readonly { metadata: { target_table_full_name?: unknown } }[];

interface CancelListener {
  [CANCEL_EVENT]: (args: { jobId: string; reason?: string }) => void;
}

/** Ids cancelled recently, so a worker that takes a cancelled job later refuses it. */
const CANCELLED_MEMORY = 10_000;

export async function startRockyWorker(options: RockyWorkerOptions): Promise<RockyWorker> {
  const { rocky, workerId } = options;
  const cancelled = new Map<string, string>();

  const processor = async (
    job: Job<TenantRunData, TenantRunResult>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<TenantRunResult> => {
    const id = job.id ?? "";
    const refused = cancelled.get(id);
    if (refused !== undefined)
      throw new UnrecoverableError(`cancelled before it started: ${refused}`);
    const { tenant, stateNamespace, shadowSuffix } = job.data;
    const started = performance.now();
    // Every call of the job under the enqueuing deployment's rules, not this worker's.
    const calls = deploymentCalls(rocky, shadowSuffix);
    const each = {
      signal,
      onLog: (line: string) => {
        // Fire and forget: progress must never fail or slow the run.
        job.updateProgress({ line }).catch(() => {});
      },
    };
    try {
      const filter = `tenant=${tenant}`;
      let result: { tables_copied: number; materializations: RunMaterializations };
      if (job.data.planFirst === true) {
        const plan = await calls.plan({ filter, stateNamespace, ...each });
        const applied = await calls.apply(plan.plan_id, { stateNamespace, ...each });
        if (applied.kind !== "run") throw new UnrecoverableError(`applied a ${applied.kind} plan`);
        result = applied;
      } else {
        const ran = await calls.run({ filter, stateNamespace, ...each });
        // run() returns a run report, or a load report for a `type = "load"` pipeline.
        if (ran.kind !== "run")
          throw new UnrecoverableError(`expected a run report, got ${ran.kind}`);
        result = ran;
      }
      return {
        tenant,
        workerId,
        shadowSuffix,
        stateNamespace,
        tablesCopied: result.tables_copied,
        runMs: performance.now() - started,
        targets: result.materializations.map((m) => String(m.metadata.target_table_full_name)),
      };
    } catch (error) {
      if (signal?.aborted && signal.reason === SHUTDOWN_REASON && token !== undefined) {
        // Handed back: another worker runs it from the start, as the same attempt.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      throw toJobError(error);
    }
  };

  const worker = new Worker<TenantRunData, TenantRunResult>(QUEUE_NAME, processor, {
    connection: options.connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    autorun: false,
    settings: { backoffStrategy: rockyBackoff },
  });
  // Errors surface per job; a connection blip must not crash the process.
  worker.on("error", () => {});

  const events = new QueueEvents(QUEUE_NAME, { connection: options.connection });
  events.on("error", () => {});
  events.on<QueueEventsListener & CancelListener>(
    CANCEL_EVENT,
    ({ jobId, reason }: { jobId: string; reason?: string }) => {
      const why = reason ?? "cancelled";
      cancelled.set(jobId, why);
      if (cancelled.size > CANCELLED_MEMORY)
        cancelled.delete(cancelled.keys().next().value as string);
      worker.cancelJob(jobId, why);
    },
  );
  await events.waitUntilReady();
  await worker.waitUntilReady();
  void worker.run().catch(() => {});

  let closing: Promise<void> | null = null;
  return {
    worker,
    close(drainMs = 30_000) {
      closing ??= (async () => {
        const handBack = setTimeout(() => worker.cancelAllJobs(SHUTDOWN_REASON), drainMs);
        try {
          await worker.close();
        } finally {
          clearTimeout(handBack);
          await events.close();
        }
      })();
      return closing;
    },
  };
}
