/**
 * `rocky compare` (main.rs Compare arm → compare.rs): shadow tables against production.
 */
import { type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import {
  DEFAULT_SHADOW_SUFFIX,
  type ShadowConfig,
  specFor,
  type TargetSpec,
  targetsOf,
} from "./warehouse.js";

/** mod.rs `TRANSFORMATION_FILTER_KEYS`. */
const TRANSFORMATION_FILTER_KEYS: readonly string[] = ["table", "model", "catalog", "schema"];

/** main.rs Compare arm → compare.rs. */
export async function handleCompare(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const thresholds = str(f, "thresholds");
  if (thresholds !== null) {
    let parsedT: unknown;
    try {
      parsedT = JSON.parse(thresholds);
    } catch (err) {
      throw new RuntimeFailure("failed to parse thresholds JSON", [(err as Error).message]);
    }
    if (parsedT === null || typeof parsedT !== "object" || Array.isArray(parsedT)) {
      throw new RuntimeFailure("failed to parse thresholds JSON", [
        "invalid type: expected struct ComparisonThresholds",
      ]);
    }
  }
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, str(f, "pipeline"));
  if (pipeline.type !== "replication" && pipeline.type !== "transformation") {
    throw new RuntimeFailure(
      `\`compare\` supports replication and transformation pipelines; '${pipeline.name}' is a ${pipeline.type} pipeline. Shadow tables are only produced for those two.`,
    );
  }
  const filter = str(f, "filter");
  // mod.rs transformation_prod_targets: a transformation pipeline selects models by these keys only.
  const eq = filter === null ? -1 : filter.indexOf("=");
  const key = filter === null || eq < 0 ? null : filter.slice(0, eq);
  if (
    pipeline.type === "transformation" &&
    key !== null &&
    !TRANSFORMATION_FILTER_KEYS.includes(key)
  ) {
    throw new RuntimeFailure(
      `transformation-pipeline \`compare\` does not support \`--filter ${key}=...\`. Supported keys: ${TRANSFORMATION_FILTER_KEYS.join(", ")}.`,
    );
  }
  // main.rs always builds a ShadowConfig for compare (suffix default `_rocky_shadow`).
  const shadow: ShadowConfig = {
    suffix: str(f, "shadow-suffix") ?? DEFAULT_SHADOW_SUFFIX,
    schemaOverride: str(f, "shadow-schema"),
  };
  const spec = specFor(project, pipeline, filter, ctx.behavior, shadow);
  const res = buildCompare(spec, ctx.version, ctx.behavior.compare ?? "pass");
  const out: VerbResult = {
    json: res.json,
    exitCode: res.exitCode,
    progress: [logLine(ctx.format, "INFO", "comparing shadow tables", { filter: filter ?? "" })],
  };
  if (res.error !== undefined) out.error = res.error;
  return out;
}

/** compare.rs `CompareOutput`: one result per production/shadow pair, verdicts from the scenario. */
export function buildCompare(
  spec: TargetSpec,
  version: string,
  scenario: "pass" | "warn" | "fail",
): { json: JsonObject; exitCode: number; error?: string } {
  // compare.rs: the shadow name comes from main.rs's ShadowConfig (suffix default `_rocky_shadow`,
  // `--shadow-schema` wins), always applied: compare has no `--shadow` switch.
  const targets = targetsOf(spec);
  const warnIdx = targets.length > 1 ? 1 : 0;
  const failIdx = targets.length - 1;
  let passed = 0;
  let warned = 0;
  let failed = 0;
  const results = targets.map((t, i) => {
    let shadowCount = t.rows;
    let verdict = "pass";
    const schemaDiffs: string[] = [];
    if (scenario === "warn" && i === warnIdx) {
      shadowCount = Math.round(t.rows * 1.02);
      verdict = "warn";
    } else if (scenario === "fail" && i === failIdx) {
      // compare.rs prints each rocky-core compare::SchemaDiff with `{:?}` (Rust Debug).
      schemaDiffs.push(
        'ColumnTypeDiff { name: "amount", shadow_type: "DOUBLE", prod_type: "DECIMAL(18,2)" }',
      );
      schemaDiffs.push('ColumnRemoved { name: "legacy_id" }');
      verdict = "fail";
    }
    if (verdict === "pass") passed++;
    else if (verdict === "warn") warned++;
    else failed++;
    return {
      production_table: t.productionFullName,
      shadow_table: t.fullName,
      production_count: t.rows,
      shadow_count: shadowCount,
      row_count_match: shadowCount === t.rows,
      // A fraction, as the engine reports it (0.02 = 2%).
      row_count_diff_pct:
        t.rows === 0 ? (shadowCount === 0 ? 0 : 1) : Math.abs(shadowCount - t.rows) / t.rows,
      schema_match: schemaDiffs.length === 0,
      schema_diffs: schemaDiffs,
      verdict,
    };
  });
  const overall = failed > 0 ? "fail" : warned > 0 ? "warn" : "pass";
  const json: JsonObject = {
    version,
    command: "compare",
    filter: spec.filter,
    tables_compared: targets.length,
    tables_passed: passed,
    tables_warned: warned,
    tables_failed: failed,
    overall_verdict: overall,
    results,
  };
  if (failed > 0) {
    return {
      json,
      exitCode: 1,
      // compare.rs: JSON first, then `bail!("{n} table(s) failed comparison")`.
      error: `Error: ${failed} table(s) failed comparison`,
    };
  }
  return { json, exitCode: 0 };
}
