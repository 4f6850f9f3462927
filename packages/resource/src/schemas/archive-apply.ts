// Generated from the rocky engine's `archive_apply.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { StatementResultSchema } from "./compact-apply.js";

/** JSON output for `rocky archive apply <plan_id>`. */
export const ArchiveApplyOutputSchema = z.looseObject({
  command: z.string(),
  executed_at: z.string(),
  /** The plan that was applied. */
  plan_id: z.string(),
  /** Per-statement results, in the order they were executed. */
  statements: z.array(StatementResultSchema),
  /** `true` when all statements succeeded; `false` on the first failure. */
  success: z.boolean(),
  version: z.string(),
});
/** The parsed form of {@link ArchiveApplyOutputSchema}. */
export type ArchiveApplyOutput = z.infer<typeof ArchiveApplyOutputSchema>;
