// Generated from the rocky engine's `compare.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** `rocky compare` verdicts (per table and overall). */
export const CompareVerdictSchema = openEnum(["pass", "warn", "fail"]);
/** The parsed form of {@link CompareVerdictSchema}. */
export type CompareVerdict = z.infer<typeof CompareVerdictSchema>;

/** rocky's `CompareTableResult`, as the engine's JSON Schema defines it (unknown fields kept). */
export const CompareTableResultSchema = z.looseObject({
  production_count: z.number().int(),
  production_table: z.string(),
  row_count_diff_pct: z.number(),
  row_count_match: z.boolean(),
  schema_diffs: z.array(z.string()),
  schema_match: z.boolean(),
  shadow_count: z.number().int(),
  shadow_table: z.string(),
  verdict: CompareVerdictSchema,
});
/** The parsed form of {@link CompareTableResultSchema}. */
export type CompareTableResult = z.infer<typeof CompareTableResultSchema>;

/** JSON output for `rocky compare`. */
export const CompareOutputSchema = z.looseObject({
  command: z.string(),
  filter: z.string(),
  overall_verdict: CompareVerdictSchema,
  results: z.array(CompareTableResultSchema),
  tables_compared: z.number().int(),
  tables_failed: z.number().int(),
  tables_passed: z.number().int(),
  tables_warned: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link CompareOutputSchema}. */
export type CompareOutput = z.infer<typeof CompareOutputSchema>;
