/**
 * `rocky history`: recorded runs, one model's executions (`model`) or one
 * recipe's executions (`recipe`); the result is tagged `kind`.
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { isoDate, positiveInt, recipeHash } from "./values.js";

export const HistoryOptionsSchema = z
  .strictObject({
    ...callShape,
    /** One model's executions. Conflicts with `recipe`. */
    model: identifier("model").optional(),
    /** Every execution of one recipe hash (rocky >= 1.57). Conflicts with `model`. */
    recipe: recipeHash("recipe").optional(),
    /** Only runs since this ISO 8601 date. */
    since: isoDate("since").optional(),
    /** Include the governance audit trail of each run. */
    audit: flag("audit"),
    /** Rolling statistics over the model's recent successful executions; needs `model`. */
    rollingStats: flag("rollingStats"),
    /** Window of `rollingStats` (rocky's default 20); needs `rollingStats`. */
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
  });

export const historyVerb = defineVerb({
  name: "history",
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
  output: schemaOutput(() =>
    import("../schemas/history-result.js").then((m) => m.HistoryResultSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "recipe", minVersion: "1.57.0" }],
});
