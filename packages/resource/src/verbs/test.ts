/** `rocky test`: runs the model tests; failing tests (exit 1 with a report) are a result. */
import { CompileOptionsSchema, modelsArgs } from "./compile.js";
import { defineVerb, schemaOutput } from "./types.js";

export const TestOptionsSchema = CompileOptionsSchema;

export const testVerb = defineVerb({
  name: "test",
  options: TestOptionsSchema,
  args: (o, ctx) => modelsArgs("test", o, ctx),
  output: schemaOutput(() => import("../schemas/test.js").then((m) => m.TestOutputSchema)),
  shadow: "none",
  resultExitCodes: [1],
});
