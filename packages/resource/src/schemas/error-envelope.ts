// Generated from the rocky engine's `error_envelope.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Structured error body returned by the `rocky serve` HTTP API. Every non-2xx `/api/v1` response carries this envelope: the HTTP status line carries the error *class* (`400`/`401`/`404`/`409`/`500`/`503`) and the body carries a stable machine token plus a human message and an optional actionable hi... */
export const ErrorEnvelopeSchema = z.looseObject({
  /** Stable machine token, e.g. `"model_not_found"`. */
  code: z.string(),
  /** Human-readable description of what went wrong. */
  message: z.string(),
  /** Actionable next step, or `null` when none applies. */
  remediation_hint: z.string().nullish(),
  /** The `job_id` of the run/apply job currently holding the mutation permit, on a `409 mutation_in_progress` (and, when known, on a `503 engine_busy`). Omitted for every other error. Additive, serde-defaulted — embedders that predate it simply never see it. */
  running_job_id: z.string().nullish(),
});
/** The parsed form of {@link ErrorEnvelopeSchema}. */
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
