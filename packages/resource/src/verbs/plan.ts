/** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
import { z } from "zod";
import { opt } from "./flags.js";
import { nameArg } from "./names.js";
import { checkRunRules, runOrPlanArgs, runShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

const { defer: _defer, deferTo: _deferTo, ...planShape } = runShape;

export const PlanOptionsSchema = z
  .strictObject({
    ...planShape,
    /** Mask environment (`--env`): `[mask.<env>]` overlays `[mask]` in the plan's preview. */
    env: nameArg("env").optional(),
  })
  .superRefine(checkRunRules);

export const planVerb = defineVerb({
  name: "plan",
  options: PlanOptionsSchema,
  args: (o, ctx) => {
    const args = runOrPlanArgs("plan", o, ctx.modelsDir);
    opt(args, "env", o.env);
    return args;
  },
  output: schemaOutput(() => import("../schemas/plan.js").then((m) => m.PlanOutputSchema)),
  shadow: "shadowed_write",
  resultExitCodes: [1, 2],
});
