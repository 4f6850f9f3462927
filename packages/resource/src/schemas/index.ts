// Typed output contract of the rocky CLI (`rocky <command> --output json`).
//
// One module per command plus ./shared.ts; each schema mirrors the engine's JSON Schema
// (same snake_case fields, same required/optional split), with loose objects and open enums
// so that output from a newer engine still parses. The contract tests in
// test/contract/ check this against the engine's schemas and real outputs.
import type { z } from "zod";
import { CompareOutputSchema } from "./compare.js";
import { CompileOutputSchema } from "./compile.js";
import { DiscoverOutputSchema } from "./discover.js";
import { DoctorOutputSchema } from "./doctor.js";
import { PlanOutputSchema } from "./plan.js";
import { RunOutputSchema } from "./run.js";
import { StateOutputSchema } from "./state.js";
import { TestOutputSchema } from "./test.js";

export * from "./apply.js";
export * from "./compare.js";
export * from "./compile.js";
export * from "./discover.js";
export * from "./doctor.js";
export * from "./plan.js";
export * from "./run.js";
export * from "./shared.js";
export * from "./state.js";
export * from "./test.js";

/** The output schema of each wrapped command, keyed by the output's `command` field. */
export const OUTPUT_SCHEMAS = Object.freeze({
  run: RunOutputSchema,
  plan: PlanOutputSchema,
  discover: DiscoverOutputSchema,
  state: StateOutputSchema,
  doctor: DoctorOutputSchema,
  compile: CompileOutputSchema,
  test: TestOutputSchema,
  compare: CompareOutputSchema,
} as const);

/** A `command` value with a typed output schema. */
export type OutputCommand = keyof typeof OUTPUT_SCHEMAS;

/** The parsed output type of `command`. */
export type OutputOf<C extends OutputCommand> = z.infer<(typeof OUTPUT_SCHEMAS)[C]>;

/** True when `command` is one of the keys of {@link OUTPUT_SCHEMAS}. */
export function isOutputCommand(command: unknown): command is OutputCommand {
  return typeof command === "string" && Object.hasOwn(OUTPUT_SCHEMAS, command);
}
