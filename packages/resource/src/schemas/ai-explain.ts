// Generated from the rocky engine's `ai_explain.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `AiExplanation` object of the engine's `ai_explain.schema.json`. */
export const AiExplanationSchema = z.looseObject({
  intent: z.string(),
  model: z.string(),
  saved: z.boolean(),
});
/** The parsed form of {@link AiExplanationSchema}. */
export type AiExplanation = z.infer<typeof AiExplanationSchema>;

/** JSON output for `rocky ai-explain`. */
export const AiExplainOutputSchema = z.looseObject({
  command: z.string(),
  explanations: z.array(AiExplanationSchema),
  version: z.string(),
});
/** The parsed form of {@link AiExplainOutputSchema}. */
export type AiExplainOutput = z.infer<typeof AiExplainOutputSchema>;
