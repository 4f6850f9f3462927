/**
 * `rocky lineage <target>`: a model's lineage, or one column's trace when a
 * column is named (`--column` or a `model.column` target); the result is
 * tagged `kind: "model" | "column"`.
 */
import { z } from "zod";
import { identifier } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { dottedIdentifier } from "./values.js";

export const LineageOptionsSchema = z
  .strictObject({
    ...callShape,
    /** `model` or `model.column` (the engine splits on the first dot). */
    target: dottedIdentifier("target", 1, "orders.customer_id"),
    /** The column to trace; the target must then be a bare model name. */
    column: identifier("column").optional(),
    /** Trace consumers instead of sources. */
    downstream: flag("downstream"),
    /** Trace sources (rocky's default; explicit for scripted callers). */
    upstream: flag("upstream"),
  })
  .superRefine((o, ctx) => {
    if (o.downstream === true && o.upstream === true) {
      ctx.addIssue({
        code: "custom",
        path: ["upstream"],
        message: "downstream and upstream are mutually exclusive (as in rocky); pass one",
      });
    }
    if (o.column !== undefined && o.target.includes(".")) {
      ctx.addIssue({
        code: "custom",
        path: ["column"],
        message:
          'column names the column already; pass a bare model as target ("orders") or drop column and use "orders.customer_id"',
      });
    }
  });

export const lineageVerb = defineVerb({
  name: "lineage",
  options: LineageOptionsSchema,
  positionals: ["target"],
  args: (o, ctx) => {
    const args = ["lineage", `--models=${ctx.modelsDir}`];
    opt(args, "column", o.column);
    sw(args, "downstream", o.downstream);
    sw(args, "upstream", o.upstream);
    args.push("--", o.target);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/lineage-result.js").then((m) => m.LineageResultSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
