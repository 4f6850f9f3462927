/**
 * `rocky run --resume=<id>` / `--resume-latest`: re-runs what a previous run
 * left unfinished. It is a run: shadowed exactly like `run()` (fail closed).
 */
import { z } from "zod";
import { opt } from "./flags.js";
import { governanceOverrideArg } from "./governance-override.js";
import { runIdArg } from "./names.js";
import { callShape, checkRunRules, pickRunShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const ResumeRunOptionsSchema = z
  .strictObject({
    ...callShape,
    /** The run to resume; absent: the latest run (`--resume-latest`). */
    runId: runIdArg("runId").optional(),
    ...pickRunShape(
      "filter",
      "pipeline",
      "shadowSuffix",
      "stateNamespace",
      "governanceOverride",
      "allowEmptyWorkspaceIds",
      "parallel",
      "allowPartial",
    ),
    /** rocky refuses it: a resume explicitly overrides the idempotent skip. */
    idempotencyKey: z
      .never({
        error:
          "idempotencyKey cannot be used with resumeRun: rocky refuses --idempotency-key with --resume (a resume overrides the idempotent skip); remove it",
      })
      .optional(),
  })
  .superRefine(checkRunRules);

export const resumeRunVerb = defineVerb({
  name: "resumeRun",
  command: "run",
  options: ResumeRunOptionsSchema,
  args: (o) => {
    const args = ["run", `--filter=${o.filter}`];
    if (o.runId === undefined) args.push("--resume-latest");
    else args.push(`--resume=${o.runId}`);
    opt(args, "pipeline", o.pipeline);
    if (o.governanceOverride !== undefined) {
      args.push(governanceOverrideArg(o.governanceOverride, o.allowEmptyWorkspaceIds));
    }
    if (o.shadowSuffix !== undefined) args.push("--shadow", `--shadow-suffix=${o.shadowSuffix}`);
    opt(args, "parallel", o.parallel);
    return args;
  },
  output: schemaOutput(() => import("../schemas/run-result.js").then((m) => m.RunResultSchema)),
  shadow: "shadowed_write",
  // As run: 2 some tables failed, 1 every table failed; both print the run report.
  resultExitCodes: [1, 2],
});
