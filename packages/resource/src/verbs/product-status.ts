/**
 * `rocky product status <product>`: the product's state. Allowed anywhere (read-only).
 */
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { defineVerb, schemaOutput } from "./types.js";

export const productStatusVerb = defineVerb({
  name: "productStatus",
  command: "product",
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("status"),
  output: schemaOutput(() =>
    import("../schemas/product-status.js").then((m) => m.ProductStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
