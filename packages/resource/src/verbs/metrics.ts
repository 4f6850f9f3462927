/** `rocky metrics <model>`: quality snapshots; a model with no data is a result with `message`. */
import { z } from "zod";
import { segment } from "../http/segment.js";
import type { MetricsOutput } from "../schemas/metrics.js";
import { flag, identifier, modelName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, type RouteIssue, schemaOutput } from "./types.js";

/** Options of `metrics()` (the model is its first argument). */
export interface MetricsOptions extends CallOptions {
  /** Show the trend over recent runs (`--trend`). */
  trend?: boolean | undefined;
  /** One column's trend (`--column`, an identifier). */
  column?: string | undefined;
  /** Include quality alerts (`--alerts`). */
  alerts?: boolean | undefined;
}

/** What `metrics()` resolves to. */
export type MetricsResult = MetricsOutput;

/** @internal */
export const MetricsOptionsSchema = optionsSchema<MetricsOptions & { model: string }>()(
  z.strictObject({
    ...callShape,
    model: modelName("model"),
    trend: flag("trend").optional(),
    column: identifier("column", '"amount"').optional(),
    alerts: flag("alerts").optional(),
  }),
);

/** @internal */
export const metricsVerb = defineVerb({
  name: "metrics",
  command: ["metrics"],
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
  output: schemaOutput<MetricsResult>(() =>
    import("../schemas/metrics.js").then((m) => m.MetricsOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  http: {
    reads: ["model"],
    unsupported: {
      trend:
        "GET /api/v1/models/{name}/metrics has no trend (rocky-sdk refuses it with server_url too)",
      column: "GET /api/v1/models/{name}/metrics has no column filter",
      alerts: "GET /api/v1/models/{name}/metrics has no alerts",
    },
    path: (o) => {
      const issues: RouteIssue[] = [];
      const model = segment("model", o.model, issues, "orders");
      return issues.length > 0 ? issues : `/api/v1/models/${model}/metrics`;
    },
  },
});
