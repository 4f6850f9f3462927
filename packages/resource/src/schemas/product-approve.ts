// Generated from the rocky engine's `product_approve.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** JSON output of `rocky product approve`. */
export const ProductApproveOutputSchema = z.looseObject({
  /** True when this exact digest was already approved and nothing was re-written. */
  already_approved: z.boolean(),
  /** RFC3339 approval instant. */
  approved_at: z.string(),
  /** Best-effort approver identity recorded on the approval. */
  approver: z.string(),
  command: z.string(),
  /** The resolved output model name. */
  output_model: z.string(),
  /** The fulfillment state tag before this approval, if any. */
  previous_state: z.string().nullish(),
  /** `product:<name>`. */
  product_id: z.string(),
  /** Project-root-relative path of the immutable snapshot file. */
  snapshot_path: z.string(),
  /** The approved `sha256:<hex>` spec digest. */
  spec_digest: z.string(),
  /** The fulfillment state after this approval (`spec_approved`). */
  state: z.string(),
  version: z.string(),
});
/** The parsed form of {@link ProductApproveOutputSchema}. */
export type ProductApproveOutput = z.infer<typeof ProductApproveOutputSchema>;
