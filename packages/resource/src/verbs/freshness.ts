/**
 * `rocky freshness`: per-source and per-model freshness (rocky >= 1.72.0: the
 * verb is absent from 1.71.0's CLI). Read-only: it queries load times and
 * writes nothing, so it is allowed anywhere.
 */
import { z } from "zod";
import type { FreshnessOutput } from "../schemas/freshness.js";
import { pipelineName } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `freshness()`. */
export interface FreshnessOptions extends CallOptions {
  /** Check only this pipeline's sources and models (`--pipeline`; default: every pipeline). */
  pipeline?: string | undefined;
}

/** What `freshness()` resolves to; read `summary` to gate on failed checks. */
export type FreshnessResult = FreshnessOutput;

/** @internal */
export const FreshnessOptionsSchema = optionsSchema<FreshnessOptions>()(
  z.strictObject({ ...callShape, pipeline: pipelineName("pipeline").optional() }),
);

/** @internal */
export const freshnessVerb = defineVerb({
  name: "freshness",
  command: ["freshness"],
  options: FreshnessOptionsSchema,
  args: (o) => {
    const args = ["freshness"];
    opt(args, "pipeline", o.pipeline);
    return args;
  },
  output: schemaOutput<FreshnessResult>(() =>
    import("../schemas/freshness.js").then((m) => m.FreshnessOutputSchema),
  ),
  shadow: "none",
  // 1: some check is `error` or `runtime_error`; rocky still prints the report (rocky-sdk: allow_partial).
  resultExitCodes: [1],
  minVersion: "1.72.0",
});
