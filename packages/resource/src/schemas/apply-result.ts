// What `rocky apply <plan-id>` really prints. The engine declares an `ApplyOutput` envelope
// (apply.schema.json, ./apply.ts) but never builds one: each plan kind's apply path prints its
// own output (engine commands/apply.rs `run_apply_core_in`; rocky-sdk `_parse_apply`), told
// apart by `command` and, for the two that print `"apply"`, by their marker field. Named
// `ApplyKindResult` because `ApplyResult` is still the resource's envelope-based `apply()` type.
import type { z } from "zod";
import { ArchiveApplyOutputSchema } from "./archive-apply.js";
import { BranchPromoteOutputSchema } from "./branch-promote.js";
import { CompactApplyOutputSchema } from "./compact-apply.js";
import { commandField, dispatchBy } from "./dispatch.js";
import { GcApplyOutputSchema } from "./gc-apply.js";
import { RestoreApplyOutputSchema } from "./restore-apply.js";
import { RunOutputSchema } from "./run.js";

function tagged<S extends z.ZodType<Record<string, unknown>>, K extends string>(
  schema: S,
  kind: K,
) {
  return schema.transform((output) => ({ ...(output as z.output<S>), kind }));
}

/** A run, replication, ai_authored or backfill plan: a `rocky run` output. */
export const RunApplyResultSchema = tagged(RunOutputSchema, "run");
/** A compact plan (`command: "compact apply"`). */
export const CompactApplyResultSchema = tagged(CompactApplyOutputSchema, "compact");
/** An archive plan (`command: "archive apply"`). */
export const ArchiveApplyResultSchema = tagged(ArchiveApplyOutputSchema, "archive");
/** A promote plan (`command: "branch promote"`). */
export const BranchPromoteApplyResultSchema = tagged(BranchPromoteOutputSchema, "branch_promote");
/** A restore plan (`command: "apply"` with `restored`). */
export const RestoreApplyResultSchema = tagged(RestoreApplyOutputSchema, "restore");
/** A gc plan (`command: "apply"` with `evicted`). */
export const GcApplyResultSchema = tagged(GcApplyOutputSchema, "gc");

/** The parsed form of {@link RunApplyResultSchema}. */
export type RunApplyResult = z.infer<typeof RunApplyResultSchema>;
/** The parsed form of {@link CompactApplyResultSchema}. */
export type CompactApplyResult = z.infer<typeof CompactApplyResultSchema>;
/** The parsed form of {@link ArchiveApplyResultSchema}. */
export type ArchiveApplyResult = z.infer<typeof ArchiveApplyResultSchema>;
/** The parsed form of {@link BranchPromoteApplyResultSchema}. */
export type BranchPromoteApplyResult = z.infer<typeof BranchPromoteApplyResultSchema>;
/** The parsed form of {@link RestoreApplyResultSchema}. */
export type RestoreApplyResult = z.infer<typeof RestoreApplyResultSchema>;
/** The parsed form of {@link GcApplyResultSchema}. */
export type GcApplyResult = z.infer<typeof GcApplyResultSchema>;

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
