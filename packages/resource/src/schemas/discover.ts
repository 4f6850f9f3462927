// Generated from the rocky engine's `discover.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ExcludedTableSchema } from "./shared.js";

/** Freshness check configuration projected into the discover output. */
export const FreshnessConfigSchema = z.looseObject({
  threshold_seconds: z.number().int(),
});
/** The parsed form of {@link FreshnessConfigSchema}. */
export type FreshnessConfig = z.infer<typeof FreshnessConfigSchema>;

/** A resolved check name `rocky discover` projects so a consumer can pre-declare a matching check spec. `name` byte-matches the `CheckResult.name` the runner emits at run time. `candidate` is `true` for names whose existence depends on runtime-discovered siblings (`cross_source_overlap`) and so may... */
export const ResolvedCheckNameSchema = z.looseObject({
  candidate: z.boolean().optional(),
  /** The check-kind tag: `custom` | `assertion` | `null_rate` | `cross_source_overlap`. */
  kind: z.string(),
  name: z.string(),
});
/** The parsed form of {@link ResolvedCheckNameSchema}. */
export type ResolvedCheckName = z.infer<typeof ResolvedCheckNameSchema>;

/** Pipeline-level checks configuration projected into the discover output. */
export const ChecksConfigSchema = z.looseObject({
  /** Resolved per-model check names the pipeline will emit as `CheckResult.name` at run time, keyed by unqualified table/model name. Only the NON-default checks are listed — the four defaults (row_count/column_match/freshness/anomaly) are well-known and pre-declared by consumers. A consumer (e.g.... */
  configured_checks: z.record(z.string(), z.array(ResolvedCheckNameSchema)).optional(),
  freshness: FreshnessConfigSchema.nullish(),
});
/** The parsed form of {@link ChecksConfigSchema}. */
export type ChecksConfig = z.infer<typeof ChecksConfigSchema>;

/** A cross-source collision: one external object id mapped to more than one target path (the same object onboarded twice under different schemas). */
export const CollisionCandidateSchema = z.looseObject({
  /** The shared external object id (e.g. a Fivetran ad-account id). */
  external_object_id: z.string(),
  /** The distinct source schemas that resolve to it (≥2), sorted. */
  sources: z.array(z.string()),
});
/** The parsed form of {@link CollisionCandidateSchema}. */
export type CollisionCandidate = z.infer<typeof CollisionCandidateSchema>;

/** A source the discovery adapter attempted to fetch metadata for and failed. */
export const FailedSourceSchema = z.looseObject({
  /** Backoff hint in whole seconds. Populated by adapters whose failure mode carries a known cooldown — currently only the Fivetran adapter when its shared circuit breaker trips. Orchestrators use it as a `retry_after` hint when scheduling a delayed re-discover. Absent for failure classes without an... */
  cooldown_seconds: z.number().int().nullish(),
  /** Coarse error class so consumers can branch without parsing the `message`. One of `"transient"` / `"timeout"` / `"rate_limit"` / `"auth"` / `"unknown"`. */
  error_class: z.string(),
  /** Adapter-side identifier for the source (e.g. Fivetran connector_id). */
  id: z.string(),
  /** Human-readable error from the adapter — for logs / debugging only. Don't pattern-match on this; use `error_class` for branching. */
  message: z.string(),
  /** Source schema name the adapter would have written into. */
  schema: z.string(),
  /** Adapter type (`"fivetran"`, `"airbyte"`, `"iceberg"`, ...). */
  source_type: z.string(),
});
/** The parsed form of {@link FailedSourceSchema}. */
export type FailedSource = z.infer<typeof FailedSourceSchema>;

/** rocky's `DiscoveredTable`, as the engine's JSON Schema defines it (unknown fields kept). */
export const DiscoveredTableSchema = z.looseObject({
  name: z.string(),
  row_count: z.number().int().nullish(),
});
/** The parsed form of {@link DiscoveredTableSchema}. */
export type DiscoveredTable = z.infer<typeof DiscoveredTableSchema>;

/** A discovered source (connector, schema, integration — terminology varies by adapter). */
export const DiscoveredSourceSchema = z.looseObject({
  /** Schema pattern components parsed from the source schema name. Keys are the component names from the schema pattern config. e.g., {"tenant": "acme", "regions": ["us_west"], "source": "shopify"} */
  components: z.record(z.string(), z.unknown()),
  id: z.string(),
  last_sync_at: z.string().nullish(),
  /** Adapter-namespaced metadata surfaced by the discovery adapter. */
  metadata: z.record(z.string(), z.unknown()).optional(),
  source_type: z.string(),
  tables: z.array(DiscoveredTableSchema),
});
/** The parsed form of {@link DiscoveredSourceSchema}. */
export type DiscoveredSource = z.infer<typeof DiscoveredSourceSchema>;

/** JSON output for `rocky discover`. */
export const DiscoverOutputSchema = z.looseObject({
  /** Pipeline-level data quality check configuration. Present when the pipeline declares a `[checks]` block in `rocky.toml`. Downstream orchestrators (e.g. Dagster) consume this to attach asset-level freshness policies and check expectations without re-reading `rocky.toml` themselves. */
  checks: ChecksConfigSchema.nullish(),
  /** Groups of ≥2 discovered sources sharing the SAME external object id but resolving to DIFFERENT target paths — the same underlying object onboarded twice. Populated only when discovery's `on_collision` is `warn`/`error` and the adapter supplies `external_object_id`; empty (and omitted from the... */
  collision_candidates: z.array(CollisionCandidateSchema).optional(),
  command: z.string(),
  /** Tables filtered out of `sources` because they were reported by the discovery adapter but do not exist in the source warehouse. Same shape as `RunOutput.excluded_tables` so consumers can use one parser. Empty when nothing was filtered. */
  excluded_tables: z.array(ExcludedTableSchema).optional(),
  /** Sources the discovery adapter attempted to fetch metadata for and failed (transient HTTP error, timeout, rate-limit budget exhausted, auth blip). Their absence from `sources` does NOT mean they were removed upstream — consumers diffing against a prior run must treat failed sources as "unknown... */
  failed_sources: z.array(FailedSourceSchema).optional(),
  /** Source schemas seen for the first time relative to the prior persisted `discover` snapshot — the catch-a-duplicate-at-onboarding signal. Populated only when the pipeline's discovery config sets `report_new_sources`; empty (and omitted from the wire format) otherwise. The first-ever discover of a... */
  new_sources: z.array(z.string()).optional(),
  /** Number of schema-cache entries written by this invocation. */
  schemas_cached: z.number().int().optional(),
  sources: z.array(DiscoveredSourceSchema),
  version: z.string(),
});
/** The parsed form of {@link DiscoverOutputSchema}. */
export type DiscoverOutput = z.infer<typeof DiscoverOutputSchema>;
