/** `rocky test`: runs the model tests; failing tests (exit 1 with a report) are a result. */
import type { TestOutput } from "../schemas/test.js";
import { type CompileOptions, CompileOptionsSchema, modelsArgs } from "./compile.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `test()`: as `compile()`'s. */
export interface TestOptions extends CompileOptions {}

/** What `test()` resolves to. */
export type TestResult = TestOutput;

/** @internal */
export const testVerb = defineVerb({
  name: "test",
  command: ["test"],
  options: CompileOptionsSchema,
  args: (o, ctx) => modelsArgs("test", o, ctx),
  output: schemaOutput<TestResult>(() =>
    import("../schemas/test.js").then((m) => m.TestOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [1],
});
