// Generated from the rocky engine's `branch_list.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { BranchEntrySchema } from "./branch.js";

/** JSON output for `rocky branch list`. */
export const BranchListOutputSchema = z.looseObject({
  branches: z.array(BranchEntrySchema),
  command: z.string(),
  total: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link BranchListOutputSchema}. */
export type BranchListOutput = z.infer<typeof BranchListOutputSchema>;
