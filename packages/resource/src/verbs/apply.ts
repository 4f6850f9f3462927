/**
 * `rocky apply <planId>`: replays a persisted plan. A run plan's output is a
 * run output (older engines print it bare, newer ones wrap it in an apply
 * envelope); other plan kinds give the envelope.
 */
import { z } from "zod";
import { RockyOutputParseError } from "../errors.js";
import { parseOutput, type StdoutSource } from "../output.js";
import type { ApplyEnvelope } from "../schemas/apply.js";
import type { RunOutput } from "../schemas/run.js";
import { safeJson } from "../strings.js";
import { callShape, flag } from "./shared.js";
import { defineVerb } from "./types.js";

/** `apply()` of a run plan gives a run output; other plan kinds give rocky's apply envelope. */
export type ApplyResult = RunOutput | ApplyEnvelope;

export const PlanIdSchema = z
  .string({ error: "planId must be a string" })
  .regex(/^[0-9a-fA-F]{64}$/, {
    error: "planId must be the 64-character hex id that plan() returned",
  });

export const ApplyOptionsSchema = z.strictObject({
  ...callShape,
  planId: PlanIdSchema,
  allowPartial: flag("allowPartial"),
});

// Output schemas load on first use, not at import (cold start; see BENCHMARKS.md).
async function finishApply(json: unknown, stdout: StdoutSource): Promise<ApplyResult> {
  const [{ ApplyEnvelopeSchema }, { RunOutputSchema }] = await Promise.all([
    import("../schemas/apply.js"),
    import("../schemas/run.js"),
  ]);
  const command = (json as { command?: unknown }).command;
  if (command === "apply") {
    const envelope = parseOutput("apply", stdout, ApplyEnvelopeSchema, json);
    if (envelope.plan_kind === "run" || envelope.plan_kind === "replication") {
      return parseOutput("apply", stdout, RunOutputSchema, envelope.result, ["result"]);
    }
    return envelope;
  }
  if (command === "run") return parseOutput("apply", stdout, RunOutputSchema, json);
  throw new RockyOutputParseError({
    command: "apply",
    kind: "validation",
    detail: `expected a run output or an apply envelope, got command ${safeJson(command)}`,
    stdout: stdout.preview ?? stdout.stdout,
  });
}

export const applyVerb = defineVerb({
  name: "apply",
  options: ApplyOptionsSchema,
  positionals: ["planId"],
  args: (o) => ["apply", o.planId],
  output: { kind: "json", finish: finishApply },
  shadow: "guarded_apply",
  resultExitCodes: [1, 2],
});
