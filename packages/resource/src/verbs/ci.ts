/**
 * `rocky ci`: compile + test as one gate. A failing gate (exit 1 with its
 * report) is a result: read `exit_code`, `compile_ok`, `tests_ok`.
 */
import type { CiOutput } from "../schemas/ci.js";
import { opt } from "./flags.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `ci()`: the call options. */
export interface CiOptions extends CallOptions {}

/** What `ci()` resolves to. */
export type CiResult = CiOutput;

/** @internal */
export const ciVerb = defineVerb({
  name: "ci",
  command: ["ci"],
  options: CallOptionsSchema,
  args: (_o, ctx) => {
    const args = ["ci", `--models=${ctx.modelsDir}`];
    opt(args, "contracts", ctx.contractsDir);
    return args;
  },
  output: schemaOutput<CiResult>(() => import("../schemas/ci.js").then((m) => m.CiOutputSchema)),
  shadow: "none",
  resultExitCodes: [1],
});
