/**
 * `rocky product approve <product>`: a human authority transition. Refused where runs are shadowed:
 * an automated PR deployment's approval is no human approval.
 */
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { defineVerb, schemaOutput } from "./types.js";

export const productApproveVerb = defineVerb({
  name: "productApprove",
  command: "product",
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("approve"),
  output: schemaOutput(() =>
    import("../schemas/product-approve.js").then((m) => m.ProductApproveOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
