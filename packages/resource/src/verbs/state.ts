/** `rocky state`: the watermarks rocky keeps. */
import type { StateOutput } from "../schemas/state.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `state()`: the call options. */
export interface StateOptions extends CallOptions {}

/** What `state()` resolves to. */
export type StateResult = StateOutput;

/** @internal */
export const stateVerb = defineVerb({
  name: "state",
  command: ["state"],
  options: CallOptionsSchema,
  args: () => ["state"],
  output: schemaOutput<StateResult>(() =>
    import("../schemas/state.js").then((m) => m.StateOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
