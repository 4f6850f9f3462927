/** `rocky hooks list`: the configured lifecycle hooks (JSON without a `command` field). */
import { CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const HooksListOptionsSchema = CallOptionsSchema;

export const hooksListVerb = defineVerb({
  name: "hooks list",
  options: HooksListOptionsSchema,
  args: () => ["hooks", "list"],
  output: schemaOutput(() =>
    import("../schemas/hooks-list.js").then((m) => m.HooksListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
