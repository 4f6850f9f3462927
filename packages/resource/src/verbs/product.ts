/** What the four `rocky product <sub> <product>` verbs share (rocky >= 1.71.0). */
import { z } from "zod";
import { identifier } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { optionsSchema } from "./types.js";

/** The product option (`products/<product>.toml`): an identifier. @internal */
export const productShape = { ...callShape, product: identifier("product", '"revenue"') };

/** Options of every `product` verb: the product. @internal */
export const ProductOptionsSchema = optionsSchema<CallOptions & { product: string }>()(
  z.strictObject(productShape),
);

/** rocky's first release with `product` (and product-bound plans). @internal */
export const PRODUCT_FLOOR = "1.71.0";

/** `product <sub> -- <product>`. @internal */
export function productArgs(sub: string) {
  return (o: { readonly product: string }) => ["product", sub, "--", o.product];
}
