/**
 * `rocky product approve <product>`: a human authority transition. Refused where runs are shadowed:
 * an automated PR deployment's approval is no human approval.
 */
import { z } from "zod";
import type { ProductApproveOutput } from "../schemas/product-approve.js";
import { PRODUCT_FLOOR, productArgs, productShape } from "./product.js";
import { actingSuffix, type CallOptions } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `productApprove()`: the product options and `shadowSuffix` (a suffix refuses the call). */
export interface ProductApproveOptions extends CallOptions {
  /** The deployment this call acts for: a suffix here refuses the call (it would act for a PR). */
  shadowSuffix?: string | undefined;
}

/** What `productApprove()` resolves to. */
export type ProductApproveResult = ProductApproveOutput;

/** @internal */
export const ProductApproveOptionsSchema = optionsSchema<
  ProductApproveOptions & { product: string }
>()(z.strictObject({ ...productShape, shadowSuffix: actingSuffix }));

/** @internal */
export const productApproveVerb = defineVerb({
  name: "productApprove",
  command: ["product", "approve"],
  options: ProductApproveOptionsSchema,
  positionals: ["product"],
  args: productArgs("approve"),
  output: schemaOutput<ProductApproveResult>(() =>
    import("../schemas/product-approve.js").then((m) => m.ProductApproveOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  resultExitCodes: [],
  minVersion: PRODUCT_FLOOR,
});
