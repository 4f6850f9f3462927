/** `rocky review --status <planId>`: a plan's review state (read-only; rocky >= 1.71). */
import { z } from "zod";
import type { ReviewStatusOutput } from "../schemas/review-status.js";
import { planId } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `reviewStatus()` (the plan id is its first argument): the call options. */
export interface ReviewStatusOptions extends CallOptions {}

/** What `reviewStatus()` resolves to. */
export type ReviewStatusResult = ReviewStatusOutput;

/** @internal */
export const ReviewStatusOptionsSchema = optionsSchema<ReviewStatusOptions & { planId: string }>()(
  z.strictObject({ ...callShape, planId: planId("planId") }),
);

/** @internal */
export const reviewStatusVerb = defineVerb({
  name: "reviewStatus",
  command: ["review"],
  options: ReviewStatusOptionsSchema,
  positionals: ["planId"],
  // `review <id> --approve` records a sign-off: only `--status` is this (read-only) verb.
  modeFlags: ["--status"],
  args: (o) => ["review", "--status", "--", o.planId],
  output: schemaOutput<ReviewStatusResult>(() =>
    import("../schemas/review-status.js").then((m) => m.ReviewStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.71.0",
});
