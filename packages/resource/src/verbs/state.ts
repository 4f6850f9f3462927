/** `rocky state`: the watermarks rocky keeps. */
import { StateOutputSchema } from "../schemas/state.js";
import { CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const StateOptionsSchema = CallOptionsSchema;

export const stateVerb = defineVerb({
  name: "state",
  options: StateOptionsSchema,
  args: () => ["state"],
  output: schemaOutput(StateOutputSchema),
  shadow: "none",
  resultExitCodes: [],
});
