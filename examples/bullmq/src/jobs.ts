/** What travels through Redis: one rocky run of one tenant. */
import { isRockyIdentifier } from "@dagster-rocky/core";
import type {
  ApplyOptions,
  ApplyResult,
  PlanOptions,
  RockyResource,
  RunOptions,
} from "@dagster-rocky/resource";

export const QUEUE_NAME = "rocky-runs";
/** Custom event on the queue's event stream: the producer asks whichever worker runs a job to cancel it. */
export const CANCEL_EVENT = "rocky:cancel";
/** Abort reason a worker uses when it hands its jobs back on shutdown (not a cancellation). */
export const SHUTDOWN_REASON = "rocky:worker-shutdown";

export interface TenantRunData {
  /** The tenant, an identifier: the run's filter is `tenant=<tenant>`. */
  readonly tenant: string;
  /** The tenant's own state file, so parallel tenants never wait on one state lock. */
  readonly stateNamespace: string;
  /** The producer's shadow suffix (a PR deployment's), or null for production tables. */
  readonly shadowSuffix: string | null;
  /** Plan, then apply that plan (the reviewed-artifact flow), instead of one run. */
  readonly planFirst?: boolean;
}

export interface TenantRunResult {
  readonly tenant: string;
  readonly workerId: string;
  readonly shadowSuffix: string | null;
  readonly stateNamespace: string;
  readonly tablesCopied: number;
  /** Wall time of the run() call in this worker, in ms. */
  readonly runMs: number;
  readonly targets: readonly string[];
}

/**
 * Every call a job makes, under the rules of the deployment that enqueued it:
 * each carries the job's suffix, so on a worker whose own environment is
 * production a PR's job is still a shadowed write (final argv, quality
 * pipeline, engine floor, its own state and keys), its apply proves the plan
 * shadowed with that suffix, and a promotion would be refused. A null suffix:
 * production's calls, unchanged.
 */
export function deploymentCalls(rocky: RockyResource, shadowSuffix: string | null) {
  const suffix = shadowSuffix === null ? {} : { shadowSuffix };
  return {
    run: (options: RunOptions) => rocky.run({ ...options, ...suffix }),
    plan: (options: PlanOptions) => rocky.plan({ ...options, ...suffix }),
    apply: (planId: string | null | undefined, options: ApplyOptions = {}): Promise<ApplyResult> =>
      rocky.apply(planId, { ...options, ...suffix }),
  };
}

/** The state namespace of a tenant: one per tenant, never shared. */
export function stateNamespaceFor(tenant: string): string {
  return `tenant_${tenant}`;
}

/** A tenant that is not a rocky identifier; nothing was enqueued. */
export class InvalidTenantError extends Error {
  override readonly name = "InvalidTenantError";
  readonly code = "invalid_tenant";
  constructor(readonly tenant: unknown) {
    super(
      `tenant must be a rocky identifier (ASCII letters, digits, _; it becomes tenant=<tenant> and a state namespace); got ${JSON.stringify(tenant)}`,
    );
  }
}

/** Refuses a tenant that is not an identifier before anything is enqueued. */
export function checkTenant(tenant: unknown): string {
  if (typeof tenant !== "string" || !isRockyIdentifier(tenant))
    throw new InvalidTenantError(tenant);
  return tenant;
}
