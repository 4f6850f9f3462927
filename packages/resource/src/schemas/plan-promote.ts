// Generated from the rocky engine's `plan_promote.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ApprovalArtifactSchema } from "./branch-approve.js";
import { AuditEventSchema, RejectedApprovalSchema } from "./branch-promote.js";
import { BreakingFindingSchema } from "./plan.js";

/** Per-model promote step captured in a [`PromotePlan`]. Mirrors the shape of [`PromoteTarget`] but contains only plan-time fields (`target`, `source`, `statement`). Execution outcome (`succeeded`, `error`) is added at apply time and lives on [`PromoteTarget`]. `statement` is persisted verbatim so `... */
export const PromoteTargetPlanSchema = z.looseObject({
  /** Fully-qualified branch source the promote will read from (catalog.branch_schema.table). */
  source: z.string(),
  /** `CREATE OR REPLACE TABLE <target> AS SELECT * FROM <source>` SQL, dialect-quoted at plan time. */
  statement: z.string(),
  /** Fully-qualified production target (catalog.schema.table). */
  target: z.string(),
});
/** The parsed form of {@link PromoteTargetPlanSchema}. */
export type PromoteTargetPlan = z.infer<typeof PromoteTargetPlanSchema>;

/** Persisted payload for a `rocky plan promote` run plan. Written to `.rocky/plans/<plan_id>.json` by `rocky plan promote` and read back by `rocky apply <plan_id>` (dispatched as `PlanKind::Promote`). ## What is persisted vs re-derived - **Persisted**: branch name + refs, state hash at plan time, ap... */
export const PromotePlanSchema = z.looseObject({
  /** Whether `--allow-breaking` was set at plan time. */
  allow_breaking: z.boolean().default(false),
  /** Approval artifacts loaded from disk that failed verification at plan time. */
  approvals_rejected: z.array(RejectedApprovalSchema),
  /** Approval artifacts that satisfied the gate at plan time. */
  approvals_used: z.array(ApprovalArtifactSchema),
  /** Git ref that `base_ref` was resolved to at plan time (e.g. `"main"`). */
  base_ref: z.string(),
  /** Branch name being promoted. */
  branch_name: z.string(),
  /** Content-addressed hash of the branch metadata + config bytes at plan time. Stored for audit purposes; not re-validated at apply time. */
  branch_state_hash: z.string(),
  /** Semantic breaking-change findings produced by the pre-promote gate at plan time. Empty when the gate ran and found no breaking changes; absent when the gate was skipped (compile failure on either side). */
  breaking_changes: z.array(BreakingFindingSchema).nullish(),
  /** When this plan was persisted. */
  created_at: z.string(),
  /** Git HEAD SHA at plan time — informational for audit purposes. */
  head_ref: z.string(),
  /** Plan-time audit events (approvals gate + breaking-change gate outcomes). Apply-time events (`PromoteStarted`, `PromoteCompleted`, `PromoteFailed`) are appended in `BranchPromoteOutput.audit` at apply time. */
  plan_audit: z.array(AuditEventSchema),
  /** Per-model SQL plan, in dispatch order. SQL is persisted verbatim so `rocky apply` executes the exact statements generated at plan time. */
  targets: z.array(PromoteTargetPlanSchema),
});
/** The parsed form of {@link PromotePlanSchema}. */
export type PromotePlan = z.infer<typeof PromotePlanSchema>;
