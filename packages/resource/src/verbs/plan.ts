/** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
import { z } from "zod";
import type { PlanOutput } from "../schemas/plan.js";
import { identifier } from "../value-rules.js";
import { opt } from "./flags.js";
import { checkRunRules, type RunOptions, runOrPlanArgs, runShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/**
 * Options of `plan()`: run's, without `defer`/`deferTo`, with an optional
 * filter (as rocky-sdk's and dagster-rocky's `plan`), and the mask environment.
 */
export interface PlanOptions extends Omit<RunOptions, "defer" | "deferTo" | "filter"> {
  /**
   * The sources to plan: one `key=value` pair (`--filter`), as `run()` takes
   * it. Absent: rocky plans every source (in a branch deployment, every
   * source's shadow tables).
   */
  filter?: string | undefined;
  /** Mask environment (`--env`, an identifier): `[mask.<env>]` overlays `[mask]` in the plan's preview. */
  env?: string | undefined;
}

/** What `plan()` resolves to: the persisted plan (`plan_id` is what `apply()` takes). */
export type PlanResult = PlanOutput;

const { defer: _defer, deferTo: _deferTo, filter: required, ...planShape } = runShape;

/** @internal */
export const PlanOptionsSchema = optionsSchema<PlanOptions>()(
  z
    .strictObject({
      ...planShape,
      filter: required.optional(),
      env: identifier("env", '"prod"').optional(),
    })
    .superRefine(checkRunRules),
);

/** @internal */
export const planVerb = defineVerb({
  name: "plan",
  command: ["plan"],
  options: PlanOptionsSchema,
  args: (o, ctx) => {
    const args = runOrPlanArgs("plan", o, ctx.modelsDir);
    opt(args, "env", o.env);
    return args;
  },
  output: schemaOutput<PlanResult>(() =>
    import("../schemas/plan.js").then((m) => m.PlanOutputSchema),
  ),
  shadow: "shadowed_write",
  configGuard: "argv",
  // None, as rocky-sdk: rocky prints a plan only when it persisted it (commands/plan.rs: JSON,
  // then Ok), so a non-zero exit is a failed plan, never a plan_id to apply.
  resultExitCodes: [],
});
