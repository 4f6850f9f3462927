// Generated from the rocky engine's `lineage.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `LineageColumnDef` object of the engine's `lineage.schema.json`. */
export const LineageColumnDefSchema = z.looseObject({
  /** Inferred column type, rendered as a Rocky type string (e.g. `STRING`, `INT64`, `DECIMAL(10,2)`, `TIMESTAMP`). Omitted when the type could not be inferred — typically a `SELECT *` against an upstream whose schema isn't cached, or a model that did not pass typecheck. */
  data_type: z.string().nullish(),
  name: z.string(),
});
/** The parsed form of {@link LineageColumnDefSchema}. */
export type LineageColumnDef = z.infer<typeof LineageColumnDefSchema>;

/** Validates the `LineageQualifiedColumn` object of the engine's `lineage.schema.json`. */
export const LineageQualifiedColumnSchema = z.looseObject({
  column: z.string(),
  model: z.string(),
});
/** The parsed form of {@link LineageQualifiedColumnSchema}. */
export type LineageQualifiedColumn = z.infer<typeof LineageQualifiedColumnSchema>;

/** Validates the `LineageEdgeRecord` object of the engine's `lineage.schema.json`. */
export const LineageEdgeRecordSchema = z.looseObject({
  source: LineageQualifiedColumnSchema,
  target: LineageQualifiedColumnSchema,
  /** Transform kind: "direct", "cast", "expression", etc. Stringified from `rocky_sql::lineage::TransformKind` to avoid pulling schemars into rocky-sql. */
  transform: z.string(),
});
/** The parsed form of {@link LineageEdgeRecordSchema}. */
export type LineageEdgeRecord = z.infer<typeof LineageEdgeRecordSchema>;

/** Per-node metadata for the lineage graph. One entry per distinct model referenced by `LineageOutput.edges` (plus the focal model). Carries cluster keys consumers can use to group nodes without having to parse the qualified node name. Either optional field may be absent — `target_schema` is `None`... */
export const LineageNodeDefSchema = z.looseObject({
  /** Qualified node identifier as it appears in `edges[].source.model` and `edges[].target.model`. Stable across the rest of the payload. */
  model: z.string(),
  /** Source identifier for nodes that represent an external source (i.e. a referenced table outside the project model set). The value mirrors how the SQL referenced the source so consumers can key on it directly. Omitted for project models. */
  source_id: z.string().nullish(),
  /** Resolved target schema for project models, from the model's declared target config. Omitted for external sources and any node Rocky couldn't resolve to a project model. */
  target_schema: z.string().nullish(),
});
/** The parsed form of {@link LineageNodeDefSchema}. */
export type LineageNodeDef = z.infer<typeof LineageNodeDefSchema>;

/** JSON output for `rocky lineage <model>` (model lineage shape). When invoked with `--column <col>` (or `model.column` syntax), the dispatch returns `ColumnLineageOutput` instead — the two shapes share version/command/model headers but otherwise differ enough to keep separate. */
export const LineageOutputSchema = z.looseObject({
  columns: z.array(LineageColumnDefSchema),
  command: z.string(),
  downstream: z.array(z.string()),
  edges: z.array(LineageEdgeRecordSchema),
  model: z.string(),
  /** Per-node metadata for every model referenced by this lineage view (the focal model plus each endpoint of `edges`). Lets consumers (e.g. the VS Code subgraph drill-in) cluster nodes by their resolved target schema or source identity instead of parsing the qualified node name. Empty when no nodes w... */
  nodes: z.array(LineageNodeDefSchema).optional(),
  upstream: z.array(z.string()),
  version: z.string(),
});
/** The parsed form of {@link LineageOutputSchema}. */
export type LineageOutput = z.infer<typeof LineageOutputSchema>;
