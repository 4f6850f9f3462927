// Generated from the rocky engine's `test_adapter.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `TestAdapterTestResult` object of the engine's `test_adapter.schema.json`. */
export const TestAdapterTestResultSchema = z.looseObject({
  /** Stringified `TestCategory`: "connection", "ddl", "dml", "query", "types", "dialect", "governance", "discovery", "batch_checks". */
  category: z.string(),
  duration_ms: z.number().int(),
  message: z.string().nullish(),
  name: z.string(),
  /** Stringified `TestStatus`: "passed", "failed", "skipped". */
  status: z.string(),
});
/** The parsed form of {@link TestAdapterTestResultSchema}. */
export type TestAdapterTestResult = z.infer<typeof TestAdapterTestResultSchema>;

/** JSON output for `rocky test-adapter`. Mirrors `rocky_adapter_sdk::conformance::ConformanceResult` with the status/category enums stringified, so we don't have to add `JsonSchema` to the SDK crate. */
export const TestAdapterOutputSchema = z.looseObject({
  adapter: z.string(),
  results: z.array(TestAdapterTestResultSchema),
  sdk_version: z.string(),
  tests_failed: z.number().int(),
  tests_passed: z.number().int(),
  tests_run: z.number().int(),
  tests_skipped: z.number().int(),
});
/** The parsed form of {@link TestAdapterOutputSchema}. */
export type TestAdapterOutput = z.infer<typeof TestAdapterOutputSchema>;
