/**
 * `rocky apply <plan_id>` (apply.rs `run_apply_core_in`): the product-binding gate
 * (`enforce_spec_digest_expectation`) runs first for every plan kind; replication and run plans
 * replay their flags and print a plain `RunOutput`; the other kinds print their own document, no
 * envelope: promote → `branch promote`, compact / archive → `compact apply` / `archive apply`,
 * gc / restore → `apply` with `evicted` / `restored` (apply.rs:133-240).
 */
import { type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { canonicalJson, type PersistedPlan, readPlan } from "../plans.js";
import { requireProject } from "../project/resolve.js";
import { auditEvent, executePromotion } from "./governance.js";
import { configSnapshot } from "./plan.js";
import { runPipeline } from "./run.js";
import { type RunFlags, shadowConfig } from "./run-flags.js";
import { DEFAULT_SHADOW_SUFFIX } from "./warehouse.js";

/** apply.rs `run_apply_core_in` → `run_apply_replication_plan` (run plans: the same replay). */
export async function handleApply(ctx: Ctx): Promise<VerbResult> {
  const planId = ctx.parsed.positionals[0] as string;
  let plan: Awaited<ReturnType<typeof readPlan>>;
  try {
    plan = await readPlan(process.cwd(), planId);
  } catch (err) {
    throw new RuntimeFailure(`failed to read plan '${planId}'`, [(err as Error).message]);
  }
  const p = plan.payload;
  // apply.rs: the product-binding gate runs before any plan kind's own path.
  enforceSpecDigest(plan, planId, str(ctx.parsed.flags, "expect-spec-digest"));
  if (plan.kind !== "replication" && plan.kind !== "run") return applyOtherKind(ctx, plan);
  const project = await requireProject(ctx);
  if (plan.kind === "replication") {
    const live = canonicalJson(await configSnapshot(ctx));
    if (live !== canonicalJson(p.config_snapshot ?? null)) {
      throw new RuntimeFailure(
        `config has changed since plan '${planId}' was created.\nThe plan is the reviewed artifact, so applying it against a different config would run SQL nobody approved — a changed adapter, path, schema template or strategy redirects the write while the source state still matches.\nNothing was written. Re-plan with \`rocky plan\` and apply the new plan_id.\nNote: credentials are redacted in the snapshot, so a changed secret is not detected here.`,
      );
    }
  }
  const s = (k: string): string | null => (typeof p[k] === "string" ? (p[k] as string) : null);
  const rf: RunFlags = {
    filter: s("filter"),
    pipeline: s("pipeline"),
    shadow: p.shadow === true,
    shadowSuffix: s("shadow_suffix") ?? DEFAULT_SHADOW_SUFFIX,
    shadowSchema: s("shadow_schema"),
    branch: s("branch"),
    idempotencyKey: s("idempotency_key"),
  };
  // The replay prints a plain RunOutput (`command: "run"`), not an ApplyOutput envelope.
  return runPipeline(ctx, project, rf, shadowConfig(ctx, rf));
}

/** apply.rs `enforce_spec_digest_expectation` (with `classify_product_binding`). */
export function enforceSpecDigest(
  plan: PersistedPlan,
  planId: string,
  expected: string | null,
): void {
  const p = plan.payload;
  const product = p.product_id;
  const digest = p.spec_digest;
  const malformed = (detail: string) =>
    new RuntimeFailure(
      `plan '${planId}' carries a malformed product binding: ${detail}. A product-bound plan must carry BOTH \`product_id\` and \`spec_digest\` as non-empty strings (or neither). This shape cannot come from \`propose\` — re-propose the plan through the governed chain instead of applying a hand-authored payload.`,
    );
  let bound: { productId: string; specDigest: string } | null = null;
  if (product !== undefined || digest !== undefined) {
    if (product === undefined) throw malformed("`spec_digest` is present without `product_id`");
    if (digest === undefined) throw malformed("`product_id` is present without `spec_digest`");
    if (typeof product !== "string") throw malformed("`product_id` is not a JSON string");
    if (typeof digest !== "string") throw malformed("`spec_digest` is not a JSON string");
    if (product.trim() === "") throw malformed("`product_id` is empty or whitespace-only");
    if (digest.trim() === "") throw malformed("`spec_digest` is empty or whitespace-only");
    bound = { productId: product, specDigest: digest };
  }
  if (expected === null && bound !== null) {
    throw new RuntimeFailure(
      `plan '${planId}' is product-bound (product '${bound.productId}'): its payload carries spec digest '${bound.specDigest}', so a bare \`rocky apply\` is refused. Pass \`rocky apply ${planId} --expect-spec-digest <digest>\` with the digest of the approved spec you intend to fulfil.`,
    );
  }
  if (expected !== null && bound === null) {
    throw new RuntimeFailure(
      `--expect-spec-digest was given, but plan '${planId}' carries no spec_digest in its payload. The caller expected a product-bound plan; this one is not. Verify the plan id, or drop the flag only if applying a non-product plan is intended.`,
    );
  }
  if (expected !== null && bound !== null && expected !== bound.specDigest) {
    throw new RuntimeFailure(
      `spec digest mismatch for plan '${planId}': the plan was authored against '${bound.specDigest}' but the applier expected '${expected}'. The approved spec has moved since this plan was proposed — re-propose against the current approved spec instead of applying a stale plan.`,
    );
  }
}

const objects = (v: Json | undefined): JsonObject[] =>
  Array.isArray(v)
    ? v.filter((x): x is JsonObject => x !== null && typeof x === "object" && !Array.isArray(x))
    : [];

function statementsOutput(ctx: Ctx, plan: PersistedPlan, command: string): VerbResult {
  const statements = objects(plan.payload.statements).map((s) => ({
    purpose: typeof s.purpose === "string" ? s.purpose : "statement",
    sql: typeof s.sql === "string" ? s.sql : "",
    success: true,
    duration_ms: 3,
  }));
  return {
    json: {
      version: ctx.version,
      command,
      plan_id: plan.plan_id,
      executed_at: new Date().toISOString(),
      statements,
      success: true,
    },
    exitCode: 0,
    progress: [],
  };
}

function artifactsOf(plan: PersistedPlan): (JsonObject & { size_bytes: number })[] {
  return objects(plan.payload.artifacts).map((a) => ({
    model_name: typeof a.model_name === "string" ? a.model_name : "model",
    run_id: typeof a.run_id === "string" ? a.run_id : "run-1",
    blake3_hash: typeof a.blake3_hash === "string" ? a.blake3_hash : "0".repeat(64),
    size_bytes: typeof a.size_bytes === "number" ? a.size_bytes : 0,
  }));
}

/** Applies a plan that is neither `run` nor `replication`. */
export function applyOtherKind(ctx: Ctx, plan: PersistedPlan): VerbResult {
  switch (plan.kind) {
    case "promote": {
      const name = typeof plan.payload.branch_name === "string" ? plan.payload.branch_name : "";
      const targets = objects(plan.payload.targets);
      const result = executePromotion(ctx, name, targets, [
        auditEvent(ctx, name, "promote_started"),
      ]);
      return { ...result, progress: [] };
    }
    case "compact":
      return statementsOutput(ctx, plan, "compact apply");
    case "archive":
      return statementsOutput(ctx, plan, "archive apply");
    case "gc": {
      const evicted = artifactsOf(plan).map((a) => ({
        ...a,
        physical_reclaimed: true,
        physical_status: "deleted",
        tombstone_recorded: true,
      }));
      const bytes = evicted.reduce((n, a) => n + Number(a.size_bytes), 0);
      return {
        json: {
          version: ctx.version,
          command: "apply",
          plan_id: plan.plan_id,
          evicted,
          evicted_count: evicted.length,
          already_evicted: [],
          bytes_evicted: bytes,
          bytes_refused: 0,
          refused: [],
          refused_count: 0,
          notes: [],
        },
        exitCode: 0,
        progress: [],
      };
    }
    case "restore": {
      const restored = artifactsOf(plan).map((a) => ({
        ...a,
        file_path: `.rocky/artifacts/${String(a.model_name)}.sql`,
        bytes_written: true,
        hash_verified: true,
        status: "restored",
      }));
      const bytes = restored.reduce((n, a) => n + Number(a.size_bytes), 0);
      return {
        json: {
          version: ctx.version,
          command: "apply",
          plan_id: plan.plan_id,
          restored,
          restored_count: restored.length,
          already_restored: [],
          bytes_restored: bytes,
          refused: [],
          refused_count: 0,
          notes: [],
        },
        exitCode: 0,
        progress: [],
      };
    }
    default:
      throw new RuntimeFailure(`rocky-sim cannot apply plans of kind '${plan.kind}'`);
  }
}
