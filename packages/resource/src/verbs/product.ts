/** What the four `rocky product <sub> <product>` verbs share (rocky >= 1.71.0). */
import { z } from "zod";
import { nameArg } from "./names.js";
import { callShape } from "./shared.js";

/** Options of every `product` verb: the product (`products/<product>.toml`). */
export const ProductOptionsSchema = z.strictObject({
  ...callShape,
  /** The product (the method's first argument). */
  product: nameArg("product"),
});

/** rocky's first release with `product` (and product-bound plans). @internal */
export const PRODUCT_FLOOR = "1.71.0";

/** `product <sub> -- <product>`. @internal */
export function productArgs(sub: string) {
  return (o: z.output<typeof ProductOptionsSchema>) => ["product", sub, "--", o.product];
}
