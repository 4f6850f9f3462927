/**
 * `rocky history`: recorded runs, one model's executions (`model`) or one
 * recipe's executions (`recipe`); the result is tagged `kind`.
 */
import { z } from "zod";
import type { HistoryResult } from "../schemas/history-result.js";
import { flag, isoDate, modelName, positiveInt, recipeHash } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `history()`. */
export interface HistoryOptions extends CallOptions {
  /** One model's executions (`--model`). Conflicts with `recipe`. */
  model?: string | undefined;
  /** Every execution of one recipe hash (`--recipe`, rocky >= 1.57). Conflicts with `model`. */
  recipe?: string | undefined;
  /** Only runs since this ISO 8601 date (`--since`). */
  since?: string | undefined;
  /** Include the governance audit trail of each run (`--audit`). */
  audit?: boolean | undefined;
  /** Rolling statistics over the model's recent successful executions (`--rolling-stats`); needs `model`. */
  rollingStats?: boolean | undefined;
  /** Window of `rollingStats` (`--window`, rocky's default 20); needs `rollingStats`. */
  window?: number | undefined;
}

export type { HistoryResult } from "../schemas/history-result.js";

/** @internal */
export const HistoryOptionsSchema = optionsSchema<HistoryOptions>()(
  z
    .strictObject({
      ...callShape,
      model: modelName("model").optional(),
      recipe: recipeHash("recipe").optional(),
      since: isoDate("since").optional(),
      audit: flag("audit").optional(),
      rollingStats: flag("rollingStats").optional(),
      window: positiveInt("window").optional(),
    })
    .superRefine((o, ctx) => {
      if (o.model !== undefined && o.recipe !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["recipe"],
          message: "model and recipe conflict (as in rocky); pass one",
        });
      }
      // rocky ignores --rolling-stats without --model: refuse rather than return no statistics.
      if (o.rollingStats === true && o.model === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["rollingStats"],
          message: "rollingStats needs model (rocky computes them for one model only)",
        });
      }
      if (o.window !== undefined && o.rollingStats !== true) {
        ctx.addIssue({
          code: "custom",
          path: ["window"],
          message: "window only applies with rollingStats: true",
        });
      }
    }),
);

/** @internal */
export const historyVerb = defineVerb({
  name: "history",
  command: ["history"],
  options: HistoryOptionsSchema,
  args: (o) => {
    const args = ["history"];
    opt(args, "model", o.model);
    opt(args, "recipe", o.recipe);
    opt(args, "since", o.since);
    sw(args, "audit", o.audit);
    sw(args, "rolling-stats", o.rollingStats);
    opt(args, "window", o.window);
    return args;
  },
  output: schemaOutput<HistoryResult>(() =>
    import("../schemas/history-result.js").then((m) => m.HistoryResultSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "recipe", minVersion: "1.57.0" }],
});
