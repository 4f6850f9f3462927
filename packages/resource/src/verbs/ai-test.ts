/** `rocky ai-test [model]`: test assertions drafted from model intent (`save` writes them). */
import { z } from "zod";
import { oneOrAll, oneOrAllArgs, oneOrAllShape } from "./ai-explain.js";
import { defineVerb, schemaOutput } from "./types.js";

export const AiTestOptionsSchema = z.strictObject(oneOrAllShape).superRefine(oneOrAll);

export const aiTestVerb = defineVerb({
  name: "ai-test",
  options: AiTestOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => oneOrAllArgs("ai-test", o, ctx),
  output: schemaOutput(() => import("../schemas/ai-test.js").then((m) => m.AiTestOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
