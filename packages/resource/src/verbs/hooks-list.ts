/** `rocky hooks list`: the configured lifecycle hooks (JSON without a `command` field). */
import { HooksListOutputSchema } from "../schemas/hooks-list.js";
import { CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const HooksListOptionsSchema = CallOptionsSchema;

export const hooksListVerb = defineVerb({
  name: "hooks list",
  options: HooksListOptionsSchema,
  args: () => ["hooks", "list"],
  output: schemaOutput(HooksListOutputSchema),
  shadow: "none",
  resultExitCodes: [],
});
