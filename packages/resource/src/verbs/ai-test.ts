/** `rocky ai-test [model]`: test assertions drafted from model intent (`save` writes them). */
import { z } from "zod";
import { AiTestOutputSchema } from "../schemas/ai-test.js";
import { oneOrAll, oneOrAllArgs, oneOrAllShape } from "./ai-explain.js";
import { defineVerb, schemaOutput } from "./types.js";

export const AiTestOptionsSchema = z.strictObject(oneOrAllShape).superRefine(oneOrAll);

export const aiTestVerb = defineVerb({
  name: "ai-test",
  options: AiTestOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => oneOrAllArgs("ai-test", o, ctx),
  output: schemaOutput(AiTestOutputSchema),
  shadow: "none",
  resultExitCodes: [],
});
