// Generated from the rocky engine's `branch_approve.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ApproverIdentitySchema } from "./review-status.js";
import { openEnum } from "./shared.js";

/** Algorithm tag for an [`ApprovalSignature`]. The discriminator is on disk from day one so future "real" cryptographic signing variants slot in without migrating existing artifacts. */
export const SignatureAlgorithmSchema = openEnum(["blake3_canonical_json"]);
/** The parsed form of {@link SignatureAlgorithmSchema}. */
export type SignatureAlgorithm = z.infer<typeof SignatureAlgorithmSchema>;

/** Signature attached to an [`ApprovalArtifact`]. */
export const ApprovalSignatureSchema = z.looseObject({
  algorithm: SignatureAlgorithmSchema,
  /** Hex-encoded digest. For `Blake3CanonicalJson`, this is the 32-byte blake3 hash printed as 64 lowercase hex characters. */
  digest: z.string(),
});
/** The parsed form of {@link ApprovalSignatureSchema}. */
export type ApprovalSignature = z.infer<typeof ApprovalSignatureSchema>;

/** On-disk approval record for a single approver against a single branch. One file per approver under `./.rocky/approvals/<branch>/<approval_id>.json`. `branch_state_hash` binds the approval to the branch's content-addressed state at sign time; if the branch's hash changes (config bytes change), eve... */
export const ApprovalArtifactSchema = z.looseObject({
  /** Sortable monotonic identifier — timestamp prefix + random tail. */
  approval_id: z.string(),
  approver: ApproverIdentitySchema,
  branch: z.string(),
  branch_state_hash: z.string(),
  message: z.string().nullish(),
  signature: ApprovalSignatureSchema,
  signed_at: z.string(),
});
/** The parsed form of {@link ApprovalArtifactSchema}. */
export type ApprovalArtifact = z.infer<typeof ApprovalArtifactSchema>;

/** JSON output for `rocky branch approve`. */
export const ApproveOutputSchema = z.looseObject({
  artifact: ApprovalArtifactSchema,
  /** Where the artifact landed on disk. */
  artifact_path: z.string(),
  command: z.string(),
  version: z.string(),
});
/** The parsed form of {@link ApproveOutputSchema}. */
export type ApproveOutput = z.infer<typeof ApproveOutputSchema>;
