/**
 * `rocky state reconcile-watermark --pipeline <p>`: sets incremental cursors
 * from the recorded physical targets (rocky >= 1.72.0: absent from 1.71.0's
 * `state` subcommands). It writes the state store, the cursors the next
 * production run starts from, so where shadowing is required it is refused
 * unless `dryRun` (which reports and writes nothing). Not isolated the way a
 * shadowed run's state is: which targets a shadowed run records is defined by
 * engines newer than the 1.71 source this SDK reads, so a reconcile against a
 * shadow state file could not be shown to read shadow tables only.
 */
import { z } from "zod";
import type { ReconcileWatermarkOutput } from "../schemas/state-reconcile-watermark.js";
import { flag, nonEmpty, pipelineName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `reconcileWatermark()` (the pipeline is its first argument). */
export interface ReconcileWatermarkOptions extends CallOptions {
  /** Only these tables (one `--table` each); default: every table of the pipeline. */
  tables?: readonly string[] | undefined;
  /** Report what would change and write nothing (`--dry-run`); allowed where shadowing is required. */
  dryRun?: boolean | undefined;
}

/** What `reconcileWatermark()` resolves to. */
export type ReconcileWatermarkResult = ReconcileWatermarkOutput;

/** @internal */
export const ReconcileWatermarkOptionsSchema = optionsSchema<
  ReconcileWatermarkOptions & { pipeline: string }
>()(
  z.strictObject({
    ...callShape,
    pipeline: pipelineName("pipeline"),
    tables: z
      .array(nonEmpty("tables[]", '"orders"'), {
        error: 'tables must be a list of table names, e.g. ["orders"]',
      })
      .readonly()
      .optional(),
    dryRun: flag("dryRun").optional(),
  }),
);

/** @internal */
export const reconcileWatermarkVerb = defineVerb({
  name: "reconcileWatermark",
  command: ["state", "reconcile-watermark"],
  options: ReconcileWatermarkOptionsSchema,
  args: (o) => {
    const args = ["state", "reconcile-watermark", `--pipeline=${o.pipeline}`];
    for (const table of o.tables ?? []) opt(args, "table", table);
    sw(args, "dry-run", o.dryRun);
    return args;
  },
  output: schemaOutput<ReconcileWatermarkResult>(() =>
    import("../schemas/state-reconcile-watermark.js").then((m) => m.ReconcileWatermarkOutputSchema),
  ),
  shadow: "refused_when_shadowed",
  readOnlyWhen: (o) => o.dryRun === true,
  resultExitCodes: [],
  minVersion: "1.72.0",
});
