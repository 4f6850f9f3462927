/**
 * `rocky product compile <product>`: writes the model and contract files for a product (project files,
 * not warehouse data). Allowed anywhere.
 */
import type { ProductCompileOutput } from "../schemas/product-compile.js";
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import type { CallOptions } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `productCompile()` (the product is its first argument): the call options. */
export interface ProductCompileOptions extends CallOptions {}

/** What `productCompile()` resolves to. */
export type ProductCompileResult = ProductCompileOutput;

/** @internal */
export const productCompileVerb = defineVerb({
  name: "productCompile",
  command: ["product", "compile"],
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("compile"),
  output: schemaOutput<ProductCompileResult>(() =>
    import("../schemas/product-compile.js").then((m) => m.ProductCompileOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
