// Generated from the rocky engine's `product_compile.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** The approval record, as echoed by compile/status output. */
export const ProductApprovalOutputSchema = z.looseObject({
  /** RFC3339 approval instant. */
  approved_at: z.string().nullish(),
  /** Best-effort approver identity. */
  approver: z.string(),
  /** Project-root-relative path of the immutable snapshot file. */
  snapshot_path: z.string(),
  /** The approved `sha256:<hex>` spec digest. */
  spec_digest: z.string(),
});
/** The parsed form of {@link ProductApprovalOutputSchema}. */
export type ProductApprovalOutput = z.infer<typeof ProductApprovalOutputSchema>;

/** One emitted artifact, as reported by `rocky product compile`. */
export const ProductArtifactOutputSchema = z.looseObject({
  /** Project-root-relative POSIX path. */
  path: z.string(),
  /** `sha256:<hex>` over the committed bytes. */
  sha256: z.string(),
});
/** The parsed form of {@link ProductArtifactOutputSchema}. */
export type ProductArtifactOutput = z.infer<typeof ProductArtifactOutputSchema>;

/** JSON output of `rocky product compile`. */
export const ProductCompileOutputSchema = z.looseObject({
  /** The current approval record, when one exists. Compile is a READER of the approval: when present, the snapshot bytes were re-verified against the record digest before this output was produced. */
  approval: ProductApprovalOutputSchema.nullish(),
  /** The artifacts this phase committed (manifest excluded). */
  artifacts: z.array(ProductArtifactOutputSchema),
  command: z.string(),
  /** Project-root-relative path of the committed lowering manifest. */
  manifest_path: z.string(),
  /** The resolved output model name. */
  output_model: z.string(),
  /** Which lowering phase this run committed: `lowered_contract` (Phase A) or `merged` (Phase B). */
  phase: z.string(),
  /** `product:<name>`. */
  product_id: z.string(),
  /** `sha256:<hex>` over the compiled spec's raw bytes. */
  spec_digest: z.string(),
  /** Whether the compiled spec's digest equals the approved digest. `null` when no approval exists. `false` is not an error at compile time — it means the working spec has moved past the approval (the loop's supersession trigger). */
  spec_matches_approval: z.boolean().nullish(),
  /** Project-root-relative spec path. */
  spec_path: z.string(),
  version: z.string(),
});
/** The parsed form of {@link ProductCompileOutputSchema}. */
export type ProductCompileOutput = z.infer<typeof ProductCompileOutputSchema>;
