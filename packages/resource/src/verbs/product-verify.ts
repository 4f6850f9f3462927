/**
 * `rocky product verify <product>`: checks a product spec against policy. Allowed anywhere (read-only).
 */
import type { ProductVerifyOutput } from "../schemas/product-verify.js";
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import type { CallOptions } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `productVerify()` (the product is its first argument): the call options. */
export interface ProductVerifyOptions extends CallOptions {}

/** What `productVerify()` resolves to. */
export type ProductVerifyResult = ProductVerifyOutput;

/** @internal */
export const productVerifyVerb = defineVerb({
  name: "productVerify",
  command: ["product", "verify"],
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("verify"),
  output: schemaOutput<ProductVerifyResult>(() =>
    import("../schemas/product-verify.js").then((m) => m.ProductVerifyOutputSchema),
  ),
  shadow: "none",
  // 1 needs_input, 2 fail: the report is printed first; both are verdicts.
  resultExitCodes: [1, 2],
  minVersion: PRODUCT_FLOOR,
});
