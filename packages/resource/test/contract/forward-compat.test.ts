// (c) Output from a newer engine still parses (unknown fields are kept, new enum values are
// accepted), while a malformed output fails with an error that names the path.
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  type BreakingChange,
  BreakingChangeSchema,
  type CheckResult,
  CompileOutputSchema,
  DoctorOutputSchema,
  type FailureKind,
  FailureKindSchema,
  isKnownBreakingChange,
  isKnownStrategyConfig,
  isKnownValue,
  knownValues,
  type MergeStrategy,
  OUTPUT_SCHEMAS,
  openEnum,
  PlanOutputSchema,
  type RunError,
  RunOutputSchema,
  type RunStatus,
  type StrategyConfig,
  StrategyConfigSchema,
  type TableError,
  type ViewStrategy,
} from "../../src/schemas/index.js";
import { OWN_FIXTURES_DIR, readJson } from "./contract-dir.js";

type Json = Record<string, unknown>;
const fixture = (name: string) => readJson(join(OWN_FIXTURES_DIR, name)) as Json;
const clone = <T>(value: T): T => structuredClone(value);

describe("openEnum", () => {
  const Color = openEnum(["red", "green"]);

  it("accepts the known values and any other string, nothing else", () => {
    expect(Color.parse("red")).toBe("red");
    expect(Color.parse("ultraviolet")).toBe("ultraviolet");
    expect(Color.safeParse(3).success).toBe(false);
    expect(Color.safeParse(null).success).toBe(false);
  });

  it("keeps the known values visible in the type and at runtime", () => {
    expectTypeOf<z.infer<typeof Color>>().toEqualTypeOf<"red" | "green" | (string & {})>();
    expect(knownValues(Color)).toEqual(["red", "green"]);
    expect(isKnownValue(Color, "green")).toBe(true);
    expect(isKnownValue(Color, "ultraviolet")).toBe(false);
    expect(knownValues(FailureKindSchema)).toContain("quota-exceeded");
    expectTypeOf<"transient">().toExtend<FailureKind>();
    expectTypeOf<"SkippedInFlight">().toExtend<RunStatus>();
  });
});

describe("forward compatibility", () => {
  it("keeps unknown fields at every level", () => {
    const doc = clone(fixture("run_partial_failure.json"));
    doc.future_top = { nested: [1, 2] };
    const [m] = doc.materializations as Json[];
    if (!m) throw new Error("fixture has no materialization");
    m.future_field = "kept";
    (m.metadata as Json).future_meta = 42;
    (doc.execution as Json).future_exec = true;
    const parsed = RunOutputSchema.parse(doc) as Json & z.infer<typeof RunOutputSchema>;
    expect(parsed.future_top).toEqual({ nested: [1, 2] });
    expect(parsed.materializations[0]).toMatchObject({
      future_field: "kept",
      metadata: { future_meta: 42 },
    });
    expect(parsed.execution).toMatchObject({ future_exec: true });
  });

  it("accepts enum values added by a newer engine", () => {
    const run = clone(fixture("run_partial_failure.json"));
    run.status = "SkippedByPolicy";
    (run.errors as Json[])[0] = { asset_key: ["a"], error: "disk full", failure_kind: "disk-full" };
    (run.model_decisions as Json[])[0] = { model: "m", decision: "deferred", reason: "later" };
    const parsedRun = RunOutputSchema.parse(run);
    expect(parsedRun.status).toBe("SkippedByPolicy");
    expect(parsedRun.errors?.[0]?.failure_kind).toBe("disk-full");

    const doctor = clone(fixture("doctor_critical.json"));
    doctor.overall = "degraded";
    (doctor.checks as Json[])[0] = { name: "x", status: "degraded", message: "m", duration_ms: 1 };
    expect(DoctorOutputSchema.parse(doctor).checks[0]?.status).toBe("degraded");

    const compare = clone(fixture("compare_warn.json"));
    compare.overall_verdict = "inconclusive";
    expect(OUTPUT_SCHEMAS.compare.parse(compare).overall_verdict).toBe("inconclusive");
  });

  it("accepts tagged-union variants added by a newer engine, keeping their fields", () => {
    const compile = clone(fixture("compile.json"));
    const [detail] = compile.models_detail as Json[];
    if (!detail) throw new Error("fixture has no model");
    detail.strategy = { type: "iceberg_snapshot", snapshot_id: "s1" };
    const parsed = CompileOutputSchema.parse(compile);
    expect(parsed.models_detail?.[0]?.strategy).toEqual({
      type: "iceberg_snapshot",
      snapshot_id: "s1",
    });

    const plan = clone(fixture("plan_semantic.json"));
    const verdict = plan.breaking_verdict as { findings: Json[] };
    verdict.findings.push({
      severity: "critical",
      change: { kind: "column_renamed", model: "orders", from: "a", to: "b" },
    });
    const findings = PlanOutputSchema.parse(plan).breaking_verdict?.findings ?? [];
    expect(findings.at(-1)).toEqual({
      severity: "critical",
      change: { kind: "column_renamed", model: "orders", from: "a", to: "b" },
    });
  });

  it("accepts a check result with a detail shape added by a newer engine", () => {
    const run = clone(fixture("run_partial_failure.json"));
    const [table] = run.check_results as { checks: Json[] }[];
    table?.checks.push({ name: "distribution", passed: true, ks_statistic: 0.02 });
    const parsed = RunOutputSchema.parse(run);
    expect(parsed.check_results[0]?.checks.at(-1)).toMatchObject({ ks_statistic: 0.02 });
  });
});

