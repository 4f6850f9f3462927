// Generated from the rocky engine's `review_status.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** Where the approval signature was produced. Reserved for future CI / OIDC paths. Today only the `Local` variant is emitted by the CLI. */
export const ApproverSourceSchema = openEnum(["local", "ci_oidc", "pat"]);
/** The parsed form of {@link ApproverSourceSchema}. */
export type ApproverSource = z.infer<typeof ApproverSourceSchema>;

/** Identity of an approver, captured at sign time. Email is sourced from `git config user.email`; name from `git config user.name`. Hostname is best-effort from the `hostname` crate and surfaced as an audit aid only — it is not part of the trust boundary. Set `ROCKY_SCRUB_HOST` in the environment to... */
export const ApproverIdentitySchema = z.looseObject({
  email: z.string(),
  host: z.string(),
  name: z.string().nullish(),
  source: ApproverSourceSchema,
});
/** The parsed form of {@link ApproverIdentitySchema}. */
export type ApproverIdentity = z.infer<typeof ApproverIdentitySchema>;

/** JSON output for `rocky review <plan-id> --status` — the marker oracle. A read-only projection of the plan's review state: whether a well-formed sign-off marker naming the plan exists, who approved it and when, and the plan's product binding when it carries one. The fulfillment runner polls this i... */
export const ReviewStatusOutputSchema = z.looseObject({
  /** Best-effort git identity of the approver, from the marker. */
  approver: ApproverIdentitySchema.nullish(),
  /** Count of breaking-severity findings the approver signed off on. */
  breaking_change_count: z.number().int().nullish(),
  /** Always `"review_status"`. */
  command: z.string(),
  /** The plan's kind (e.g. `"ai_authored"`, `"run"`, `"backfill"`). */
  kind: z.string(),
  /** The plan whose review state was read (64-char blake3 hex). */
  plan_id: z.string(),
  /** Product identity from the plan payload, when the plan is product-bound (opaque; never parsed by the engine). */
  product_id: z.string().nullish(),
  /** Whether a well-formed sign-off marker naming this plan exists. `false` means the plan awaits review; a malformed or mismatched marker is an ERROR from the command, never reported as a status. */
  reviewed: z.boolean(),
  /** When the approval was recorded, from the marker. */
  reviewed_at: z.string().nullish(),
  /** Approved-spec digest from the plan payload, when product-bound. Applying such a plan requires `rocky apply --expect-spec-digest`. */
  spec_digest: z.string().nullish(),
  version: z.string(),
});
/** The parsed form of {@link ReviewStatusOutputSchema}. */
export type ReviewStatusOutput = z.infer<typeof ReviewStatusOutputSchema>;
