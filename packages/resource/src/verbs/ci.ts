/**
 * `rocky ci`: compile + test as one gate. A failing gate (exit 1 with its
 * report) is a result: read `exit_code`, `compile_ok`, `tests_ok`.
 */
import { opt } from "./flags.js";
import { CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const CiOptionsSchema = CallOptionsSchema;

export const ciVerb = defineVerb({
  name: "ci",
  options: CiOptionsSchema,
  args: (_o, ctx) => {
    const args = ["ci", `--models=${ctx.modelsDir}`];
    opt(args, "contracts", ctx.contractsDir);
    return args;
  },
  output: schemaOutput(() => import("../schemas/ci.js").then((m) => m.CiOutputSchema)),
  shadow: "none",
  resultExitCodes: [1],
});
