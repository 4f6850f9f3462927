/**
 * `rocky cost --month <YYYY-MM> --by product`: one calendar month of
 * production cost split across data products, in physical units (rocky >=
 * 1.72.0: 1.71.0's `cost` has neither `--month` nor `--by product`).
 * Read-only (the state store's run records), so allowed anywhere.
 */
import { z } from "zod";
import type { ProductMonthCostOutput } from "../schemas/cost-by-product.js";
import { month } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `costByProduct()` (the month is its first argument): the call options. */
export interface CostByProductOptions extends CallOptions {}

/** What `costByProduct()` resolves to; check `history_complete` before trusting a total. */
export type CostByProductResult = ProductMonthCostOutput;

/** @internal */
export const CostByProductOptionsSchema = optionsSchema<CostByProductOptions & { month: string }>()(
  z.strictObject({ ...callShape, month: month("month") }),
);

/** @internal */
export const costByProductVerb = defineVerb({
  name: "costByProduct",
  command: ["cost"],
  options: CostByProductOptionsSchema,
  args: (o) => ["cost", `--month=${o.month}`, "--by=product"],
  output: schemaOutput<CostByProductResult>(() =>
    import("../schemas/cost-by-product.js").then((m) => m.ProductMonthCostOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.72.0",
});
