// Generated from the rocky engine's `compliance.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Masking status for one `(model, column, env)` triple. */
export const EnvMaskingStatusSchema = z.looseObject({
  /** `true` iff `masking_strategy != "unresolved"`. Allow-listed tags (on `[classifications] allow_unmasked`) still report `enforced = false` — the allow list only suppresses the [`ComplianceException`] emission, not the underlying fact that no strategy resolved. */
  enforced: z.boolean(),
  /** Environment label. `"default"` when the row came from the unscoped `[mask]` block; otherwise the name of the matching `[mask.<env>]` override, or the raw `--env` value. */
  env: z.string(),
  /** Resolved masking strategy. One of `"hash"`, `"redact"`, `"partial"`, `"none"`, or `"unresolved"` when no strategy applies to this classification tag in this env. */
  masking_strategy: z.string(),
});
/** The parsed form of {@link EnvMaskingStatusSchema}. */
export type EnvMaskingStatus = z.infer<typeof EnvMaskingStatusSchema>;

/** Per-`(model, column)` report: the classification tag and the resolved masking status across every evaluated environment. */
export const ColumnClassificationStatusSchema = z.looseObject({
  /** Free-form classification tag (e.g., `"pii"`, `"confidential"`). The engine does not enum-constrain these — projects coin tags as needed. */
  classification: z.string(),
  /** Column name — the key under the model's `[classification]` block. */
  column: z.string(),
  /** One entry per evaluated environment. When `--env X` is set, this is a single-element list labeled `"X"`. When unset, it expands across the union of the defaults (labeled `"default"`) and every named `[mask.<env>]` override block. */
  envs: z.array(EnvMaskingStatusSchema),
  /** Model name — matches `ModelConfig::name` (the `.toml` sidecar key or the `.sql`/`.rocky` filename stem). */
  model: z.string(),
});
/** The parsed form of {@link ColumnClassificationStatusSchema}. */
export type ColumnClassificationStatus = z.infer<typeof ColumnClassificationStatusSchema>;

/** A single compliance exception — a classified column with no resolved masking strategy in some environment, and whose classification tag is **not** on the advisory allow list. */
export const ComplianceExceptionSchema = z.looseObject({
  column: z.string(),
  env: z.string(),
  model: z.string(),
  /** Human-readable explanation. Always of the shape `"no masking strategy resolves for classification tag '<tag>'"` in v1; future variants (e.g., adapter-specific violations) may widen this. */
  reason: z.string(),
});
/** The parsed form of {@link ComplianceExceptionSchema}. */
export type ComplianceException = z.infer<typeof ComplianceExceptionSchema>;

/** Aggregate counters for a compliance report. All three counters are over `(model, column, env)` triples — so a single classified column evaluated across three envs contributes up to three to `total_classified`. This matches the granularity of `total_exceptions` and `total_masked`, keeping the inva... */
export const ComplianceSummarySchema = z.looseObject({
  /** Total `(model, column, env)` triples across every classified column in the project, expanded across the env enumeration. */
  total_classified: z.number().int(),
  /** Triples where no masking strategy resolved and the classification tag is **not** on the `allow_unmasked` advisory list. Matches the length of [`ComplianceOutput::exceptions`]. */
  total_exceptions: z.number().int(),
  /** Triples where a masking strategy successfully resolved (`enforced = true`). `MaskStrategy::None` ("explicit identity — no masking") counts as masked here because the project has deliberately opted out, which is a conscious policy decision rather than an enforcement gap. */
  total_masked: z.number().int(),
});
/** The parsed form of {@link ComplianceSummarySchema}. */
export type ComplianceSummary = z.infer<typeof ComplianceSummarySchema>;

/** JSON output for `rocky compliance`. A thin rollup over the project's governance config: classification sidecars (`[classification]` per model) + project-level `[mask]` / `[mask.<env>]` policy. Answers the question **"are all classified columns masked wherever policy says they should be?"** withou... */
export const ComplianceOutputSchema = z.looseObject({
  /** Always `"compliance"`. Consumers key dispatch off this field. */
  command: z.string(),
  /** The unmasked-where-expected list. An exception fires when a classification tag has no resolved masking strategy **and** the tag is not on the project-level `[classifications] allow_unmasked` advisory list. */
  exceptions: z.array(ComplianceExceptionSchema),
  /** One entry per `(model, column)` pair carrying a classification tag. When `--exceptions-only` is set, this list is filtered to only the pairs whose `envs` contain at least one exception. */
  per_column: z.array(ColumnClassificationStatusSchema),
  /** Aggregate tallies over the full `per_column` / `exceptions` lists. */
  summary: ComplianceSummarySchema,
  /** `CARGO_PKG_VERSION` at the time this payload was emitted. */
  version: z.string(),
});
/** The parsed form of {@link ComplianceOutputSchema}. */
export type ComplianceOutput = z.infer<typeof ComplianceOutputSchema>;
