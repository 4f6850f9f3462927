// Generated from the rocky engine's `branch_promote.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ApprovalArtifactSchema } from "./branch-approve.js";
import { BreakingFindingSchema } from "./plan.js";
import { ApproverIdentitySchema } from "./review-status.js";
import { openEnum } from "./shared.js";

/** Categorical kind of an [`AuditEvent`] emitted by `branch promote`. */
export const AuditEventKindSchema = openEnum([
  "promote_started",
  "promote_completed",
  "promote_failed",
  "approval_skipped",
  "breaking_changes_blocked",
  "breaking_changes_allowed",
  "breaking_changes_gate_skipped",
  "promote_plan_created",
]);
/** The parsed form of {@link AuditEventKindSchema}. */
export type AuditEventKind = z.infer<typeof AuditEventKindSchema>;

/** Single audit-trail event emitted during `branch promote`. Routed to stdout JSON only in v1; persistent audit storage is a follow-up. */
export const AuditEventSchema = z.looseObject({
  actor: ApproverIdentitySchema,
  at: z.string(),
  branch: z.string(),
  branch_state_hash: z.string(),
  /** Breaking-change findings carried by `BreakingChangesBlocked` and `BreakingChangesAllowed` events. Always absent for other kinds. */
  breaking_changes: z.array(BreakingFindingSchema).nullish(),
  kind: AuditEventKindSchema,
  /** Free-form context. Populated for `ApprovalSkipped` to record the origin of the skip, and for `BreakingChangesGateSkipped` to record why the gate could not run (e.g. "base ref did not compile"). Empty for routine state events. */
  reason: z.string().nullish(),
});
/** The parsed form of {@link AuditEventSchema}. */
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** One per-target promote step in [`BranchPromoteOutput::targets`]. */
export const PromoteTargetSchema = z.looseObject({
  /** Adapter / SQL error text when `succeeded` is `false`. */
  error: z.string().nullish(),
  /** Fully-qualified branch source the promote read from (catalog.branch_schema.table). */
  source: z.string(),
  /** SQL statement dispatched to the adapter for this target. */
  statement: z.string(),
  /** Whether the per-target SQL succeeded. Failures abort the run; on a failure this is `false` for the failing target and absent for any targets that never started. */
  succeeded: z.boolean(),
  /** Fully-qualified production target (catalog.schema.table). */
  target: z.string(),
});
/** The parsed form of {@link PromoteTargetSchema}. */
export type PromoteTarget = z.infer<typeof PromoteTargetSchema>;

/** An approval artifact that was loaded from disk but rejected. */
export const RejectedApprovalSchema = z.looseObject({
  approval_id: z.string(),
  detail: z.string(),
  /** One of: `bad_signature`, `state_hash_mismatch`, `expired`, `signer_not_allowed`, `parse_error`. */
  reason: z.string(),
});
/** The parsed form of {@link RejectedApprovalSchema}. */
export type RejectedApproval = z.infer<typeof RejectedApprovalSchema>;

/** JSON output for `rocky branch promote`. */
export const BranchPromoteOutputSchema = z.looseObject({
  /** Approval artifacts loaded from disk that failed verification, with the reason for rejection. Surfaced even on a successful promote so operators can spot stale artifacts to clean up. */
  approvals_rejected: z.array(RejectedApprovalSchema),
  /** Approval artifacts that satisfied the gate at promote time. Empty when the gate was disabled (`required = false`) or skipped. */
  approvals_used: z.array(ApprovalArtifactSchema),
  /** Audit-trail events emitted during this invocation, in order. At minimum: `PromoteStarted` plus one of `PromoteCompleted` / `PromoteFailed`. `ApprovalSkipped` precedes `PromoteStarted` when the gate was bypassed. */
  audit: z.array(AuditEventSchema),
  branch: z.string(),
  branch_state_hash: z.string(),
  /** Semantic breaking-change findings produced by the pre-promote gate. Empty when the gate ran and found no breaking changes; absent when the gate was skipped (compile failure on either side). When present and non-empty either the promote was blocked or `--allow-breaking` was set — see the audit tra... */
  breaking_changes: z.array(BreakingFindingSchema).nullish(),
  command: z.string(),
  /** True when every target's SQL succeeded. */
  success: z.boolean(),
  /** One entry per managed target the promote attempted, in dispatch order. */
  targets: z.array(PromoteTargetSchema),
  version: z.string(),
});
/** The parsed form of {@link BranchPromoteOutputSchema}. */
export type BranchPromoteOutput = z.infer<typeof BranchPromoteOutputSchema>;
