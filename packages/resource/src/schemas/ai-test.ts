// Generated from the rocky engine's `ai_test.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

export const AiTestAssertionSchema = z.looseObject({
  description: z.string(),
  name: z.string(),
  sql: z.string().nullish(),
});
export type AiTestAssertion = z.infer<typeof AiTestAssertionSchema>;

export const AiTestModelResultSchema = z.looseObject({
  model: z.string(),
  saved: z.boolean(),
  tests: z.array(AiTestAssertionSchema),
});
export type AiTestModelResult = z.infer<typeof AiTestModelResultSchema>;

/** JSON output for `rocky ai-test`. */
export const AiTestOutputSchema = z.looseObject({
  command: z.string(),
  results: z.array(AiTestModelResultSchema),
  version: z.string(),
});
export type AiTestOutput = z.infer<typeof AiTestOutputSchema>;
