// Generated from the rocky engine's `catalog.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** Asset kind discriminator for [`CatalogAsset`]. */
export const AssetKindSchema = openEnum(["Source", "Model", "View", "MaterializedView"]);
/** The parsed form of {@link AssetKindSchema}. */
export type AssetKind = z.infer<typeof AssetKindSchema>;

/** A column on a catalog asset. */
export const CatalogColumnSchema = z.looseObject({
  /** Declared or inferred type of the column, when known. */
  data_type: z.string().nullish(),
  /** Human-readable description from the sidecar `[columns]` table, when set. */
  description: z.string().nullish(),
  name: z.string(),
  /** Whether the column accepts nulls, when known. */
  nullable: z.boolean().nullish(),
});
/** The parsed form of {@link CatalogColumnSchema}. */
export type CatalogColumn = z.infer<typeof CatalogColumnSchema>;

/** The recipe-identity triple surfaced on a model record — the answer to "what exact program, over what inputs, in what environment produced this?". Read back from the persisted [`rocky_core::state::ModelExecution`]. Every field is optional: a record written before the triple was captured (state sch... */
export const RecipeIdentityViewSchema = z.looseObject({
  /** The **environment** key: blake3 (hex) over the engine version and the adapter / dialect identity. Excludes the hostname by construction. */
  env_hash: z.string().nullish(),
  /** The hash-scheme tag (`"v1"`) in force when the triple was computed, so a future canonicalisation change is an explicit new scheme rather than a silent history fork. */
  hash_scheme: z.string().nullish(),
  /** The **input** key: blake3 (hex) over the run's observed input identities. Present only when the run actually observed inputs (the `--skip-unchanged` gate's upstream freshness signatures, or the content-addressed reuse spine); absent on the default run path. */
  input_hash: z.string().nullish(),
  /** Strength of [`Self::input_hash`]: `"strong"` (every observed upstream is a content hash — offline byte-verifiable) or `"heuristic"` (at least one is a freshness signature, attesting freshness rather than byte-identity). Carried so a weak input hash is never presented as a content claim. `None` wh... */
  input_proof_class: z.string().nullish(),
  /** The program **identity** key: blake3 (hex) of the canonical `ModelIr` JSON. Stable across environments and engine versions for the same program text. The value `rocky history --recipe <hash>` filters on. */
  recipe_hash: z.string().nullish(),
});
/** The parsed form of {@link RecipeIdentityViewSchema}. */
export type RecipeIdentityView = z.infer<typeof RecipeIdentityViewSchema>;

/** A single asset (model or source) in the catalog. */
export const CatalogAssetSchema = z.looseObject({
  columns: z.array(CatalogColumnSchema),
  downstream_models: z.array(z.string()),
  /** Fully-qualified target identifier (`catalog.schema.table`) when resolvable, otherwise the model name. */
  fqn: z.string(),
  /** Free-form natural-language description of the asset's purpose, when supplied via the model's sidecar config. */
  intent: z.string().nullish(),
  /** Whether the asset is a project-managed model or an external source. */
  kind: AssetKindSchema,
  /** Timestamp of the last successful materialization, when known. */
  last_materialized_at: z.string().nullish(),
  /** Identifier of the last successful run that produced the asset, when known. */
  last_run_id: z.string().nullish(),
  /** Model or source name as it appears in lineage edges. */
  model_name: z.string(),
  /** Recipe-identity triple from the asset's most recent successful materialization, when known. See [`RecipeIdentityView`]. `None` for source-kind assets (no execution) and for models built before the triple was captured. */
  recipe_identity: RecipeIdentityViewSchema.nullish(),
  upstream_models: z.array(z.string()),
});
/** The parsed form of {@link CatalogAssetSchema}. */
export type CatalogAsset = z.infer<typeof CatalogAssetSchema>;

/** Confidence grading for a [`CatalogEdge`]. Coarse-grained on purpose: every consumer threshold-checks at "good enough", and a 3-bucket enum is simpler than a numeric score. A numeric `confidence_score` field can be added alongside this enum later without breaking callers. */
export const EdgeConfidenceSchema = openEnum(["High", "Medium", "Low"]);
/** The parsed form of {@link EdgeConfidenceSchema}. */
export type EdgeConfidence = z.infer<typeof EdgeConfidenceSchema>;

/** A single column-level lineage edge. */
export const CatalogEdgeSchema = z.looseObject({
  /** Confidence the producing edge is fully understood. `Medium` is emitted for star-expanded projections (where lineage is inferred rather than parsed from an explicit projection); `High` for edges sourced from explicit columns. */
  confidence: EdgeConfidenceSchema,
  source_column: z.string(),
  source_model: z.string(),
  target_column: z.string(),
  target_model: z.string(),
  /** Transform kind: "direct", "cast", "expression", or "aggregation: <fn>". Stringified to match the existing lineage edge shape. */
  transform: z.string(),
});
/** The parsed form of {@link CatalogEdgeSchema}. */
export type CatalogEdge = z.infer<typeof CatalogEdgeSchema>;

/** Aggregate counts for the emitted catalog. */
export const CatalogStatsSchema = z.looseObject({
  asset_count: z.number().int(),
  /** Number of assets whose lineage was derived from `SELECT *` (and is therefore inferred rather than parsed). Surfaces partial-lineage coverage as a single number in the summary. */
  assets_with_star: z.number().int(),
  column_count: z.number().int(),
  duration_ms: z.number().int(),
  edge_count: z.number().int(),
  /** Number of columns with no producing edge — typically the result of a star expansion that could not resolve an upstream column. */
  orphan_columns: z.number().int(),
});
/** The parsed form of {@link CatalogStatsSchema}. */
export type CatalogStats = z.infer<typeof CatalogStatsSchema>;

/** JSON output for `rocky catalog`. A persisted, queryable snapshot of column-level lineage across the project. Emitted to `./.rocky/catalog/catalog.json` (default) so any non-Rocky consumer (BI tool, governance dashboard, PR bot) can read the artifact without invoking the engine. The CLI's own stdo... */
export const CatalogOutputSchema = z.looseObject({
  assets: z.array(CatalogAssetSchema),
  command: z.string(),
  /** Stable fingerprint of the `rocky.toml` bytes. Lets a downstream consumer detect whether the catalog was built against a config that has since changed. */
  config_hash: z.string(),
  edges: z.array(CatalogEdgeSchema),
  generated_at: z.string(),
  /** Identifier of the last successful run that produced these assets, when known. Absent until the catalog is enriched with run-history metadata. */
  last_run_id: z.string().nullish(),
  /** Pipeline name used to build the catalog. When the project has multiple pipelines, this is the first one in declaration order. */
  project_name: z.string(),
  stats: CatalogStatsSchema,
  version: z.string(),
});
/** The parsed form of {@link CatalogOutputSchema}. */
export type CatalogOutput = z.infer<typeof CatalogOutputSchema>;
