// Generated from the rocky engine's `hooks_test.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** JSON output for `rocky hooks test <event>`. */
export const HooksTestOutputSchema = z.looseObject({
  event: z.string(),
  message: z.string().nullish(),
  /** Free-form Debug rendering of the hook result, when applicable. */
  result: z.string().nullish(),
  /** One of "no_hooks", "continue", "abort". */
  status: z.string(),
});
/** The parsed form of {@link HooksTestOutputSchema}. */
export type HooksTestOutput = z.infer<typeof HooksTestOutputSchema>;
