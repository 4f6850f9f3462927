/**
 * The producer side: enqueue one rocky run per tenant, carrying the shadow
 * context of the deployment that launched it, and cancel a run wherever it is.
 */
import { type RockyResource, RockyShadowError } from "@dagster-rocky/resource";
import type { Job, Queue, QueueEventsProducer } from "bullmq";
import {
  CANCEL_EVENT,
  checkTenant,
  stateNamespaceFor,
  type TenantRunData,
  type TenantRunResult,
} from "./jobs.js";
import { ROCKY_BACKOFF } from "./retry.js";

export type TenantRunJob = Job<TenantRunData, TenantRunResult>;

export interface EnqueueOptions {
  /** Attempts per job, the first included (only retryable failures use them). Default 3. */
  readonly attempts?: number;
  /** First retry delay; doubles each time (a quota breach waits rocky's cooldown instead). Default 1000. */
  readonly backoffMs?: number;
  /** Plan, then apply the plan, in each job (default: one run). */
  readonly planFirst?: boolean;
}

/**
 * One job per tenant. `rocky` is the producer's resource, used only for its
 * shadow context: launched from a PR deployment, every job carries the PR's
 * suffix (e.g. `_dagster_pr_42`), whatever environment the workers run in.
 * Throws (nothing enqueued) for a tenant that is not an identifier, or when
 * the deployment requires a shadow suffix and none can be derived.
 */
export async function enqueueTenantRuns(
  queue: Queue<TenantRunData, TenantRunResult>,
  rocky: RockyResource,
  tenants: readonly string[],
  options: EnqueueOptions = {},
): Promise<TenantRunJob[]> {
  const checked = tenants.map(checkTenant);
  const shadow = rocky.shadowContext();
  if (shadow.shadowRequired && shadow.suffix === null) {
    throw new RockyShadowError(
      "suffix_required",
      "this deployment requires a shadow suffix and none could be derived; nothing was enqueued",
      { command: "run" },
    );
  }
  return queue.addBulk(
    checked.map((tenant) => ({
      name: "rocky-run",
      data: {
        tenant,
        stateNamespace: stateNamespaceFor(tenant),
        shadowSuffix: shadow.suffix,
        ...(options.planFirst === true ? { planFirst: true } : {}),
      },
      opts: {
        attempts: options.attempts ?? 3,
        backoff: { type: ROCKY_BACKOFF, delay: options.backoffMs ?? 1000 },
      },
    })),
  );
}

/**
 * Cancels a run from anywhere: every worker hears the event and the one
 * running the job aborts it (its rocky process group is terminated); a worker
 * that takes the job later refuses it. A job still waiting is removed.
 */
export async function cancelRun(
  queue: Queue<TenantRunData, TenantRunResult>,
  events: QueueEventsProducer,
  jobId: string,
  reason = "cancelled by the operator",
): Promise<void> {
  await events.publishEvent({ eventName: CANCEL_EVENT, jobId, reason });
  const job = await queue.getJob(jobId);
  const state = await job?.getState();
  if (state === "waiting" || state === "delayed" || state === "prioritized") {
    // A worker may lock it in between: then it refuses it on start.
    await job?.remove().catch(() => {});
  }
}
