/**
 * The documents `rocky serve` answers with for the routes the SDK calls,
 * built from the fake project's models (project/fake.ts), as `compile`:
 * `LineageOutput`, `ColumnLineageOutput` and `MetricsOutput`, the shapes of
 * `rocky lineage` / `rocky metrics --output json` (api.rs serves those bytes).
 */
import type { Json, JsonObject } from "../json.js";
import { FAKE_MODELS } from "../project/fake.js";

/** The fake project's models: name, schema, upstream models. */
const MODELS: readonly [string, string, readonly string[]][] = FAKE_MODELS.map((m) => [
  m.name,
  m.schema,
  m.dependsOn,
]);

/** Columns of each simulated model. */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  raw_orders: ["order_id", "customer_id", "amount"],
  customer_orders: ["customer_id", "order_count", "total_revenue"],
  revenue_summary: ["customer_id", "total_revenue", "order_count"],
};

const modelOf = (name: string) => MODELS.find(([m]) => m === name);

/** `LineageOutput` for `model`, or null when the model is not in the project. */
export function buildModelLineage(version: string, model: string): JsonObject | null {
  const found = modelOf(model);
  if (found === undefined) return null;
  const [, schema, upstream] = found;
  const downstream = MODELS.filter(([, , ups]) => ups.includes(model)).map(([m]) => m);
  const edges: Json[] = upstream.flatMap((up) =>
    (COLUMNS[model] ?? [])
      .filter((c) => (COLUMNS[up] ?? []).includes(c))
      .map((c) => ({
        source: { model: up, column: c },
        target: { model, column: c },
        transform: "direct",
      })),
  );
  return {
    version,
    command: "lineage",
    model,
    columns: (COLUMNS[model] ?? []).map((name) => ({ name })),
    upstream: [...upstream],
    downstream,
    edges,
    nodes: [model, ...upstream].map((m) => ({
      model: m,
      target_schema: modelOf(m)?.[1] ?? schema,
    })),
  };
}

/** `ColumnLineageOutput` (an upstream trace), or null for an unknown model or column. */
export function buildColumnLineage(
  version: string,
  model: string,
  column: string,
  direction: "upstream" | "downstream" = "upstream",
): JsonObject | null {
  if (modelOf(model) === undefined || !(COLUMNS[model] ?? []).includes(column)) return null;
  const trace: Json[] = [];
  let current = model;
  for (;;) {
    const next =
      direction === "upstream"
        ? modelOf(current)?.[2].find((up) => (COLUMNS[up] ?? []).includes(column))
        : MODELS.find(
            ([, , ups]) => ups.includes(current) && (COLUMNS[ups[0] ?? ""] ?? []).includes(column),
          )?.[0];
    if (next === undefined) break;
    const [source, target] = direction === "upstream" ? [next, current] : [current, next];
    trace.push({
      source: { model: source, column },
      target: { model: target, column },
      transform: "direct",
    });
    current = next;
  }
  return { version, command: "lineage", model, column, direction, trace };
}

/** `MetricsOutput`: two snapshots for a simulated model; none (with a message) otherwise. */
export function buildMetrics(version: string, model: string): JsonObject {
  if (modelOf(model) === undefined) {
    return {
      version,
      command: "metrics",
      model,
      snapshots: [],
      count: 0,
      message: "no quality metrics available",
    };
  }
  const snapshots: Json[] = [1, 2].map((i) => ({
    run_id: `run-20260101-00000${i}-000`,
    timestamp: `2026-01-01T00:0${i}:00Z`,
    row_count: 1000 * i,
    null_rates: { customer_id: 0 },
    freshness_lag_seconds: 60,
  }));
  return { version, command: "metrics", model, snapshots, count: snapshots.length };
}
