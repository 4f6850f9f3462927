// Generated from the rocky engine's `hooks_list.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `HookEntry` object of the engine's `hooks_list.schema.json`. */
export const HookEntrySchema = z.looseObject({
  command: z.string(),
  env_keys: z.array(z.string()),
  event: z.string(),
  on_failure: z.string(),
  timeout_ms: z.number().int(),
});
/** The parsed form of {@link HookEntrySchema}. */
export type HookEntry = z.infer<typeof HookEntrySchema>;

/** JSON output for `rocky hooks list`. */
export const HooksListOutputSchema = z.looseObject({
  hooks: z.array(HookEntrySchema),
  total: z.number().int(),
});
/** The parsed form of {@link HooksListOutputSchema}. */
export type HooksListOutput = z.infer<typeof HooksListOutputSchema>;
