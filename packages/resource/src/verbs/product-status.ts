/**
 * `rocky product status <product>`: the product's state. Allowed anywhere (read-only).
 */
import type { ProductStatusOutput } from "../schemas/product-status.js";
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import type { CallOptions } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `productStatus()` (the product is its first argument): the call options. */
export interface ProductStatusOptions extends CallOptions {}

/** What `productStatus()` resolves to. */
export type ProductStatusResult = ProductStatusOutput;

/** @internal */
export const productStatusVerb = defineVerb({
  name: "productStatus",
  command: ["product", "status"],
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("status"),
  output: schemaOutput<ProductStatusResult>(() =>
    import("../schemas/product-status.js").then((m) => m.ProductStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
