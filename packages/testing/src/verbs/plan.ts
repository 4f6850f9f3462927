/**
 * `rocky plan` (plan.rs `plan()`, plan_store.rs) and `rocky plan promote <name>` (plan.rs
 * `plan_promote`): the persisted plan file and the printed `PlanOutput`.
 */
import { existsSync, readFileSync } from "node:fs";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { writePlan } from "../plans.js";
import type { SimProject } from "../project/config.js";
import { assumedToml, pipelineOf, requireProject } from "../project/resolve.js";
import { approvalsFor, branchStateHash, promoteTargets, requireBranch } from "./governance.js";
import {
  checkGovernanceOverride,
  checkIdempotencyVsResume,
  type RunFlags,
  runFlags,
} from "./run.js";
import { type SimSource, specFor, type TargetSpec, tablesOf, targetsOf } from "./warehouse.js";

/** The `ReplicationPlan` payload (output.rs), with serde's skip rules: absent options are omitted. */
function replicationPayload(
  ctx: Ctx,
  rf: RunFlags,
  project: SimProject,
  configSnapshot: Json,
  sources: readonly SimSource[],
): JsonObject {
  const f = ctx.parsed.flags;
  const shadowOn = rf.shadow || rf.branch !== null;
  const p: JsonObject = {};
  const opt = (k: string, v: Json | null): void => {
    if (v !== null) p[k] = v;
  };
  opt("filter", rf.filter);
  opt("pipeline", rf.pipeline);
  opt("env", str(f, "env"));
  opt("idempotency_key", rf.idempotencyKey);
  opt("resume", str(f, "resume"));
  p.resume_latest = bool(f, "resume-latest");
  // `shadow` is skipped when false; the descriptors only when shadowing (plan.rs `shadow_descriptor`).
  if (rf.shadow) p.shadow = true;
  if (shadowOn) {
    p.shadow_suffix = rf.shadowSuffix;
    opt("shadow_schema", rf.shadowSchema);
  }
  opt("branch", rf.branch);
  opt("governance_override", checkGovernanceOverride(str(f, "governance-override")));
  p.config_snapshot = configSnapshot;
  // plan.rs `state_authority_identity` (Debug of StateBackend; remote backends add their location, not simulated).
  const backend = project.stateBackend.charAt(0).toUpperCase() + project.stateBackend.slice(1);
  p.state_authority = `backend=${backend === "S3" || backend === "s3" ? "S3" : backend} schema=v22 path=${ctx.statePath}`;
  p.source_state_snapshot = [...sources]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({
      id: s.id,
      schema: s.schema,
      source_type: s.sourceType,
      tables: [...tablesOf(ctx.behavior)].sort().map((name) => ({ name })),
    }));
  return p;
}

/** The config snapshot a plan carries: rocky-sim stores the parsed TOML (rocky: the serialised RockyConfig). */
export async function configSnapshot(ctx: Ctx): Promise<Json> {
  const text = existsSync(ctx.configPath)
    ? readFileSync(ctx.configPath, "utf8")
    : (assumedToml(ctx.scenario) ?? "");
  const { parse } = await import("smol-toml");
  return JSON.parse(JSON.stringify(parse(text))) as Json;
}

