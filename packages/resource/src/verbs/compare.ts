/**
 * `rocky compare`: shadow tables vs production, with the same suffix `run`
 * would use. A failing comparison (exit 1 with a report) is a result.
 */
import { z } from "zod";
import { identifier, nonEmptyArg } from "../validation.js";
import { json, opt } from "./flags.js";
import { callShape, filter, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be a fraction >= 0 (0.05 = 5%)` })
    .refine(Number.isFinite, { error: `${what} must be finite` })
    .optional();

export const CompareThresholdsSchema = z
  .strictObject({
    /** Fraction (0.05 = 5%) of row-count difference that warns. */
    row_count_diff_pct_warn: fraction("thresholds.row_count_diff_pct_warn"),
    /** Fraction of row-count difference that fails. */
    row_count_diff_pct_fail: fraction("thresholds.row_count_diff_pct_fail"),
    /** Column order differences do not fail the comparison. */
    allow_column_order_diff: flag("thresholds.allow_column_order_diff"),
  })
  .superRefine((t, ctx) => {
    if (
      t.row_count_diff_pct_warn !== undefined &&
      t.row_count_diff_pct_fail !== undefined &&
      t.row_count_diff_pct_warn > t.row_count_diff_pct_fail
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["row_count_diff_pct_warn"],
        message: "row_count_diff_pct_warn must not exceed row_count_diff_pct_fail",
      });
    }
  });

export const CompareOptionsSchema = z
  .strictObject({
    ...callShape,
    filter,
    pipeline: nonEmptyArg("pipeline").optional(),
    shadowSuffix: identifier("shadowSuffix").optional(),
    shadowSchema: identifier("shadowSchema").optional(),
    thresholds: CompareThresholdsSchema.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.shadowSuffix !== undefined && o.shadowSchema !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["shadowSchema"],
        message: "shadowSuffix and shadowSchema are mutually exclusive; pass one",
      });
    }
  });

export const compareVerb = defineVerb({
  name: "compare",
  options: CompareOptionsSchema,
  args: (o) => {
    const args = ["compare", `--filter=${o.filter}`];
    opt(args, "pipeline", o.pipeline);
    if (o.shadowSchema !== undefined) opt(args, "shadow-schema", o.shadowSchema);
    else opt(args, "shadow-suffix", o.shadowSuffix);
    json(args, "thresholds", o.thresholds);
    return args;
  },
  output: schemaOutput(() => import("../schemas/compare.js").then((m) => m.CompareOutputSchema)),
  shadow: "needs_suffix",
  resultExitCodes: [1],
});
