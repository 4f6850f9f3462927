/**
 * Check results of a run (output.rs `TableCheckOutput`, rocky-core checks.rs `CheckResult`): the
 * aggregate checks the pipeline's `[checks]` enable, per table. `row_count` compares the source and
 * target counts; `column_match` the two column sets. rocky-sim's tables always match, unless the
 * scenario's `failingChecks` names them (their `row_count` is then one row short).
 */
import type { Ctx } from "../context.js";
import type { Json } from "../json.js";
import type { SimPipeline } from "../project/config.js";

export interface CheckedTable {
  readonly assetKey: readonly string[];
  readonly rows: number;
}

function failing(ctx: Ctx, tables: readonly CheckedTable[]): Set<CheckedTable> {
  const f = ctx.behavior.failingChecks;
  if (f === undefined || f === false) return new Set();
  if (f === true) return new Set(tables.slice(-1));
  return new Set(tables.filter((t) => f.includes(t.assetKey[t.assetKey.length - 1] ?? "")));
}

/** The `check_results` of `tables` under `pipeline`'s checks. */
export function checkResults(
  ctx: Ctx,
  pipeline: SimPipeline,
  tables: readonly CheckedTable[],
): Json[] {
  const { rowCount, columnMatch } = pipeline.checks;
  if (!rowCount && !columnMatch) return [];
  const bad = failing(ctx, tables);
  return tables.map((t) => {
    const checks: Json[] = [];
    if (rowCount) {
      const target = bad.has(t) ? Math.max(0, t.rows - 1) : t.rows;
      checks.push({
        name: "row_count",
        passed: target === t.rows,
        severity: "error",
        source_count: t.rows,
        target_count: target,
      });
    }
    if (columnMatch) {
      checks.push({
        name: "column_match",
        passed: true,
        severity: "error",
        missing: [],
        extra: [],
      });
    }
    return { asset_key: [...t.assetKey], checks };
  });
}

/** The error-severity checks that failed (run_local.rs `count_failures_by_severity`). */
export function errorFailures(results: readonly Json[]): number {
  let n = 0;
  for (const r of results) {
    const checks = (r as { checks?: { passed?: boolean; severity?: string }[] }).checks ?? [];
    n += checks.filter((c) => c.passed === false && c.severity === "error").length;
  }
  return n;
}
