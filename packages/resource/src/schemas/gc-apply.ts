// Generated from the rocky engine's `gc_apply.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One printed eligibility check inside a [`GcCandidateOutput`]. */
export const GcCheckOutputSchema = z.looseObject({
  /** Stable check id: `recipe_recorded`, `recipe_produces_output`, `replayable`, `unreferenced`, `policy_allows`, or `age_threshold`. */
  check: z.string(),
  /** Why the check reached that verdict — the auditable justification. */
  detail: z.string(),
  /** Whether the check passed. A candidate is derivable only when all six are `true`. */
  passed: z.boolean(),
});
/** The parsed form of {@link GcCheckOutputSchema}. */
export type GcCheckOutput = z.infer<typeof GcCheckOutputSchema>;

/** One artifact successfully evicted by `rocky apply <gc-plan>` — a tombstone was recorded and the ledger row retired. */
export const GcEvictedOutputSchema = z.looseObject({
  blake3_hash: z.string(),
  model_name: z.string(),
  /** Whether the bytes were physically deleted through the object-store adapter. **Currently always `false`:** physical reclamation is not implemented (it needs a protocol-aware VACUUM), so eviction is ledger-only and `[gc] physical_delete = true` is a hard error. The bytes stay in place; the durable... */
  physical_reclaimed: z.boolean(),
  /** Human-readable physical-reclamation outcome. Since eviction is ledger-only, this is always `not attempted — physical reclamation is future protocol-aware VACUUM work; the tombstone + retired ledger row is the eviction of record`. */
  physical_status: z.string(),
  run_id: z.string(),
  size_bytes: z.number().int(),
  /** Always `true` on this list — the durable restore tombstone was written atomically with the ledger-row retirement before anything else happened. */
  tombstone_recorded: z.boolean(),
});
/** The parsed form of {@link GcEvictedOutputSchema}. */
export type GcEvictedOutput = z.infer<typeof GcEvictedOutputSchema>;

/** One artifact `rocky apply <gc-plan>` **refused** to evict because it was no longer derivable at apply time (the fail-closed re-verification caught ledger drift since plan time — e.g. a new reference appeared). */
export const GcRefusedOutputSchema = z.looseObject({
  blake3_hash: z.string(),
  /** The eligibility checks as re-evaluated at apply time, so the refusal is auditable rather than asserted. */
  failed_checks: z.array(GcCheckOutputSchema),
  model_name: z.string(),
  /** Why the eviction was refused (the failing check summary). */
  reason: z.string(),
  run_id: z.string(),
  size_bytes: z.number().int(),
});
/** The parsed form of {@link GcRefusedOutputSchema}. */
export type GcRefusedOutput = z.infer<typeof GcRefusedOutputSchema>;

/** JSON output of `rocky apply <gc-plan>`. Reports the eviction outcome per planned artifact. Deletion is the highest -stakes operation, so the output is exhaustive: what was evicted (with its tombstone), what was refused (with the live failing checks), and what was an idempotent no-op (already evic... */
export const GcApplyOutputSchema = z.looseObject({
  /** Content hashes of plan entries that were already absent from the ledger (a prior apply evicted them) — idempotent no-ops, not failures. */
  already_evicted: z.array(z.string()),
  /** Total bytes evicted. */
  bytes_evicted: z.number().int(),
  /** Total bytes refused. */
  bytes_refused: z.number().int(),
  command: z.string(),
  /** Artifacts evicted — tombstone written, ledger row retired. */
  evicted: z.array(GcEvictedOutputSchema),
  /** Count of evicted artifacts. */
  evicted_count: z.number().int(),
  /** Operator caveats (e.g. eviction is ledger-only, restore's narrower coverage). Each eviction's tombstone records a durable pointer to the recipe's provenance — the path `rocky restore <target>` *attempts* a hash-exact rebuild from, which succeeds only for a recipe that reads no recorded upstreams... */
  notes: z.array(z.string()),
  plan_id: z.string(),
  /** Artifacts refused because they were no longer derivable at apply time. */
  refused: z.array(GcRefusedOutputSchema),
  /** Count of refused artifacts. */
  refused_count: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link GcApplyOutputSchema}. */
export type GcApplyOutput = z.infer<typeof GcApplyOutputSchema>;
