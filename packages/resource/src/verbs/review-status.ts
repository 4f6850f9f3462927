/** `rocky review --status <planId>`: a plan's review state (read-only; rocky >= 1.71). */
import { z } from "zod";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { planId } from "./values.js";

export const ReviewStatusOptionsSchema = z.strictObject({
  ...callShape,
  /** The plan's 64-character hex id. */
  planId: planId("planId"),
});

export const reviewStatusVerb = defineVerb({
  name: "review",
  options: ReviewStatusOptionsSchema,
  positionals: ["planId"],
  args: (o) => ["review", "--status", "--", o.planId],
  output: schemaOutput(() =>
    import("../schemas/review-status.js").then((m) => m.ReviewStatusOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.71.0",
});
