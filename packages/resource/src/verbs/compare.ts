/**
 * `rocky compare`: shadow tables vs production, with the same suffix `run`
 * would use. A failing comparison (exit 1 with a report) is a result.
 */
import { z } from "zod";
import type { CompareOutput } from "../schemas/compare.js";
import { flag, identifier, pipelineName } from "../value-rules.js";
import { json, opt } from "./flags.js";
import { type CallOptions, callShape, filter } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** `compare()`'s thresholds (`--thresholds`, rocky's JSON). */
export interface CompareThresholds {
  /** Fraction (0.05 = 5%) of row-count difference that warns. */
  row_count_diff_pct_warn?: number | undefined;
  /** Fraction of row-count difference that fails; at least the warn fraction. */
  row_count_diff_pct_fail?: number | undefined;
  /** Column order differences do not fail the comparison. */
  allow_column_order_diff?: boolean | undefined;
}

/** Options of `compare()`. */
export interface CompareOptions extends CallOptions {
  /** One `key=value` pair, as `run()`'s. Required. */
  filter: string;
  /** The pipeline compared (`--pipeline`; default: rocky's). */
  pipeline?: string | undefined;
  /**
   * The shadow suffix compared (an identifier); default: the one `run()`
   * would use. The call is refused when none is in force.
   */
  shadowSuffix?: string | undefined;
  /** A shadow schema to compare instead of a suffix (`--shadow-schema`); not with `shadowSuffix`. */
  shadowSchema?: string | undefined;
  /** Warn and fail thresholds (rocky's defaults otherwise). */
  thresholds?: CompareThresholds | undefined;
}

/** What `compare()` resolves to. */
export type CompareResult = CompareOutput;

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be a fraction >= 0 (0.05 = 5%)` })
    .refine(Number.isFinite, { error: `${what} must be finite` })
    .optional();

/** @internal */
export const CompareThresholdsSchema = optionsSchema<CompareThresholds>()(
  z
    .strictObject({
      row_count_diff_pct_warn: fraction("thresholds.row_count_diff_pct_warn"),
      row_count_diff_pct_fail: fraction("thresholds.row_count_diff_pct_fail"),
      allow_column_order_diff: flag("thresholds.allow_column_order_diff").optional(),
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
    }),
);

/** @internal */
export const CompareOptionsSchema = optionsSchema<CompareOptions>()(
  z
    .strictObject({
      ...callShape,
      filter,
      pipeline: pipelineName("pipeline").optional(),
      shadowSuffix: identifier("shadowSuffix", '"_dagster_pr_42"').optional(),
      shadowSchema: identifier("shadowSchema", '"pr_42"').optional(),
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
    }),
);

/** @internal */
export const compareVerb = defineVerb({
  name: "compare",
  command: ["compare"],
  options: CompareOptionsSchema,
  args: (o) => {
    const args = ["compare", `--filter=${o.filter}`];
    opt(args, "pipeline", o.pipeline);
    if (o.shadowSchema !== undefined) opt(args, "shadow-schema", o.shadowSchema);
    else opt(args, "shadow-suffix", o.shadowSuffix);
    json(args, "thresholds", o.thresholds);
    return args;
  },
  output: schemaOutput<CompareResult>(() =>
    import("../schemas/compare.js").then((m) => m.CompareOutputSchema),
  ),
  shadow: "needs_suffix",
  resultExitCodes: [1],
});