/** main.rs Plan arm → plan.rs `plan()` (no subcommand). */
export async function handlePlan(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const rf = runFlags(ctx);
  checkIdempotencyVsResume(ctx, rf);
  checkGovernanceOverride(str(f, "governance-override"));
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, rf.pipeline);
  if (pipeline.type !== "replication") {
    // registry.rs `resolve_replication_pipeline`.
    throw new RuntimeFailure(
      `pipeline '${pipeline.name}' is type '${pipeline.type}', but this command only supports replication pipelines`,
    );
  }
  if (str(f, "model") !== null) {
    // plan.rs: `--model` needs a models directory; rocky-sim's projects have none.
    throw new RuntimeFailure(
      `models directory '${str(f, "models") ?? "models"}' not found (required for --model)`,
    );
  }
  const spec = specFor(project, pipeline, rf.filter, ctx.behavior, null);
  // With no compiled models, plan.rs persists a `replication` plan (write_plan → principal human).
  const payload = replicationPayload(ctx, rf, project, await configSnapshot(ctx), spec.sources);
  let plan: { id: string; kind: string; createdAt: string } | null = null;
  try {
    const written = await writePlan(process.cwd(), "replication", payload, "human");
    plan = { ...written, kind: "replication" };
  } catch {
    // plan.rs: persistence is best effort (a warning), the preview is still printed.
  }
  const supportsCatalogs = project.adapters.get(pipeline.targetAdapter)?.type !== "duckdb";
  return {
    json: buildPlanOutput(spec, ctx.version, plan, str(f, "env"), supportsCatalogs),
    exitCode: 0,
    progress: [
      logLine(ctx.format, "INFO", "plan persisted", {
        plan_id: plan?.id ?? null,
        kind: "replication",
      }),
    ],
  };
}

/**
 * plan.rs `plan()`: statements always name the PRODUCTION targets (shadow flags only reach the
 * persisted payload), one `create_schema` per connector then one copy per table. Dialects without
 * catalogs (duckdb) get two-part names. A project without models persists a `replication` plan,
 * and output.rs omits `models`/`execution_layers` when empty.
 */
export function buildPlanOutput(
  spec: TargetSpec,
  version: string,
  plan: { id: string; kind: string; createdAt: string } | null,
  env: string | null,
  supportsCatalogs: boolean,
): JsonObject {
  const statements: Json[] = [];
  const seen = new Set<string>();
  for (const t of targetsOf({ ...spec, shadow: null })) {
    const catalog = t.productionFullName.slice(0, t.productionFullName.indexOf("."));
    const schemaLabel = supportsCatalogs ? `${catalog}.${t.schema}` : t.schema;
    if (!seen.has(t.source.id)) {
      seen.add(t.source.id);
      statements.push({
        purpose: "create_schema",
        target: schemaLabel,
        sql: `CREATE SCHEMA IF NOT EXISTS ${schemaLabel}`,
      });
    }
    const target = `${schemaLabel}.${t.table}`;
    statements.push({
      purpose: "full_refresh_copy",
      target,
      sql: `CREATE OR REPLACE TABLE ${target} AS\nSELECT *\nFROM ${t.source.schema}.${t.table}`,
    });
  }
  const json: JsonObject = { version, command: "plan", filter: spec.filter };
  if (env !== null) json.env = env;
  json.statements = statements;
  if (plan !== null) {
    json.plan_id = plan.id;
    json.plan_kind = plan.kind;
    json.created_at = plan.createdAt;
  }
  return json;
}

export async function handlePlanPromote(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const name = ctx.parsed.positionals[0] as string;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new RuntimeFailure(
      `invalid branch name '${name}': must be 1-64 characters of [A-Za-z0-9_.-]`,
    );
  }
  requireBranch(ctx, name);
  if (approvalsFor(name).length === 0) {
    throw new RuntimeFailure(
      `branch '${name}' has no valid approval: run \`rocky branch approve ${name}\` first`,
    );
  }
  if (ctx.behavior.promote === "breaking" && !bool(f, "allow-breaking")) {
    throw new RuntimeFailure(
      `promotion of '${name}' is blocked by 1 breaking change (customer_orders.email dropped); pass --allow-breaking to plan it anyway`,
    );
  }
  const targets = promoteTargets(ctx, name);
  const payload: Json = {
    branch_name: name,
    branch_state_hash: branchStateHash(name),
    base: str(f, "base") ?? "main",
    targets,
    approvals: [],
  };
  const { id, createdAt } = await writePlan(process.cwd(), "promote", payload, "human");
  return {
    json: {
      version: ctx.version,
      command: "plan",
      filter: str(f, "filter") ?? "",
      statements: targets.map((t) => ({
        purpose: "promote",
        target: t.target as string,
        sql: t.statement as string,
      })),
      plan_id: id,
      plan_kind: "promote",
      created_at: createdAt,
    },
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "plan persisted", { plan_id: id, kind: "promote" })],
  };
}
