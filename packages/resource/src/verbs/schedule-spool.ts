/**
 * `rocky state schedule spool`: webhook demands accepted and not yet consumed
 * by a tick (rocky >= 1.74.0). Reads only (rocky-sdk 0.29.0: "Reads only;
 * takes no arguments"; the 1.74 engine source is not in this repository's
 * reach), so allowed anywhere. An unreadable spool is a RockyCommandError,
 * never an empty queue.
 */
import type { ScheduleSpoolOutput } from "../schemas/schedule-spool.js";
import { PRODUCT_LIST_FLOOR } from "./product-list.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `scheduleSpool()`: the call options. */
export interface ScheduleSpoolOptions extends CallOptions {}

/** What `scheduleSpool()` resolves to. */
export type ScheduleSpoolResult = ScheduleSpoolOutput;

/** @internal */
export const scheduleSpoolVerb = defineVerb({
  name: "scheduleSpool",
  command: ["state", "schedule", "spool"],
  options: CallOptionsSchema,
  args: () => ["state", "schedule", "spool"],
  output: schemaOutput<ScheduleSpoolResult>(() =>
    import("../schemas/schedule-spool.js").then((m) => m.ScheduleSpoolOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PRODUCT_LIST_FLOOR,
});
