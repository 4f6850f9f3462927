/**
 * `rocky product compile <product>`: writes the model and contract files for a product (project files,
 * not warehouse data). Allowed anywhere.
 */
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { defineVerb, schemaOutput } from "./types.js";

export const productCompileVerb = defineVerb({
  name: "productCompile",
  command: "product",
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("compile"),
  output: schemaOutput(() =>
    import("../schemas/product-compile.js").then((m) => m.ProductCompileOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
