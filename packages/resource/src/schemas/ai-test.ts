// Generated from the rocky engine's `ai_test.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `AiTestAssertion` object of the engine's `ai_test.schema.json`. */
export const AiTestAssertionSchema = z.looseObject({
  description: z.string(),
  name: z.string(),
  sql: z.string().nullish(),
});
/** The parsed form of {@link AiTestAssertionSchema}. */
export type AiTestAssertion = z.infer<typeof AiTestAssertionSchema>;

/** Validates the `AiTestModelResult` object of the engine's `ai_test.schema.json`. */
export const AiTestModelResultSchema = z.looseObject({
  model: z.string(),
  saved: z.boolean(),
  tests: z.array(AiTestAssertionSchema),
});
/** The parsed form of {@link AiTestModelResultSchema}. */
export type AiTestModelResult = z.infer<typeof AiTestModelResultSchema>;

/** JSON output for `rocky ai-test`. */
export const AiTestOutputSchema = z.looseObject({
  command: z.string(),
  results: z.array(AiTestModelResultSchema),
  version: z.string(),
});
/** The parsed form of {@link AiTestOutputSchema}. */
export type AiTestOutput = z.infer<typeof AiTestOutputSchema>;
