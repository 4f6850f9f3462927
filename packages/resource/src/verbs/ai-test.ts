/** `rocky ai-test [model]`: test assertions drafted from model intent (`save` writes them). */
import { z } from "zod";
import type { AiTestOutput } from "../schemas/ai-test.js";
import { type AiExplainOptions, oneOrAll, oneOrAllArgs, oneOrAllShape } from "./ai-explain.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `aiTest()` (the model, when one, is its first argument): as `aiExplain()`'s. */
export interface AiTestOptions extends AiExplainOptions {}

/** What `aiTest()` resolves to. */
export type AiTestResult = AiTestOutput;

/** @internal */
export const AiTestOptionsSchema = optionsSchema<AiTestOptions & { model?: string | undefined }>()(
  z.strictObject(oneOrAllShape).superRefine(oneOrAll),
);

/** @internal */
export const aiTestVerb = defineVerb({
  name: "aiTest",
  command: ["ai-test"],
  options: AiTestOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => oneOrAllArgs("ai-test", o, ctx),
  output: schemaOutput<AiTestResult>(() =>
    import("../schemas/ai-test.js").then((m) => m.AiTestOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
