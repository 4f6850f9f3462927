// The envelope `rocky apply <plan-id>` prints (engine `apply.schema.json`).
import { z } from "zod";
import { RunOutputSchema } from "./run.js";
import { openEnum } from "./shared.js";

/** `PlanKind` wire names: which inner output `result` holds. */
export const ApplyPlanKindSchema = openEnum(["run", "compact", "archive"]);
/** The parsed form of {@link ApplyPlanKindSchema}. */
export type ApplyPlanKind = z.infer<typeof ApplyPlanKindSchema>;

/**
 * JSON output for `rocky apply <plan-id>`: the inner apply output (compact / archive / run)
 * wrapped with the plan it came from. `result` is kept as raw JSON; parse it with the schema of
 * its own `command` (`RunOutputSchema` when `plan_kind` is `"run"`), or use
 * {@link ApplyRunEnvelopeSchema}.
 */
export const ApplyEnvelopeSchema = z.looseObject({
  /** Always `"apply"`: the top-level command selector. */
  command: z.literal("apply"),
  /** The plan that was applied (full 64-char blake3 hex). */
  plan_id: z.string(),
  /** `PlanKind` wire name: `"compact"`, `"archive"`, or `"run"`. */
  plan_kind: ApplyPlanKindSchema,
  /** The full inner apply result, embedded verbatim. Shape depends on `plan_kind`. */
  result: z.unknown(),
  /** Whether all statements / materializations succeeded. */
  success: z.boolean(),
  version: z.string(),
});
/** The parsed form of {@link ApplyEnvelopeSchema}. */
export type ApplyEnvelope = z.infer<typeof ApplyEnvelopeSchema>;

/** The apply envelope of a run plan, with `result` parsed as a `RunOutput`. */
export const ApplyRunEnvelopeSchema = ApplyEnvelopeSchema.extend({
  plan_kind: z.literal("run"),
  result: RunOutputSchema,
});
/** The parsed form of {@link ApplyRunEnvelopeSchema}. */
export type ApplyRunEnvelope = z.infer<typeof ApplyRunEnvelopeSchema>;
