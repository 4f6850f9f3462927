// Generated from the rocky engine's `compact_apply.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Result of executing one SQL statement during `rocky compact apply` or `rocky archive apply`. */
export const StatementResultSchema = z.looseObject({
  /** Execution duration in milliseconds. Zero when execution was skipped due to a prior statement failure in the same apply run. */
  duration_ms: z.number().int(),
  /** Adapter error message. `None` when `success == true`. */
  error: z.string().nullish(),
  /** Human-readable purpose label (mirrors `NamedStatement.purpose`). */
  purpose: z.string(),
  /** The SQL that was executed. */
  sql: z.string(),
  /** Whether the adapter accepted the statement without error. */
  success: z.boolean(),
});
/** The parsed form of {@link StatementResultSchema}. */
export type StatementResult = z.infer<typeof StatementResultSchema>;

/** JSON output for `rocky compact apply <plan_id>`. */
export const CompactApplyOutputSchema = z.looseObject({
  command: z.string(),
  executed_at: z.string(),
  /** The plan that was applied. */
  plan_id: z.string(),
  /** Per-statement results, in the order they were executed. */
  statements: z.array(StatementResultSchema),
  /** `true` when all statements succeeded; `false` on the first failure (remaining statements are still reported with `success: false` and `duration_ms: 0`). */
  success: z.boolean(),
  version: z.string(),
});
/** The parsed form of {@link CompactApplyOutputSchema}. */
export type CompactApplyOutput = z.infer<typeof CompactApplyOutputSchema>;
