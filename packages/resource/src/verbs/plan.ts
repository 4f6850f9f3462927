/** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
import { z } from "zod";
import { checkRunRules, runOrPlanArgs, runShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

const { defer: _defer, deferTo: _deferTo, ...planShape } = runShape;

export const PlanOptionsSchema = z.strictObject(planShape).superRefine(checkRunRules);

export const planVerb = defineVerb({
  name: "plan",
  options: PlanOptionsSchema,
  args: (o, ctx) => runOrPlanArgs("plan", o, ctx.modelsDir),
  output: schemaOutput(() => import("../schemas/plan.js").then((m) => m.PlanOutputSchema)),
  shadow: "shadowed_write",
  resultExitCodes: [1, 2],
});
