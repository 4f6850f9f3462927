// Generated from the rocky engine's `state.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** rocky's `WatermarkEntry`, as the engine's JSON Schema defines it (unknown fields kept). */
export const WatermarkEntrySchema = z.looseObject({
  last_value: z.string(),
  table: z.string(),
  updated_at: z.string(),
});
/** The parsed form of {@link WatermarkEntrySchema}. */
export type WatermarkEntry = z.infer<typeof WatermarkEntrySchema>;

/** JSON output for `rocky state show`. */
export const StateOutputSchema = z.looseObject({
  command: z.string(),
  /** redb state-schema version stamped in the on-disk state file, or `null` when no state file exists yet or it predates schema versioning. */
  schema_version_on_disk: z.number().int().nullish(),
  /** redb state-schema version this binary supports. Pair with `schema_version_on_disk` to make a compatibility decision without parsing a human error string: `on_disk > supported` means the file was written by a newer engine (forward-incompatible). See the state-schema-deploy-safety contract. */
  schema_version_supported: z.number().int(),
  version: z.string(),
  watermarks: z.array(WatermarkEntrySchema),
});
/** The parsed form of {@link StateOutputSchema}. */
export type StateOutput = z.infer<typeof StateOutputSchema>;
