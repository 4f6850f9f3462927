/**
 * rocky-sim: the `run` paths issue 17 wraps. `run --model=<m>` without a filter runs one compiled
 * model and skips replication (run.rs:1657-1790), honouring the shadow flags; `--resume=<id>` /
 * `--resume-latest` resume a run with stored progress (`resumed_from`), and an unknown id only
 * warns and runs everything afresh (run.rs:3549-3553).
 */

import type { ShadowConfig } from "../outputs.js";
import { unknownModel } from "../outputs.js";
import {
  type Ctx,
  logLine,
  pipelineOf,
  type RunFlags,
  RuntimeFailure,
  requireProject,
  runResult,
  specFor,
  str,
  type VerbResult,
} from "../sim.js";

/** The run the flags resume (null: none, a full run) and the result's decorator. */
export function resumeOf(ctx: Ctx): (result: VerbResult) => VerbResult {
  const f = ctx.parsed.flags;
  const latest = f.get("resume-latest") === true;
  const id = str(f, "resume");
  if (!latest && id === null) return (r) => r;
  const runs = ctx.scenario.runs ?? [];
  // run.rs:3524: --resume-latest wins when both are given.
  const target = latest ? (runs[runs.length - 1] ?? null) : runs.includes(id as string) ? id : null;
  return (result) => {
    if (target === null) {
      result.progress.unshift(
        logLine(ctx.format, "WARN", "no progress found for run, starting fresh", {
          run_id: id ?? "latest",
        }),
      );
      return result;
    }
    if (result.json !== undefined) result.json.resumed_from = target;
    result.progress.unshift(logLine(ctx.format, "INFO", "resuming run", { run_id: target }));
    return result;
  };
}

/** `run --model=<m>` without `--filter`: the one model, shadow-rewritten like any target. */
export async function modelRun(
  ctx: Ctx,
  rf: RunFlags,
  shadow: ShadowConfig | null,
  parallel: number | null,
): Promise<VerbResult> {
  const model = str(ctx.parsed.flags, "model") as string;
  const missing = unknownModel(model);
  if (missing !== null) throw new RuntimeFailure(missing);
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, rf.pipeline);
  const spec = specFor(project, pipeline, null, { ...ctx.behavior, tables: [model] }, shadow);
  return runResult(ctx, { ...spec, filter: "", sources: spec.sources.slice(0, 1) }, parallel, null);
}
