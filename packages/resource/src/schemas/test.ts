// Generated from the rocky engine's `test.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** Result of a single declarative test assertion. */
export const DeclarativeTestResultSchema = z.looseObject({
  /** Column under test, if applicable. */
  column: z.string().nullish(),
  /** Human-readable detail (e.g., "3 NULL rows found" or execution error). */
  detail: z.string().nullish(),
  /** Model name the test belongs to. */
  model: z.string(),
  /** Severity declared in the sidecar ("error" or "warning"). */
  severity: z.string(),
  /** The SQL that was executed. */
  sql: z.string(),
  /** "pass", "fail", or "error". */
  status: z.string(),
  /** Fully-qualified target table (catalog.schema.table). */
  table: z.string(),
  /** Test type (e.g., "not_null", "unique", "row_count_range"). */
  test_type: z.string(),
});
/** The parsed form of {@link DeclarativeTestResultSchema}. */
export type DeclarativeTestResult = z.infer<typeof DeclarativeTestResultSchema>;

/** Summary of declarative test execution (from `[[tests]]` in model sidecars). */
export const DeclarativeTestSummarySchema = z.looseObject({
  errored: z.number().int(),
  failed: z.number().int(),
  passed: z.number().int(),
  results: z.array(DeclarativeTestResultSchema),
  total: z.number().int(),
  warned: z.number().int(),
});
/** The parsed form of {@link DeclarativeTestSummarySchema}. */
export type DeclarativeTestSummary = z.infer<typeof DeclarativeTestSummarySchema>;

/** Type of row mismatch. */
export const MismatchKindSchema = openEnum(["missing", "extra", "value_diff"]);
/** The parsed form of {@link MismatchKindSchema}. */
export type MismatchKind = z.infer<typeof MismatchKindSchema>;

/** One per-model outcome from the local model-execution test. */
export const ModelTestResultSchema = z.looseObject({
  error: z.string().nullish(),
  model: z.string(),
  /** `"pass"` or `"fail"`. */
  status: z.string(),
});
/** The parsed form of {@link ModelTestResultSchema}. */
export type ModelTestResult = z.infer<typeof ModelTestResultSchema>;

/** A single row mismatch between expected and actual output. */
export const RowMismatchSchema = z.looseObject({
  actual: z.string().nullish(),
  expected: z.string(),
  kind: MismatchKindSchema,
  row_index: z.number().int(),
});
/** The parsed form of {@link RowMismatchSchema}. */
export type RowMismatch = z.infer<typeof RowMismatchSchema>;

/** One failed test, mirroring the (name, error) tuple in `rocky_engine::test_runner::TestResult::failures` but with named fields because schemars/JSON Schema can't represent positional tuples cleanly. */
export const TestFailureSchema = z.looseObject({
  error: z.string(),
  name: z.string(),
});
/** The parsed form of {@link TestFailureSchema}. */
export type TestFailure = z.infer<typeof TestFailureSchema>;

/** Result of running a single unit test. */
export const UnitTestResultSchema = z.looseObject({
  /** Error message if failed. */
  error: z.string().nullable().default(null),
  /** Mismatched rows (for diagnostics). */
  mismatches: z.array(RowMismatchSchema).default(() => []),
  /** Model name. */
  model: z.string(),
  /** Whether the test passed. */
  passed: z.boolean(),
  /** Test name. */
  test: z.string(),
});
/** The parsed form of {@link UnitTestResultSchema}. */
export type UnitTestResult = z.infer<typeof UnitTestResultSchema>;

/** Summary of fixture-driven unit-test execution (from `[[test]]` blocks in model sidecars). The per-test `results` reuse the engine's [`rocky_core::unit_test::UnitTestResult`] shape (model, test, passed, error, and row-level mismatches). */
export const UnitTestSummarySchema = z.looseObject({
  failed: z.number().int(),
  passed: z.number().int(),
  results: z.array(UnitTestResultSchema),
  total: z.number().int(),
});
/** The parsed form of {@link UnitTestSummarySchema}. */
export type UnitTestSummary = z.infer<typeof UnitTestSummarySchema>;

/** JSON output for `rocky test`. */
export const TestOutputSchema = z.looseObject({
  command: z.string(),
  /** Results from declarative `[[tests]]` in model sidecars. Present only when `--declarative` is used. */
  declarative: DeclarativeTestSummarySchema.nullish(),
  failed: z.number().int(),
  failures: z.array(TestFailureSchema),
  /** Per-model outcomes for the (DuckDB-backed) model-execution test — passes too, not just failures. Lets the VS Code Inspector Tests tab and the dagster integration render "good_mart: pass" without inferring it from `total - failures`. Empty when only declarative tests ran. Filtered to `--model`... */
  model_results: z.array(ModelTestResultSchema).default(() => []),
  passed: z.number().int(),
  total: z.number().int(),
  /** Results from fixture-driven `[[test]]` unit tests in model sidecars. Present only when at least one model declares a `[[test]]` block. */
  unit_tests: UnitTestSummarySchema.nullish(),
  version: z.string(),
});
/** The parsed form of {@link TestOutputSchema}. */
export type TestOutput = z.infer<typeof TestOutputSchema>;
