// Generated from the rocky engine's `product_status.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ProductApprovalOutputSchema } from "./product-compile.js";

/** JSON output of `rocky product status`. */
export const ProductStatusOutputSchema = z.looseObject({
  /** The approval record, when one exists. */
  approval: ProductApprovalOutputSchema.nullish(),
  /** Byte-verification problems against the committed manifest (empty = every committed artifact matches its recorded hash). */
  artifact_problems: z.array(z.string()).default(() => []),
  command: z.string(),
  /** The committed lowering phase, when a manifest exists. */
  committed_phase: z.string().nullish(),
  /** The committed manifest's spec digest, when one exists. */
  committed_spec_digest: z.string().nullish(),
  /** The persisted fulfillment state tag, when one exists. */
  fulfill_state: z.string().nullish(),
  /** Number of fulfillment journal rows recorded for this product. */
  journal_rows: z.number().int(),
  /** The resolved output model, when the spec parses. */
  output_model: z.string().nullish(),
  /** The product name the status was asked for. */
  product: z.string(),
  /** `product:<name>`, when the spec parses. */
  product_id: z.string().nullish(),
  /** Whether the approval snapshot's bytes still digest to the recorded value. `null` without an approval; `false` is tamper. */
  snapshot_intact: z.boolean().nullish(),
  /** The working spec's digest, when it parses. */
  spec_digest: z.string().nullish(),
  /** Why the spec failed to parse, when it did not. */
  spec_error: z.string().nullish(),
  /** Whether the working spec equals the approved revision. `null` when either side is missing. */
  spec_matches_approval: z.boolean().nullish(),
  /** Whether `products/<name>.toml` exists and parses. */
  spec_present: z.boolean(),
  /** Whether an uncommitted staging journal is pending. Status never mutates; the next compile resolves it. */
  staging_journal_present: z.boolean(),
  version: z.string(),
});
/** The parsed form of {@link ProductStatusOutputSchema}. */
export type ProductStatusOutput = z.infer<typeof ProductStatusOutputSchema>;
