/**
 * Plan files as rocky-cli/src/plan_store.rs writes and reads them:
 * `<cwd>/.rocky/plans/<plan_id>.json` = pretty JSON `{ plan_id, kind, created_at, format_version,
 * principal, payload }`, a `.rocky/.gitignore` (rocky-observe traces.rs `ensure_rocky_gitignore`),
 * and `plan_id` = blake3 hex of the compact serialisation of `{ kind, payload }` where the payload
 * is a serde_json `Value` (keys sorted: rocky builds serde_json without `preserve_order`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Json } from "./json.js";

/** serde_json's compact form of a `Value`: object keys sorted, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** plan_store.rs `compute_plan_id`: blake3 over `{"kind":..,"payload":..}` (struct order kind, payload). */
export async function computePlanId(kind: string, payload: Json): Promise<string> {
  const { blake3 } = await import("@noble/hashes/blake3");
  const bytes = new TextEncoder().encode(
    `{"kind":${JSON.stringify(kind)},"payload":${canonicalJson(payload)}}`,
  );
  return Buffer.from(blake3(bytes)).toString("hex");
}

/** chrono's RFC 3339 serialisation of `DateTime<Utc>` (AutoSi: fractional digits only when non-zero). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}

function plansDir(root: string): string {
  const rocky = join(root, ".rocky");
  mkdirSync(rocky, { recursive: true });
  const gitignore = join(rocky, ".gitignore");
  if (!existsSync(gitignore)) {
    writeFileSync(gitignore, "# Rocky local state (plans, traces) — not for version control.\n*\n");
  }
  const dir = join(rocky, "plans");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Sorted-key copy of a JSON value (the payload is a serde_json `Value` when rocky writes it). */
function sorted(value: Json): Json {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sorted);
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(value).sort()) out[k] = sorted(value[k] as Json);
  return out;
}

/** plan_store.rs `write_plan`: returns the id and the `created_at` written. */
export async function writePlan(
  root: string,
  kind: string,
  payload: Json,
  principal: "human" | "agent",
): Promise<{ id: string; createdAt: string }> {
  const id = await computePlanId(kind, payload);
  const createdAt = rfc3339(new Date());
  const record = {
    plan_id: id,
    kind,
    created_at: createdAt,
    format_version: 1,
    principal,
    payload: sorted(payload),
  };
  const path = join(plansDir(root), `${id}.json`);
  try {
    writeFileSync(path, JSON.stringify(record, null, 2));
  } catch (err) {
    throw new Error(`failed to write plan to ${path}: ${(err as Error).message}`);
  }
  return { id, createdAt };
}

export interface PersistedPlan {
  plan_id: string;
  kind: string;
  payload: Record<string, Json>;
}

/** plan_store.rs `read_plan`, with its error messages. Throws `Error`. */
export async function readPlan(root: string, planId: string): Promise<PersistedPlan> {
  const path = join(plansDir(root), `${planId}.json`);
  if (!existsSync(path)) {
    throw new Error(
      `plan '${planId}' not found — no file at ${path}. Generate a plan first with \`rocky compact <model>\`, \`rocky archive <model>\`, or \`rocky plan\`.`,
    );
  }
  let plan: { plan_id?: unknown; kind?: unknown; payload?: unknown };
  try {
    plan = JSON.parse(readFileSync(path, "utf8")) as typeof plan;
  } catch {
    throw new Error(`plan file at ${path} is not valid JSON`);
  }
  if (
    typeof plan.kind !== "string" ||
    typeof plan.plan_id !== "string" ||
    plan.payload === undefined
  ) {
    throw new Error(`plan file at ${path} is not valid JSON`);
  }
  const recomputed = await computePlanId(plan.kind, plan.payload as Json);
  if (recomputed !== planId || recomputed !== plan.plan_id) {
    throw new Error(
      `plan '${planId}' failed its integrity check: the payload hashes to '${recomputed}', which does not match the requested id '${planId}' (stored id '${plan.plan_id}'). The plan file at ${path} may have been modified after it was written — re-generate the plan and (if AI-authored) re-review it before applying.`,
    );
  }
  return {
    plan_id: plan.plan_id,
    kind: plan.kind,
    payload: (plan.payload ?? {}) as Record<string, Json>,
  };
}
