// `rocky run` (and `rocky run --resume...`) prints one of two documents, by the type of the
// pipeline it selects (rocky-cli commands/run.rs, the `PipelineConfig` dispatch):
// - replication, transformation, quality and snapshot pipelines print `RunOutput`
//   (`command: "run"`, run.schema.json);
// - a `type = "load"` pipeline is delegated to load.rs `run_load`, which prints `LoadOutput`
//   (`command: "load"`, load.schema.json), exit 0, or 1 after the report when a file failed.
// Written by hand: it composes the generated schemas, tagged `kind` so that callers narrow on it.
import type { z } from "zod";
import { commandField, dispatchBy } from "./dispatch.js";
import { type LoadOutput, LoadOutputSchema } from "./load.js";
import { type RunOutput, RunOutputSchema } from "./run.js";

/** The run report, tagged `kind: "run"`. */
export interface RunReportResult extends RunOutput {
  /** Which document `rocky run` printed. */
  kind: "run";
}
/** A load pipeline's report (files loaded, rows, per-file errors), tagged `kind: "load"`. */
export interface LoadReportResult extends LoadOutput {
  /** Which document `rocky run` printed. */
  kind: "load";
}
/**
 * What `run()` and `resumeRun()` resolve to, discriminated by `kind`: `"run"` for the run report
 * of a replication, transformation, quality or snapshot pipeline, `"load"` for the report of a
 * `type = "load"` pipeline.
 */
export type RunResult = RunReportResult | LoadReportResult;

/** {@link RunOutputSchema}, tagged `kind: "run"`. */
export const RunReportResultSchema: z.ZodType<RunReportResult, unknown> = RunOutputSchema.transform(
  (output): RunReportResult => ({ ...output, kind: "run" }),
);
/** {@link LoadOutputSchema}, tagged `kind: "load"`. */
export const LoadReportResultSchema: z.ZodType<LoadReportResult, unknown> =
  LoadOutputSchema.transform((output): LoadReportResult => ({ ...output, kind: "load" }));

/** The output of `rocky run`, picked by its `command` field: `"load"` is a load report, anything else a run report. */
export const RunResultSchema = dispatchBy<RunResult>(
  (value) => (commandField(value) === "load" ? LoadReportResultSchema : RunReportResultSchema),
  () => "`rocky run` output is not a JSON object",
);
