/**
 * `apply(planId)` replays what `plan` captured, flags included. Inside a
 * branch deployment we must prove, before spawning, that the persisted plan
 * writes shadow tables: a plan made in production never runs from a PR.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";
import { isRockyIdentifier } from "@dagster-rocky/core";
import { RockyShadowError } from "../errors.js";
import { isShadowKey } from "./isolation.js";
import { planShadowMismatch } from "./plan-suffix.js";

const MAX_PLAN_BYTES = 32 * 1024 * 1024;

/**
 * Plan kinds rocky persists that can never be proven shadowed, and why
 * (docs/rocky-cli.md §10.8). Any kind not run/replication is refused, listed
 * here or not: a kind added by a newer engine needs a decision first.
 */
const NOT_PROVABLE: Readonly<Record<string, string>> = Object.freeze({
  promote: "it copies branch tables over production",
  compact: "it rewrites production tables",
  archive: "it moves production rows",
  gc: "it evicts stored artifacts",
  restore: "it restores stored artifacts",
  ai_authored: "its payload carries no shadow routing",
  backfill: "its payload carries no shadow routing",
});

/** Where rocky persists a plan: `<cwd>/.rocky/plans/<plan_id>.json`. */
export function planFilePath(cwd: string, planId: string): string {
  return join(cwd, ".rocky", "plans", `${planId}.json`);
}

/** A persisted plan file, read and parsed once: the object, or why it could not be had. @internal */
export type PlanDocument =
  | { readonly ok: true; readonly plan: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly why: string; readonly cause?: unknown };

/** Reads and parses `<cwd>/.rocky/plans/<planId>.json` (at most MAX_PLAN_BYTES). @internal */
export async function readPlanDocument(cwd: string, planId: string): Promise<PlanDocument> {
  let text: string;
  try {
    text = await readPlanFile(planFilePath(cwd, planId));
  } catch (error) {
    if (error instanceof PlanTooLarge)
      return { ok: false, why: `the plan file is larger than ${MAX_PLAN_BYTES} bytes` };
    return { ok: false, why: "the persisted plan could not be read", cause: error };
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    return { ok: false, why: "the persisted plan is not valid JSON", cause: error };
  }
  if (typeof plan !== "object" || plan === null || Array.isArray(plan))
    return { ok: false, why: "the persisted plan is not an object" };
  return { ok: true, plan: plan as Record<string, unknown> };
}

/**
 * Throws RockyShadowError unless the persisted plan is a shadowed run whose
 * suffix is exactly `expectedSuffix` (the one this call acts for), and whose
 * idempotency key, if any, is namespaced for it (rocky apply.rs replays the
 * payload's key). Returns the plan's payload, for the pipeline check. `doc`:
 * the plan file when the caller has already read it.
 */
export async function assertPlanShadowed(
  cwd: string,
  planId: string,
  expectedSuffix: string,
  doc?: PlanDocument,
): Promise<Readonly<Record<string, unknown>>> {
  const path = planFilePath(cwd, planId);
  const refuse = (why: string, cause?: unknown): never => {
    throw new RockyShadowError(
      "plan_not_shadowed",
      `refusing to apply plan ${planId} for a shadowed deployment: ${why} (${path}). Re-create the plan with plan() from this deployment so it targets shadow tables.`,
      { command: "apply", cause },
    );
  };

  const read = doc ?? (await readPlanDocument(cwd, planId));
  if (!read.ok) return refuse(read.why, read.cause);
  const plan = read.plan;
  const p = plan as Record<string, unknown>;
  if (p.plan_id !== undefined && p.plan_id !== planId)
    refuse("the plan file's plan_id does not match");
  const kind = p.kind ?? p.plan_kind;
  if (kind !== "run" && kind !== "replication") {
    const why =
      typeof kind === "string" && Object.hasOwn(NOT_PROVABLE, kind)
        ? NOT_PROVABLE[kind]
        : undefined;
    refuse(
      `it is a ${JSON.stringify(kind)} plan${why === undefined ? "" : ` (${why})`}, and only a run plan can be proven to target shadow tables`,
    );
  }
  const payload = p.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return refuse("the plan has no payload");
  const fields = payload as Record<string, unknown>;
  const mismatch = planShadowMismatch(fields, expectedSuffix);
  if (mismatch !== null) refuse(mismatch);
  const key = fields.idempotency_key;
  if (key !== undefined && key !== null && !isShadowKey(key, expectedSuffix)) {
    throw new RockyShadowError(
      "state_not_isolated",
      `refusing to apply plan ${planId}: its idempotency key is not namespaced for shadow suffix ${JSON.stringify(expectedSuffix)}, so applying it would claim production's key in the state store (${path}). Re-create the plan with plan() from this deployment. Nothing was spawned`,
      { command: "apply" },
    );
  }
  return Object.freeze({ ...fields });
}

/** Thrown by readPlanFile for a file over MAX_PLAN_BYTES. */
class PlanTooLarge extends Error {}

async function readPlanFile(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > MAX_PLAN_BYTES) throw new PlanTooLarge();
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * The shadow suffix a persisted run plan was made with (rocky's default
 * `_rocky_shadow` for `--shadow` without one), or null when it is not a
 * shadowed run plan or could not be read (rocky reports that itself). A plan a
 * PR made writes shadow tables wherever it is applied; applied without a suffix
 * (a production worker handed a PR's plan id) it must still be a shadowed write:
 * its state isolated, its pipeline checked. @internal
 */
export function shadowedPlanSuffix(doc: PlanDocument): string | null {
  if (!doc.ok) return null;
  const payload = doc.plan.payload;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  const fields = payload as Record<string, unknown>;
  if (fields.shadow !== true) return null;
  // engine shadow.rs: `--shadow` without a suffix writes `<table>_rocky_shadow`.
  const suffix = fields.shadow_suffix ?? "_rocky_shadow";
  return typeof suffix === "string" && isRockyIdentifier(suffix) ? suffix : null;
}
