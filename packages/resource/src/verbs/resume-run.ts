/**
 * `rocky run --resume=<id>` / `--resume-latest`: re-runs what a previous run
 * left unfinished. It is a run: shadowed exactly like `run()` (fail closed).
 */
import { z } from "zod";
import type { RunResult } from "../schemas/run-result.js";
import { runId } from "../value-rules.js";
import { opt } from "./flags.js";
import { pushGovernanceOverride } from "./governance-override.js";
import {
  type CallOptions,
  callShape,
  checkRunRules,
  filter,
  pickRunShape,
  type RunOptions,
} from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `resumeRun()` (the run id, when one, is its first argument). */
export interface ResumeRunOptions
  extends CallOptions,
    Pick<
      RunOptions,
      | "pipeline"
      | "shadowSuffix"
      | "stateNamespace"
      | "governanceOverride"
      | "allowEmptyWorkspaceIds"
      | "parallel"
      | "allowPartial"
    > {
  /**
   * The sources to resume: one `key=value` pair (`--filter`), as `run()`
   * takes it. Absent: no filter, as rocky-sdk's `resume_run` (rocky resumes
   * the run's own selection).
   */
  filter?: string | undefined;
  /** The run to resume; absent: the latest run (`--resume-latest`). */
  runId?: string | undefined;
  /** Refused: rocky refuses `--idempotency-key` with `--resume` (a resume overrides the idempotent skip). */
  idempotencyKey?: undefined;
}

/** What `resumeRun()` resolves to: the resumed run's report (a load report for a load pipeline), as `run()`. */
export type ResumeRunResult = RunResult;

/** @internal */
export const ResumeRunOptionsSchema = optionsSchema<ResumeRunOptions>()(
  z
    .strictObject({
      ...callShape,
      runId: runId("runId").optional(),
      filter: filter.optional(),
      ...pickRunShape(
        "pipeline",
        "shadowSuffix",
        "stateNamespace",
        "governanceOverride",
        "allowEmptyWorkspaceIds",
        "parallel",
        "allowPartial",
      ),
      idempotencyKey: z
        .never({
          error:
            "idempotencyKey cannot be used with resumeRun: rocky refuses --idempotency-key with --resume (a resume overrides the idempotent skip); remove it",
        })
        .optional(),
    })
    .superRefine(checkRunRules),
);

/** @internal */
export const resumeRunVerb = defineVerb({
  name: "resumeRun",
  command: ["run"],
  options: ResumeRunOptionsSchema,
  args: (o) => {
    const args = ["run"];
    opt(args, "filter", o.filter);
    if (o.runId === undefined) args.push("--resume-latest");
    else args.push(`--resume=${o.runId}`);
    opt(args, "pipeline", o.pipeline);
    pushGovernanceOverride(args, o.governanceOverride, o.allowEmptyWorkspaceIds);
    if (o.shadowSuffix !== undefined) args.push("--shadow", `--shadow-suffix=${o.shadowSuffix}`);
    opt(args, "parallel", o.parallel);
    return args;
  },
  output: schemaOutput<ResumeRunResult>(() =>
    import("../schemas/run-result.js").then((m) => m.RunResultSchema),
  ),
  shadow: "shadowed_write",
  configGuard: "argv",
  // As run: 2 some tables failed, 1 every table failed; both print the run report.
  resultExitCodes: [1, 2],
});
