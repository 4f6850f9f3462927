/**
 * `rocky product approve <product>`: a human authority transition. Refused where runs are shadowed:
 * an automated PR deployment's approval is no human approval.
 */
import { z } from "zod";
import { PRODUCT_FLOOR, ProductOptionsSchema, productArgs } from "./product.js";
import { actingSuffix } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const ProductApproveOptionsSchema = z.strictObject({
  ...ProductOptionsSchema.shape,
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix: actingSuffix,
});

export const productApproveVerb = defineVerb({
  name: "productApprove",
  command: "product",
  options: ProductApproveOptionsSchema,
  positionals: ["product"],
  args: productArgs("approve"),
  output: schemaOutput(() =>
    import("../schemas/product-approve.js").then((m) => m.ProductApproveOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
