// Generated from the rocky engine's `dag.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { ModelFreshnessConfigSchema, StrategyConfigSchema, TargetConfigSchema } from "./compile.js";
import { LineageEdgeRecordSchema } from "./lineage.js";

/** One directed edge in the DAG output. */
export const DagEdgeOutputSchema = z.looseObject({
  /** Semantic classification: `"data"`, `"check"`, `"governance"`. */
  edge_type: z.string(),
  /** Upstream node ID. */
  from: z.string(),
  /** Downstream node ID. */
  to: z.string(),
});
/** The parsed form of {@link DagEdgeOutputSchema}. */
export type DagEdgeOutput = z.infer<typeof DagEdgeOutputSchema>;

/** Partition shape metadata for time-interval nodes. */
export const PartitionShapeOutputSchema = z.looseObject({
  /** First partition key, if declared in the model sidecar. */
  first_partition: z.string().nullish(),
  /** Time granularity: `"daily"`, `"hourly"`, `"monthly"`, `"yearly"`. */
  granularity: z.string(),
});
/** The parsed form of {@link PartitionShapeOutputSchema}. */
export type PartitionShapeOutput = z.infer<typeof PartitionShapeOutputSchema>;

/** One node in the enriched DAG, projected for orchestrators. Cross-references the engine's internal `UnifiedNode` with model configs, seeds, and pipeline configs to attach the metadata that orchestrators need (target, strategy, freshness, partition shape). */
export const DagNodeOutputSchema = z.looseObject({
  /** Upstream node IDs (derived from DAG edges). */
  depends_on: z.array(z.string()).optional(),
  /** Per-model freshness expectation from the model sidecar. */
  freshness: ModelFreshnessConfigSchema.nullish(),
  /** Unique identifier: `{kind}:{name}` (e.g. `transformation:stg_orders`). */
  id: z.string(),
  /** Node kind: `source`, `load`, `transformation`, `quality`, `snapshot`, `seed`, `test`, `replication`. */
  kind: z.string(),
  /** Human-readable label (usually the pipeline or model name). */
  label: z.string(),
  /** Partition shape for time-interval models. `None` for unpartitioned strategies. */
  partition_shape: PartitionShapeOutputSchema.nullish(),
  /** Pipeline name from `rocky.toml`, if applicable. */
  pipeline: z.string().nullish(),
  /** Materialization strategy. Present for transformation nodes. */
  strategy: StrategyConfigSchema.nullish(),
  /** Target table coordinates. Present for transformation, seed, load, and snapshot nodes. */
  target: TargetConfigSchema.nullish(),
});
/** The parsed form of {@link DagNodeOutputSchema}. */
export type DagNodeOutput = z.infer<typeof DagNodeOutputSchema>;

/** Summary counts for the DAG. */
export const DagSummaryOutputSchema = z.looseObject({
  counts_by_kind: z.record(z.string(), z.number().int()),
  execution_layers: z.number().int(),
  total_edges: z.number().int(),
  total_nodes: z.number().int(),
});
/** The parsed form of {@link DagSummaryOutputSchema}. */
export type DagSummaryOutput = z.infer<typeof DagSummaryOutputSchema>;

/** JSON output for `rocky dag`. Projects the engine's internal [`UnifiedDag`] into an enriched, orchestrator-friendly shape: every pipeline stage becomes a node with its target table coordinates, materialization strategy, freshness SLA, partition shape, and direct upstream dependencies. Consumers (d... */
export const DagOutputSchema = z.looseObject({
  /** Column-level lineage edges across all models. Only populated when `--column-lineage` is passed; empty otherwise. */
  column_lineage: z.array(LineageEdgeRecordSchema).optional(),
  /** Why `column_lineage` is **not** an answer, when it is not one. An empty `column_lineage` used to mean two different things with no way to tell them apart: a project that genuinely has no column-level lineage, and a project whose lineage could not be computed. A consumer reading zero edges off a p... */
  column_lineage_unavailable: z.string().nullish(),
  command: z.string(),
  /** Directed edges between nodes (from → to). */
  edges: z.array(DagEdgeOutputSchema),
  /** Topologically-sorted execution layers. Nodes within the same layer have no mutual dependencies and can execute in parallel. */
  execution_layers: z.array(z.array(z.string())),
  /** Every stage in the pipeline as an enriched DAG node. */
  nodes: z.array(DagNodeOutputSchema),
  /** Version of the graph-export contract this payload conforms to. Distinct from `version` (the engine release, which churns every release): `schema_version` identifies the *shape* of the graph export — the node/edge/lineage fields orchestrators build an asset graph from. It is bumped only on a backw... */
  schema_version: z.string().default("1"),
  /** Summary counts for the DAG. */
  summary: DagSummaryOutputSchema,
  version: z.string(),
});
/** The parsed form of {@link DagOutputSchema}. */
export type DagOutput = z.infer<typeof DagOutputSchema>;
