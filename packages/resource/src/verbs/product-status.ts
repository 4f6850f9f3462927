/**
 * `rocky product status <product>`: the product's state. Allowed anywhere (read-only).
 */
import { ProductStatusOutputSchema } from "../schemas/product-status.js";
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { defineVerb, schemaOutput } from "./types.js";

export const productStatusVerb = defineVerb({
  name: "productStatus",
  command: "product",
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("status"),
  output: schemaOutput(ProductStatusOutputSchema),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
