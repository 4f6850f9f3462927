/** `rocky state`: the watermarks rocky keeps. */
import { CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const StateOptionsSchema = CallOptionsSchema;

export const stateVerb = defineVerb({
  name: "state",
  options: StateOptionsSchema,
  args: () => ["state"],
  output: schemaOutput(() => import("../schemas/state.js").then((m) => m.StateOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
