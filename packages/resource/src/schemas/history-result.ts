// `rocky history` prints one of three shapes under the same `command: "history"`: the run list
// (`history.schema.json`), one model's executions with `--model` (`model_history.schema.json`),
// or one recipe's executions with `--recipe` (`recipe_history.schema.json`). Written by hand: it
// composes the generated schemas.
import type { z } from "zod";
import { dispatchBy } from "./dispatch.js";
import { type HistoryOutput, HistoryOutputSchema } from "./history.js";
import { type ModelHistoryOutput, ModelHistoryOutputSchema } from "./model-history.js";
import { type RecipeHistoryOutput, RecipeHistoryOutputSchema } from "./recipe-history.js";

/** The run list, tagged `kind: "runs"`. */
export type RunsHistoryResult = HistoryOutput & {
  /** Which shape `rocky history` printed. */
  kind: "runs";
};
/** `--model` executions, tagged `kind: "model"`. */
export type ModelHistoryResult = ModelHistoryOutput & {
  /** Which shape `rocky history` printed. */
  kind: "model";
};
/** `--recipe` executions, tagged `kind: "recipe"`. */
export type RecipeHistoryResult = RecipeHistoryOutput & {
  /** Which shape `rocky history` printed. */
  kind: "recipe";
};

/** The zod schema of {@link RunsHistoryResult}. */
export const RunsHistoryResultSchema: z.ZodType<RunsHistoryResult> = HistoryOutputSchema.transform(
  (output) => ({ ...output, kind: "runs" as const }),
);
/** The zod schema of {@link ModelHistoryResult}. */
export const ModelHistoryResultSchema: z.ZodType<ModelHistoryResult> =
  ModelHistoryOutputSchema.transform((output) => ({ ...output, kind: "model" as const }));
/** The zod schema of {@link RecipeHistoryResult}. */
export const RecipeHistoryResultSchema: z.ZodType<RecipeHistoryResult> =
  RecipeHistoryOutputSchema.transform((output) => ({ ...output, kind: "recipe" as const }));

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
