/** `rocky metrics <model>`: quality snapshots; a model with no data is a result with `message`. */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const MetricsOptionsSchema = z.strictObject({
  ...callShape,
  /** The model. */
  model: identifier("model"),
  /** Show the trend over recent runs. */
  trend: flag("trend"),
  /** One column's trend. */
  column: identifier("column").optional(),
  /** Include quality alerts. */
  alerts: flag("alerts"),
});

export const metricsVerb = defineVerb({
  name: "metrics",
  options: MetricsOptionsSchema,
  positionals: ["model"],
  args: (o) => {
    const args = ["metrics"];
    sw(args, "trend", o.trend);
    opt(args, "column", o.column);
    sw(args, "alerts", o.alerts);
    args.push("--", o.model);
    return args;
  },
  output: schemaOutput(() => import("../schemas/metrics.js").then((m) => m.MetricsOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
