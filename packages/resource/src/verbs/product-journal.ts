/**
 * `rocky product journal <product>`: the product's fulfillment journal, every
 * persisted transition in append order (rocky >= 1.74.0). Never mutates:
 * allowed anywhere. An unknown product is a RockyCommandError (exit 1).
 */
import type { ProductJournalOutput } from "../schemas/product-journal.js";
import { ProductOptionsSchema, productArgs } from "./product.js";
import { PRODUCT_LIST_FLOOR } from "./product-list.js";
import type { CallOptions } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `productJournal()` (the product is its first argument): the call options. */
export interface ProductJournalOptions extends CallOptions {}

/** What `productJournal()` resolves to (an empty `rows` for a product with no history). */
export type ProductJournalResult = ProductJournalOutput;

/** @internal */
export const productJournalVerb = defineVerb({
  name: "productJournal",
  command: ["product", "journal"],
  options: ProductOptionsSchema,
  positionals: ["product"],
  args: productArgs("journal"),
  output: schemaOutput<ProductJournalResult>(() =>
    import("../schemas/product-journal.js").then((m) => m.ProductJournalOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_LIST_FLOOR,
});
