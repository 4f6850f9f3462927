/**
 * The `rocky serve` routes the SDK calls when `serverUrl` is set, keyed by
 * verb: the one place that knows which verbs go over HTTP. Each route maps a
 * call's options to a path (`/api/v1/...`, the paths rocky-sdk uses) and
 * refuses what the API cannot honour, naming the option; its body is the
 * same document the CLI prints, so it is validated by the same schema.
 */
import { isRockyIdentifier } from "@dagster-rocky/core";
import type { z } from "zod";
import type { ConfigIssue } from "../errors.js";
import { CompileOutputSchema } from "../schemas/compile.js";
import { LineageResultSchema } from "../schemas/lineage-result.js";
import { MetricsOutputSchema } from "../schemas/metrics.js";

/** The verbs served over HTTP when `serverUrl` is set. */
export type HttpVerb = "compile" | "lineage" | "metrics";

/** One route: a path from the call's options, or the issues that refuse the call. @internal */
export interface HttpRoute {
  /** Option keys (beyond signal, timeoutMs, onLog) the route reads. */
  readonly reads: readonly string[];
  /** Options the API cannot honour, with why; refused when set (not undefined or false). */
  readonly unsupported: Readonly<Record<string, string>>;
  /** The request path, or issues naming the bad options. */
  readonly path: (options: Readonly<Record<string, unknown>>) => string | ConfigIssue[];
  /** The body's schema: the CLI verb's output schema. */
  readonly output: z.ZodType;
}

/** Options every call accepts and the HTTP path honours too. @internal */
export const HTTP_CALL_KEYS: readonly string[] = ["signal", "timeoutMs", "onLog"];

/** A path segment: an identifier (validated), then percent-encoded anyway. */
function segment(
  field: string,
  value: unknown,
  issues: ConfigIssue[],
  example: string,
): string | undefined {
  if (typeof value !== "string" || !isRockyIdentifier(value)) {
    const got =
      typeof value === "string" ? "" : `; got ${value === undefined ? "nothing" : typeof value}`;
    issues.push({
      path: field,
      message: `${field} must match ^[A-Za-z0-9_]+$ (it becomes a URL path segment), such as "${example}"${got}`,
    });
    return undefined;
  }
  return encodeURIComponent(value);
}

const compile: HttpRoute = {
  reads: [],
  unsupported: {
    model:
      "GET /api/v1/compile compiles the whole project (rocky-sdk refuses model_filter with server_url too)",
  },
  path: () => "/api/v1/compile",
  output: CompileOutputSchema,
};

const lineage: HttpRoute = {
  reads: ["target", "column", "upstream"],
  unsupported: {
    downstream:
      "rocky serve's column route traces upstream only (GET /api/v1/models/{name}/lineage/{column})",
    format: "rocky serve returns JSON only",
  },
  path: (o) => {
    const issues: ConfigIssue[] = [];
    const target = o.target;
    // `model.column` means column lineage, as on the CLI (split on the first dot).
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
  },
  output: LineageResultSchema,
};

const metrics: HttpRoute = {
  reads: ["model"],
  unsupported: {
    trend:
      "GET /api/v1/models/{name}/metrics has no trend (rocky-sdk refuses it with server_url too)",
    column: "GET /api/v1/models/{name}/metrics has no column filter",
    alerts: "GET /api/v1/models/{name}/metrics has no alerts",
  },
  path: (o) => {
    const issues: ConfigIssue[] = [];
    const model = segment("model", o.model, issues, "orders");
    return issues.length > 0 ? issues : `/api/v1/models/${model}/metrics`;
  },
  output: MetricsOutputSchema,
};

/** The routes, by verb. @internal */
export const HTTP_ROUTES: Readonly<Record<HttpVerb, HttpRoute>> = Object.freeze({
  compile,
  lineage,
  metrics,
});

/** True when `verb` goes over HTTP when `serverUrl` is set. @internal */
export function isHttpVerb(verb: unknown): verb is HttpVerb {
  return typeof verb === "string" && Object.hasOwn(HTTP_ROUTES, verb);
}
