// What `rocky apply <plan-id>` really prints. The engine declares an `ApplyOutput` envelope
// (apply.schema.json, ./apply.ts) but never builds one: each plan kind's apply path prints its
// own output (engine commands/apply.rs `run_apply_core_in`; rocky-sdk `_parse_apply`), told
// apart by `command` and, for the two that print `"apply"`, by their marker field.
// Written by hand: it composes the generated schemas.
import { z } from "zod";
import type { ApplyEnvelope } from "./apply.js";
import { type ArchiveApplyOutput, ArchiveApplyOutputSchema } from "./archive-apply.js";
import { type BranchPromoteOutput, BranchPromoteOutputSchema } from "./branch-promote.js";
import { type CompactApplyOutput, CompactApplyOutputSchema } from "./compact-apply.js";
import { commandField, dispatchBy } from "./dispatch.js";
import { type GcApplyOutput, GcApplyOutputSchema } from "./gc-apply.js";
import { type RestoreApplyOutput, RestoreApplyOutputSchema } from "./restore-apply.js";
import { type RunOutput, RunOutputSchema } from "./run.js";
import type { ObjectSchema } from "./shared.js";

/** `schema`'s output with `kind` added (the fields it does not list are kept, as parsed). */
function tagged<T extends object, const K extends string>(
  schema: z.ZodType<T>,
  kind: K,
): z.ZodType<T & { kind: K }> {
  return schema.transform((output) => ({ ...output, kind }));
}

/** A run, replication, ai_authored or backfill plan's apply: a `rocky run` output. */
export interface RunApplyResult extends RunOutput {
  /** Which plan kind was applied. */
  kind: "run";
}
/** A compact plan's apply (`command: "compact apply"`). */
export interface CompactApplyResult extends CompactApplyOutput {
  /** Which plan kind was applied. */
  kind: "compact";
}
/** An archive plan's apply (`command: "archive apply"`). */
export interface ArchiveApplyResult extends ArchiveApplyOutput {
  /** Which plan kind was applied. */
  kind: "archive";
}
/** A promote plan's apply (`command: "branch promote"`). */
export interface BranchPromoteApplyResult extends BranchPromoteOutput {
  /** Which plan kind was applied. */
  kind: "branch_promote";
}
/** A restore plan's apply (`command: "apply"` with `restored`). */
export interface RestoreApplyResult extends RestoreApplyOutput {
  /** Which plan kind was applied. */
  kind: "restore";
}
/** A gc plan's apply (`command: "apply"` with `evicted`). */
export interface GcApplyResult extends GcApplyOutput {
  /** Which plan kind was applied. */
  kind: "gc";
}

/** The zod schema of {@link RunApplyResult}. */
export const RunApplyResultSchema: z.ZodType<RunApplyResult> = tagged(RunOutputSchema, "run");
/** The zod schema of {@link CompactApplyResult}. */
export const CompactApplyResultSchema: z.ZodType<CompactApplyResult> = tagged(
  CompactApplyOutputSchema,
  "compact",
);
/** The zod schema of {@link ArchiveApplyResult}. */
export const ArchiveApplyResultSchema: z.ZodType<ArchiveApplyResult> = tagged(
  ArchiveApplyOutputSchema,
  "archive",
);
/** The zod schema of {@link BranchPromoteApplyResult}. */
export const BranchPromoteApplyResultSchema: z.ZodType<BranchPromoteApplyResult> = tagged(
  BranchPromoteOutputSchema,
  "branch_promote",
);
/** The zod schema of {@link RestoreApplyResult}. */
export const RestoreApplyResultSchema: z.ZodType<RestoreApplyResult> = tagged(
  RestoreApplyOutputSchema,
  "restore",
);
/** The zod schema of {@link GcApplyResult}. */
export const GcApplyResultSchema: z.ZodType<GcApplyResult> = tagged(GcApplyOutputSchema, "gc");

/** The parsed output of `rocky apply`, discriminated by `kind`. */
export type ApplyKindResult =
  | RunApplyResult
  | CompactApplyResult
  | ArchiveApplyResult
  | BranchPromoteApplyResult
  | RestoreApplyResult
  | GcApplyResult;

/** The `kind` values of {@link ApplyKindResult}. */
export type ApplyKindResultKind = ApplyKindResult["kind"];

/**
 * The output of `rocky apply`, by its `command` (and marker field). An unknown command is
 * refused, naming it: a plan kind added by a newer engine needs a decision (it may write
 * production), not a silent pass.
 */
export const ApplyKindResultSchema = dispatchBy<ApplyKindResult>(
  (value) => {
    switch (commandField(value)) {
      case "run":
        return RunApplyResultSchema;
      case "compact apply":
        return CompactApplyResultSchema;
      case "archive apply":
        return ArchiveApplyResultSchema;
      case "branch promote":
        return BranchPromoteApplyResultSchema;
      case "apply":
        if ("restored" in value) return RestoreApplyResultSchema;
        if ("evicted" in value) return GcApplyResultSchema;
        return undefined;
      default:
        return undefined;
    }
  },
  (value) =>
    `unrecognised \`rocky apply\` output (command ${JSON.stringify(
      typeof value === "object" && value !== null
        ? (value as { command?: unknown }).command
        : value,
    )}); expected "run", "compact apply", "archive apply", "branch promote", or "apply" with \`restored\` (restore) or \`evicted\` (gc)`,
);

/** The apply envelope (apply.schema.json) of a run plan, with `result` parsed as a `RunOutput`. */
export interface ApplyRunEnvelope extends ApplyEnvelope {
  /** `"run"`: the envelope of a run plan. */
  plan_kind: "run";
  /** The run's output. */
  result: RunOutput;
}
/** The zod schema of {@link ApplyRunEnvelope}. */
export const ApplyRunEnvelopeSchema: ObjectSchema<ApplyRunEnvelope> = z.looseObject({
  command: z.literal("apply"),
  plan_id: z.string(),
  plan_kind: z.literal("run"),
  result: RunOutputSchema,
  success: z.boolean(),
  version: z.string(),
});
