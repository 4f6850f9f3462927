/** `rocky hooks list`: the configured lifecycle hooks (JSON without a `command` field). */
import type { HooksListOutput } from "../schemas/hooks-list.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `hooksList()`: the call options. */
export interface HooksListOptions extends CallOptions {}

/** What `hooksList()` resolves to. */
export type HooksListResult = HooksListOutput;

/** @internal */
export const hooksListVerb = defineVerb({
  name: "hooksList",
  command: ["hooks", "list"],
  options: CallOptionsSchema,
  args: () => ["hooks", "list"],
  output: schemaOutput<HooksListResult>(() =>
    import("../schemas/hooks-list.js").then((m) => m.HooksListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
