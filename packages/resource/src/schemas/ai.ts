// Generated from the rocky engine's `ai.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** JSON output for `rocky ai "<intent>"`. */
export const AiGenerateOutputSchema = z.looseObject({
  attempts: z.number().int(),
  /** Path of the body file (`.rocky` or `.sql`) written to the models directory, when emission succeeded. */
  body_path: z.string().nullish(),
  command: z.string(),
  format: z.string(),
  intent: z.string(),
  name: z.string(),
  /** Path of the `.toml` sidecar written next to the body, when emission succeeded. The sidecar carries the materialization strategy and target coordinates so Rocky's model loader picks the generated model up without manual editing. */
  sidecar_path: z.string().nullish(),
  source: z.string(),
  version: z.string(),
});
/** The parsed form of {@link AiGenerateOutputSchema}. */
export type AiGenerateOutput = z.infer<typeof AiGenerateOutputSchema>;
