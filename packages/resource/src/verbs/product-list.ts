/**
 * `rocky product list`: every product, one status row each (rocky >= 1.74.0,
 * rocky-sdk 0.29.0's table of engine floors). Never mutates: allowed anywhere.
 */
import type { ProductListOutput } from "../schemas/product-list.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `productList()`: the call options. */
export interface ProductListOptions extends CallOptions {}

/** What `productList()` resolves to. */
export type ProductListResult = ProductListOutput;

/** rocky's first release with `product list`, `product journal` and `state schedule spool`. @internal */
export const PRODUCT_LIST_FLOOR = "1.74.0";

/** @internal */
export const productListVerb = defineVerb({
  name: "productList",
  command: ["product", "list"],
  options: CallOptionsSchema,
  args: () => ["product", "list"],
  output: schemaOutput<ProductListResult>(() =>
    import("../schemas/product-list.js").then((m) => m.ProductListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_LIST_FLOOR,
});