describe("malformed output", () => {
  it("fails deep inside, and the prettified error names the path", () => {
    const run = clone(fixture("run_partial_failure.json"));
    ((run.materializations as Json[])[0] as Json).duration_ms = "x";
    const result = RunOutputSchema.safeParse(run);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues[0]?.path).toEqual(["materializations", 0, "duration_ms"]);
    const text = z.prettifyError(result.error);
    expect(text).toContain("at materializations[0].duration_ms");
    expect(text).toMatch(/expected number/i);
  });

  it("rejects a missing required field, a wrong type and a non-integer count", () => {
    const missing = clone(fixture("state.json"));
    delete missing.schema_version_supported;
    const stateResult = OUTPUT_SCHEMAS.state.safeParse(missing);
    expect(stateResult.success).toBe(false);
    if (!stateResult.success)
      expect(z.prettifyError(stateResult.error)).toContain("at schema_version_supported");

    const wrong = clone(fixture("doctor_critical.json"));
    wrong.checks = { name: "config" };
    expect(DoctorOutputSchema.safeParse(wrong).success).toBe(false);

    const fractional = clone(fixture("compare_warn.json"));
    fractional.tables_compared = 1.5;
    expect(OUTPUT_SCHEMAS.compare.safeParse(fractional).success).toBe(false);
  });

  it("rejects a known tagged variant with a bad shape (the open fallback does not hide it)", () => {
    const compile = clone(fixture("compile.json"));
    const [detail] = compile.models_detail as Json[];
    if (!detail) throw new Error("fixture has no model");
    detail.strategy = { type: "merge" }; // unique_key is required for merge
    expect(CompileOutputSchema.safeParse(compile).success).toBe(false);

    const plan = clone(fixture("plan_semantic.json"));
    const verdict = plan.breaking_verdict as { findings: Json[] };
    verdict.findings.push({ severity: "breaking", change: { kind: "column_added", model: "m" } });
    expect(PlanOutputSchema.safeParse(plan).success).toBe(false);
  });

  it("rejects a malformed known check detail", () => {
    const run = clone(fixture("run_partial_failure.json"));
    const [table] = run.check_results as { checks: Json[] }[];
    if (table?.checks[0]) table.checks[0].source_count = "many";
    const result = RunOutputSchema.safeParse(run);
    expect(result.success).toBe(false);
    if (!result.success)
      expect(z.prettifyError(result.error)).toContain("check_results[0].checks[0].source_count");
  });
});

describe("types", () => {
  it("narrows tagged unions on their known tags", () => {
    const describeChange = (change: BreakingChange): string => {
      if (!isKnownBreakingChange(change)) return `unknown change ${change.kind}`;
      switch (change.kind) {
        case "column_added":
          expectTypeOf(change.nullable).toEqualTypeOf<boolean>();
          return `${change.model}.${change.column} added (${change.data_type})`;
        case "target_renamed":
          return `${change.old} -> ${change.new}`;
        default:
          return change.kind;
      }
    };
    const parse = (change: unknown) => describeChange(BreakingChangeSchema.parse(change));
    expect(
      parse({ kind: "column_added", model: "m", column: "c", data_type: "INT", nullable: true }),
    ).toBe("m.c added (INT)");
    expect(parse({ kind: "column_renamed", model: "m" })).toBe("unknown change column_renamed");

    // Guard first, then compare the tag: narrows to exactly one variant.
    const uniqueKey = (strategy: StrategyConfig) =>
      isKnownStrategyConfig(strategy) && strategy.type === "merge"
        ? strategy.unique_key
        : undefined;
    expectTypeOf(uniqueKey).returns.toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Extract<StrategyConfig, { type: "view" }>>().toEqualTypeOf<ViewStrategy>();

    // Engine defaults are filled in: absent in the input type, present in the parsed type.
    const merge = StrategyConfigSchema.parse({ type: "merge", unique_key: ["id"] });
    expect(merge).toEqual({ type: "merge", unique_key: ["id"], update_columns: null });
    expectTypeOf<MergeStrategy["update_columns"]>().toEqualTypeOf<string[] | null>();

    expectTypeOf<CheckResult["source_count"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CheckResult["severity"]>().toEqualTypeOf<"error" | "warning" | (string & {})>();
    expectTypeOf<TableError["failure_kind"]>().toEqualTypeOf<FailureKind>();
    expectTypeOf<RunError>().toEqualTypeOf<TableError>();
  });
});
