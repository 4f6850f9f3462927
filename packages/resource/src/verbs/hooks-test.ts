/**
 * `rocky hooks test <event>`: fires a synthetic event, which runs the
 * configured hook commands and webhooks. An `abort` status is a result
 * (rocky exits 0).
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const HooksTestOptionsSchema = z.strictObject({
  ...callShape,
  /**
   * The event (e.g. `on_pipeline_start`). Not a closed list, so newer engine
   * events work; rocky refuses an unknown one.
   */
  event: identifier("event"),
});

export const hooksTestVerb = defineVerb({
  name: "hooks test",
  options: HooksTestOptionsSchema,
  positionals: ["event"],
  args: (o) => ["hooks", "test", "--", o.event],
  output: schemaOutput(() =>
    import("../schemas/hooks-test.js").then((m) => m.HooksTestOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
