// Generated from the rocky engine's `recipe_history.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { RecipeIdentityViewSchema } from "./catalog.js";

/** One execution of a given `recipe_hash`, embedded in [`RecipeHistoryOutput`]. */
export const RecipeExecutionRecordSchema = z.looseObject({
  duration_ms: z.number().int(),
  /** Model name as recorded in the run. */
  model_name: z.string(),
  /** The recipe-identity triple for this execution. Its `recipe_hash` matches the top-level filter; `input_hash` / `env_hash` can differ run-to-run for the same program (different inputs, different engine version). */
  recipe_identity: RecipeIdentityViewSchema.nullish(),
  rows_affected: z.number().int().nullish(),
  /** The run this execution belonged to. */
  run_id: z.string(),
  sql_hash: z.string(),
  started_at: z.string(),
  status: z.string(),
});
/** The parsed form of {@link RecipeExecutionRecordSchema}. */
export type RecipeExecutionRecord = z.infer<typeof RecipeExecutionRecordSchema>;

/** JSON output for `rocky history --recipe <hash>` — every recorded execution of one exact program (`recipe_hash`), across all runs. The "what produced this?" query: given a `recipe_hash` (read from any model record's [`RecipeIdentityView`]), list every time that exact program ran — newest run first... */
export const RecipeHistoryOutputSchema = z.looseObject({
  command: z.string(),
  count: z.number().int(),
  executions: z.array(RecipeExecutionRecordSchema),
  /** The `recipe_hash` the history was filtered on, echoed back. */
  recipe_hash: z.string(),
  version: z.string(),
});
/** The parsed form of {@link RecipeHistoryOutputSchema}. */
export type RecipeHistoryOutput = z.infer<typeof RecipeHistoryOutputSchema>;
