// Generated from the rocky engine's `ai_sync.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `AiSyncProposal` object of the engine's `ai_sync.schema.json`. */
export const AiSyncProposalSchema = z.looseObject({
  diff: z.string(),
  intent: z.string(),
  model: z.string(),
  proposed_source: z.string(),
});
/** The parsed form of {@link AiSyncProposalSchema}. */
export type AiSyncProposal = z.infer<typeof AiSyncProposalSchema>;

/** JSON output for `rocky ai-sync`. */
export const AiSyncOutputSchema = z.looseObject({
  command: z.string(),
  proposals: z.array(AiSyncProposalSchema),
  version: z.string(),
});
/** The parsed form of {@link AiSyncOutputSchema}. */
export type AiSyncOutput = z.infer<typeof AiSyncOutputSchema>;
