/**
 * `rocky product verify <product>`: checks a product spec against policy. Allowed anywhere (read-only).
 */
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { defineVerb, schemaOutput } from "./types.js";

export const productVerifyVerb = defineVerb({
  name: "productVerify",
  command: "product",
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("verify"),
  output: schemaOutput(() =>
    import("../schemas/product-verify.js").then((m) => m.ProductVerifyOutputSchema),
  ),
  shadow: "none",
  // 1 needs_input, 2 fail: the report is printed first; both are verdicts.
  resultExitCodes: [1, 2],
  minVersion: PRODUCT_FLOOR,
});
