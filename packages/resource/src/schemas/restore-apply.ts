// Generated from the rocky engine's `restore_apply.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** One artifact `rocky apply <restore-plan>` **refused** to restore: the ledger row was NOT reinstated (no restore of record). Most refusals are pre-write — a fail-closed verification caught a mismatch before anything was written — but a refusal can also follow a successful, hash-verified content-ad... */
export const RestoreRefusedOutputSchema = z.looseObject({
  blake3_hash: z.string(),
  model_name: z.string(),
  /** Why the restoration was refused. A recomputed-hash mismatch is surfaced honestly — it means the tombstone's rebuild claim failed, which is itself a finding, never papered over. */
  reason: z.string(),
  run_id: z.string(),
  size_bytes: z.number().int(),
});
/** The parsed form of {@link RestoreRefusedOutputSchema}. */
export type RestoreRefusedOutput = z.infer<typeof RestoreRefusedOutputSchema>;

/** One artifact successfully restored by `rocky apply <restore-plan>` — the recomputed blake3 matched the tombstoned hash, the bytes are present at the tombstoned path, and the ledger row was reinstated. */
export const RestoredOutputSchema = z.looseObject({
  blake3_hash: z.string(),
  /** `true` when the restore physically wrote the rebuilt bytes to the tombstoned path; `false` when verified bytes were already present there (an idempotent "already present, verified" restore — the ledger row was still reinstated if missing). */
  bytes_written: z.boolean(),
  file_path: z.string(),
  /** Always `true` on this list: the rebuilt bytes' blake3 equalled the tombstoned hash **before** any write became visible. */
  hash_verified: z.boolean(),
  model_name: z.string(),
  run_id: z.string(),
  size_bytes: z.number().int(),
  /** Human-readable restoration outcome. */
  status: z.string(),
});
/** The parsed form of {@link RestoredOutputSchema}. */
export type RestoredOutput = z.infer<typeof RestoredOutputSchema>;

/** JSON output of `rocky apply <restore-plan>`. Reports the restoration outcome per planned tombstone: restored (rebuilt hash-exact, or verified already-present), refused (with the exact fail-closed reason), or already restored (idempotent no-op verified against the live bytes). */
export const RestoreApplyOutputSchema = z.looseObject({
  /** Content hashes of plan entries whose tombstone was already consumed by a prior restore and whose live bytes re-verified — idempotent no-ops. */
  already_restored: z.array(z.string()),
  /** Total bytes restored (including verified-already-present bytes). */
  bytes_restored: z.number().int(),
  command: z.string(),
  /** Operator caveats (re-derivation engine, verification order, overwrite rule). */
  notes: z.array(z.string()),
  plan_id: z.string(),
  /** Artifacts refused by a fail-closed guard; the ledger was not reinstated for them. Usually pre-write, but verified content-addressed bytes may already be on disk (a lost ledger-reinstatement race) and are safe to reuse on re-apply — a refusal means the ledger was not changed, not that nothing was... */
  refused: z.array(RestoreRefusedOutputSchema),
  /** Count of refused artifacts. */
  refused_count: z.number().int(),
  /** Artifacts restored — hash-verified bytes at the tombstoned path and a reinstated ledger row. */
  restored: z.array(RestoredOutputSchema),
  /** Count of restored artifacts. */
  restored_count: z.number().int(),
  version: z.string(),
});
/** The parsed form of {@link RestoreApplyOutputSchema}. */
export type RestoreApplyOutput = z.infer<typeof RestoreApplyOutputSchema>;
