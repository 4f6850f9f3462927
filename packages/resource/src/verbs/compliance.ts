/**
 * `rocky compliance`: classified columns vs masking policy. With
 * `failOnException`, exceptions exit 1 with the report, which is a result.
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const ComplianceOptionsSchema = z.strictObject({
  ...callShape,
  /** Scope the report to one environment. */
  env: identifier("env").optional(),
  /** Only columns with at least one exception in `per_column`. */
  exceptionsOnly: flag("exceptionsOnly"),
  /** rocky exits 1 when any exception exists (`--fail-on=exception`); the report is still returned. */
  failOnException: flag("failOnException"),
});

export const complianceVerb = defineVerb({
  name: "compliance",
  options: ComplianceOptionsSchema,
  args: (o, ctx) => {
    const args = ["compliance", `--models=${ctx.modelsDir}`];
    opt(args, "env", o.env);
    sw(args, "exceptions-only", o.exceptionsOnly);
    if (o.failOnException === true) args.push("--fail-on=exception");
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/compliance.js").then((m) => m.ComplianceOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
