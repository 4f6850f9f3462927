// Generated from the rocky engine's `product_verify.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** The verdict a policy rule (or the default posture) yields. Ordered by restrictiveness for incomparable-rule tie-breaking: `Deny` is a hard override (handled separately), and among non-deny verdicts `RequireReview` is more restrictive than `Allow`. */
export const PolicyEffectSchema = openEnum(["allow", "require_review", "deny"]);
/** The parsed form of {@link PolicyEffectSchema}. */
export type PolicyEffect = z.infer<typeof PolicyEffectSchema>;

/** Verification verdict, ordered by severity. */
export const VerifyStatusSchema = openEnum(["pass", "needs_input", "fail"]);
/** The parsed form of {@link VerifyStatusSchema}. */
export type VerifyStatus = z.infer<typeof VerifyStatusSchema>;

/** JSON output of `rocky product verify`. */
export const ProductVerifyOutputSchema = z.looseObject({
  /** The resolved agent-apply effect, when evaluation ran. */
  apply_effect: PolicyEffectSchema.nullish(),
  command: z.string(),
  /** The resolved output model name. */
  output_model: z.string(),
  /** The corrected `[policy]` block to paste, on a posture `needs_input`. */
  paste_block: z.string().nullish(),
  /** `product:<name>`. */
  product_id: z.string(),
  /** The resolved agent-propose effect, when evaluation ran. */
  propose_effect: PolicyEffectSchema.nullish(),
  /** Why, in plain language. */
  reason: z.string(),
  /** `sha256:<hex>` over the spec's raw bytes. */
  spec_digest: z.string(),
  /** `pass`, `needs_input`, or `fail` — also the exit code (0 / 1 / 2). */
  status: VerifyStatusSchema,
  version: z.string(),
});
/** The parsed form of {@link ProductVerifyOutputSchema}. */
export type ProductVerifyOutput = z.infer<typeof ProductVerifyOutputSchema>;
