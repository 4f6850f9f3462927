// Generated from the rocky engine's `ci.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { DiagnosticSchema, openEnum } from "./shared.js";
import { TestFailureSchema } from "./test.js";

/** Severity level of a diagnostic. Serialized in PascalCase (`"Error"`, `"Warning"`, `"Info"`) to stay compatible with existing dagster fixtures and the hand-written `Severity` StrEnum in `integrations/dagster/src/dagster_rocky/types.py`. */
export const SeveritySchema = openEnum(["Error", "Warning", "Info"]);
/** The parsed form of {@link SeveritySchema}. */
export type Severity = z.infer<typeof SeveritySchema>;

/** JSON output for `rocky ci`. */
export const CiOutputSchema = z.looseObject({
  command: z.string(),
  compile_ok: z.boolean(),
  diagnostics: z.array(DiagnosticSchema),
  exit_code: z.number().int(),
  failures: z.array(TestFailureSchema),
  models_compiled: z.number().int(),
  tests_failed: z.number().int(),
  tests_ok: z.boolean(),
  tests_passed: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link CiOutputSchema}. */
export type CiOutput = z.infer<typeof CiOutputSchema>;
