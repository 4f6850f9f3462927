// `rocky history` prints one of three shapes under the same `command: "history"`: the run list
// (`history.schema.json`), one model's executions with `--model` (`model_history.schema.json`),
// or one recipe's executions with `--recipe` (`recipe_history.schema.json`).
import type { z } from "zod";
import { dispatchBy } from "./dispatch.js";
import { HistoryOutputSchema } from "./history.js";
import { ModelHistoryOutputSchema } from "./model-history.js";
import { RecipeHistoryOutputSchema } from "./recipe-history.js";

/** The run list tagged `kind: "runs"`. */
export const RunsHistoryResultSchema = HistoryOutputSchema.transform((output) => ({
  ...output,
  kind: "runs" as const,
}));
/** The parsed form of {@link RunsHistoryResultSchema}. */
export type RunsHistoryResult = z.infer<typeof RunsHistoryResultSchema>;

/** `--model` executions tagged `kind: "model"`. */
export const ModelHistoryResultSchema = ModelHistoryOutputSchema.transform((output) => ({
  ...output,
  kind: "model" as const,
}));
/** The parsed form of {@link ModelHistoryResultSchema}. */
export type ModelHistoryResult = z.infer<typeof ModelHistoryResultSchema>;

/** `--recipe` executions tagged `kind: "recipe"`. */
export const RecipeHistoryResultSchema = RecipeHistoryOutputSchema.transform((output) => ({
  ...output,
  kind: "recipe" as const,
}));
/** The parsed form of {@link RecipeHistoryResultSchema}. */
export type RecipeHistoryResult = z.infer<typeof RecipeHistoryResultSchema>;

/** What `rocky history` printed, tagged by `kind`: runs, one model's executions, or one recipe's. */
export type HistoryResult = RunsHistoryResult | ModelHistoryResult | RecipeHistoryResult;

/**
 * The output of `rocky history`, discriminated by `kind`: `recipe_hash` marks a recipe history,
 * `executions` (without it) a model history, anything else the run list.
 */
export const HistoryResultSchema = dispatchBy<HistoryResult>(
  (value) =>
    "recipe_hash" in value
      ? RecipeHistoryResultSchema
      : "executions" in value
        ? ModelHistoryResultSchema
        : RunsHistoryResultSchema,
  () => "`rocky history` output is not a JSON object",
);
