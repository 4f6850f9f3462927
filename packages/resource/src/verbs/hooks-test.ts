/**
 * `rocky hooks test <event>`: fires a synthetic event, which runs the
 * configured hook commands and webhooks. An `abort` status is a result
 * (rocky exits 0).
 */
import { z } from "zod";
import type { HooksTestOutput } from "../schemas/hooks-test.js";
import { identifier } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/**
 * Options of `hooksTest()` (the event, e.g. `on_pipeline_start`, is its first
 * argument: an identifier, not a closed list, so newer engine events work;
 * rocky refuses an unknown one): the call options.
 */
export interface HooksTestOptions extends CallOptions {}

/** What `hooksTest()` resolves to. */
export type HooksTestResult = HooksTestOutput;

/** @internal */
export const HooksTestOptionsSchema = optionsSchema<HooksTestOptions & { event: string }>()(
  z.strictObject({ ...callShape, event: identifier("event", '"on_pipeline_start"') }),
);

/** @internal */
export const hooksTestVerb = defineVerb({
  name: "hooksTest",
  command: ["hooks", "test"],
  options: HooksTestOptionsSchema,
  positionals: ["event"],
  args: (o) => ["hooks", "test", "--", o.event],
  output: schemaOutput<HooksTestResult>(() =>
    import("../schemas/hooks-test.js").then((m) => m.HooksTestOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
