/**
 * `rocky lineage <target>`: a model's lineage, or one column's trace when a
 * column is named (`--column` or a `model.column` target); the result is
 * tagged `kind: "model" | "column"`.
 */
import { z } from "zod";
import { segment } from "../http/segment.js";
import type { LineageResult } from "../schemas/lineage-result.js";
import { dottedIdentifier, flag, identifier } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, type RouteIssue, schemaOutput } from "./types.js";

/** Options of `lineage()` (the target, `model` or `model.column`, is its first argument). */
export interface LineageOptions extends CallOptions {
  /** The column to trace (`--column`, an identifier); the target must then be a bare model name. */
  column?: string | undefined;
  /** Trace consumers instead of sources (`--downstream`). */
  downstream?: boolean | undefined;
  /** Trace sources (`--upstream`, rocky's default; explicit for scripted callers). */
  upstream?: boolean | undefined;
}

export type { LineageResult } from "../schemas/lineage-result.js";

/** @internal */
export const LineageOptionsSchema = optionsSchema<LineageOptions & { target: string }>()(
  z
    .strictObject({
      ...callShape,
      // `model` or `model.column` (the engine splits on the first dot).
      target: dottedIdentifier("target", 1, "orders.customer_id"),
      column: identifier("column", '"customer_id"').optional(),
      downstream: flag("downstream").optional(),
      upstream: flag("upstream").optional(),
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
    }),
);

/** `GET /api/v1/models/{name}/lineage[/{column}]`; `model.column` means column lineage, as on the CLI. */
function lineagePath(o: Readonly<Record<string, unknown>>): string | RouteIssue[] {
  const issues: RouteIssue[] = [];
  const target = o.target;
  const dot = typeof target === "string" ? target.indexOf(".") : -1;
  if (dot >= 0 && o.column !== undefined) {
    issues.push({
      path: "target",
      message:
        'target must be a bare model name when column is given (or pass "model.column" without column)',
    });
    return issues;
  }
  const model = segment(
    "target",
    dot >= 0 ? (target as string).slice(0, dot) : target,
    issues,
    "orders",
  );
  const columnValue = dot >= 0 ? (target as string).slice(dot + 1) : o.column;
  const column =
    columnValue === undefined
      ? undefined
      : segment(dot >= 0 ? "target" : "column", columnValue, issues, "customer_id");
  if (issues.length > 0) return issues;
  return column === undefined
    ? `/api/v1/models/${model}/lineage`
    : `/api/v1/models/${model}/lineage/${column}`;
}

/** @internal */
export const lineageVerb = defineVerb({
  name: "lineage",
  command: ["lineage"],
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
  output: schemaOutput<LineageResult>(() =>
    import("../schemas/lineage-result.js").then((m) => m.LineageResultSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  http: {
    reads: ["target", "column", "upstream"],
    unsupported: {
      downstream:
        "rocky serve's column route traces upstream only (GET /api/v1/models/{name}/lineage/{column})",
    },
    path: lineagePath,
  },
});
