/**
 * `rocky compliance`: classified columns vs masking policy. With
 * `failOnException`, exceptions exit 1 with the report, which is a result.
 */
import { z } from "zod";
import type { ComplianceOutput } from "../schemas/compliance.js";
import { flag, identifier } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `compliance()`. */
export interface ComplianceOptions extends CallOptions {
  /** Scope the report to one environment (`--env`, an identifier). */
  env?: string | undefined;
  /** Only columns with at least one exception in `per_column` (`--exceptions-only`). */
  exceptionsOnly?: boolean | undefined;
  /** rocky exits 1 when any exception exists (`--fail-on=exception`); the report is still returned. */
  failOnException?: boolean | undefined;
}

/** What `compliance()` resolves to. */
export type ComplianceResult = ComplianceOutput;

/** @internal */
export const ComplianceOptionsSchema = optionsSchema<ComplianceOptions>()(
  z.strictObject({
    ...callShape,
    env: identifier("env", '"prod"').optional(),
    exceptionsOnly: flag("exceptionsOnly").optional(),
    failOnException: flag("failOnException").optional(),
  }),
);

/** @internal */
export const complianceVerb = defineVerb({
  name: "compliance",
  command: ["compliance"],
  options: ComplianceOptionsSchema,
  args: (o, ctx) => {
    const args = ["compliance", `--models=${ctx.modelsDir}`];
    opt(args, "env", o.env);
    sw(args, "exceptions-only", o.exceptionsOnly);
    if (o.failOnException === true) args.push("--fail-on=exception");
    return args;
  },
  output: schemaOutput<ComplianceResult>(() =>
    import("../schemas/compliance.js").then((m) => m.ComplianceOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
