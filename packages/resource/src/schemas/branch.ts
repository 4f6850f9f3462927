// Generated from the rocky engine's `branch.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** A single branch record in JSON output. */
export const BranchEntrySchema = z.looseObject({
  created_at: z.string(),
  created_by: z.string(),
  description: z.string().nullish(),
  name: z.string(),
  schema_prefix: z.string(),
});
/** The parsed form of {@link BranchEntrySchema}. */
export type BranchEntry = z.infer<typeof BranchEntrySchema>;

/** JSON output for `rocky branch create` and `rocky branch show`. */
export const BranchOutputSchema = z.looseObject({
  branch: BranchEntrySchema,
  command: z.string(),
  version: z.string(),
});
/** The parsed form of {@link BranchOutputSchema}. */
export type BranchOutput = z.infer<typeof BranchOutputSchema>;
