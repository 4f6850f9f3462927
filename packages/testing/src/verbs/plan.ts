/**
 * `rocky plan` (plan.rs `plan()`, plan_store.rs) and `rocky plan promote <name>` (plan.rs
 * `plan_promote`): the persisted plan file and the printed `PlanOutput`. A project whose config
 * folder has a `models/` folder with models persists a `run` plan (plan.rs
 * `build_and_persist_run_plan`); otherwise a `replication` plan.
 */
import { dirname, join } from "node:path";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json, JsonObject } from "../json.js";
import { writePlan } from "../plans.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import { dagLayers, loadModels, ModelsError, type SimModel } from "../project/models.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { Warehouse } from "../project/world.js";
import { approvalsFor, branchStateHash, promoteTargets, requireBranch } from "./governance.js";
import { parseGovernanceOverride } from "./governance-override.js";
import { checkIdempotencyVsResume, type RunFlags, runFlags } from "./run-flags.js";
import { applyFilter, discoverSources, inMemory, type SimSource, targetsOf } from "./warehouse.js";

/** The flags a plan payload records (output.rs `RunPlan` / `ReplicationPlan`, serde's skip rules). */
function payloadFlags(ctx: Ctx, rf: RunFlags): JsonObject {
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
  opt("governance_override", parseGovernanceOverride(str(f, "governance-override")));
  return p;
}

/** The `ReplicationPlan` payload: the flags, the config and the reviewed source state. */
function replicationPayload(
  ctx: Ctx,
  rf: RunFlags,
  project: SimProject,
  configSnapshot: Json,
  sources: readonly SimSource[],
): JsonObject {
  const p = payloadFlags(ctx, rf);
  p.config_snapshot = configSnapshot;
  // plan.rs `state_authority_identity` (Debug of StateBackend; remote backends add their location, not simulated).
  const backend = project.stateBackend.charAt(0).toUpperCase() + project.stateBackend.slice(1);
  p.state_authority = `backend=${backend} schema=v22 path=${ctx.statePath}`;
  p.source_state_snapshot = [...sources]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => ({
      id: s.id,
      schema: s.schema,
      source_type: s.sourceType,
      tables: s.tables.map((t) => ({ name: t.name })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    }));
  return p;
}

/** The config snapshot a plan carries: rocky-sim stores the parsed TOML (rocky: the serialised RockyConfig). */
export async function configSnapshot(ctx: Ctx): Promise<Json> {
  const text = ctx.fs.exists(ctx.configPath) ? ctx.fs.read(ctx.configPath) : "";
  const { parse } = await import("smol-toml");
  return JSON.parse(JSON.stringify(parse(text))) as Json;
}

/** plan.rs: the statements of a replication plan (production targets, two-part names on DuckDB). */
function replicationStatements(
  project: SimProject,
  pipeline: SimPipeline,
  sources: readonly SimSource[],
  autoCreateSchemas: boolean,
): Json[] {
  const supportsCatalogs = project.adapters.get(pipeline.targetAdapter)?.type !== "duckdb";
  const statements: Json[] = [];
  const seen = new Set<string>();
  for (const t of targetsOf(pipeline, sources, null)) {
    const label = supportsCatalogs ? `${t.catalog}.${t.schema}` : t.schema;
    if (autoCreateSchemas && !seen.has(t.source.id)) {
      seen.add(t.source.id);
      statements.push({
        purpose: "create_schema",
        target: label,
        sql: `CREATE SCHEMA IF NOT EXISTS ${label}`,
      });
    }
    const target = `${label}.${t.table}`;
    statements.push({
      purpose: "full_refresh_copy",
      target,
      sql: `CREATE OR REPLACE TABLE ${target} AS\nSELECT *\nFROM ${t.source.schema}.${t.table}`,
    });
  }
  return statements;
}

/** plan.rs `plan_preview_output` for `--model`: the model's own statement. */
function modelStatement(model: SimModel): Json {
  const target = `${model.catalog}.${model.schema}.${model.table}`;
  return {
    purpose: model.strategy,
    target,
    sql: `CREATE OR REPLACE TABLE ${target} AS\n${model.sql.trimEnd()}`,
  };
}

async function modelsOf(ctx: Ctx, dir: string): Promise<SimModel[]> {
  if (!ctx.fs.isDir(dir)) return [];
  try {
    return await loadModels(ctx.fs, dir);
  } catch (err) {
    if (err instanceof ModelsError && err.message.startsWith("no models found")) return [];
    throw err;
  }
}

/** main.rs Plan arm → plan.rs `plan()` (no subcommand). */
export async function handlePlan(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const rf = runFlags(ctx);
  checkIdempotencyVsResume(ctx, rf);
  const payload = payloadFlags(ctx, rf);
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, rf.pipeline);
  if (pipeline.type !== "replication") {
    // registry.rs `resolve_replication_pipeline`.
    throw new RuntimeFailure(
      `pipeline '${pipeline.name}' is type '${pipeline.type}', but this command only supports replication pipelines`,
    );
  }
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.sourceAdapter)));
  const sources = applyFilter(
    discoverSources(project, pipeline, warehouse, ctx.behavior),
    rf.filter,
  );
  const toml = await configSnapshot(ctx);
  const governance = (
    (
      ((toml as JsonObject).pipeline as JsonObject | undefined)?.[pipeline.name] as
        | JsonObject
        | undefined
    )?.target as JsonObject | undefined
  )?.governance as JsonObject | undefined;
  const json: JsonObject = { version: ctx.version, command: "plan", filter: rf.filter ?? "" };
  if (str(f, "env") !== null) json.env = str(f, "env");
  json.statements = replicationStatements(
    project,
    pipeline,
    sources,
    governance?.auto_create_schemas === true,
  );
  // plan.rs: the models folder next to the config (or `--models`) makes it a `run` plan.
  const modelsDir = str(f, "models") ?? join(dirname(ctx.configPath), "models");
  const model = str(f, "model");
  if (model !== null && !ctx.fs.isDir(modelsDir)) {
    throw new RuntimeFailure(`models directory '${modelsDir}' not found (required for --model)`);
  }
  const all = await modelsOf(ctx, modelsDir);
  const models = model === null ? all : all.filter((m) => m.name === model);
  if (model !== null && models.length === 0) {
    throw new RuntimeFailure(`model '${model}' not found (no transformation model with that name)`);
  }
  if (model !== null) json.statements = models.map(modelStatement);
  let plan: { id: string; kind: string; createdAt: string } | null = null;
  const kind = all.length > 0 ? "run" : "replication";
  const layers = dagLayers(models).map((l) => l.map((m) => m.name));
  const names = models.map((m) => m.name).sort();
  const body =
    kind === "run"
      ? { ...payload, models: names, execution_layers: layers, parallel: 1 }
      : replicationPayload(ctx, rf, project, toml, sources);
  try {
    const written = await writePlan(process.cwd(), kind, body, "human");
    plan = { ...written, kind };
  } catch {
    // plan.rs: persistence is best effort (a warning), the preview is still printed.
  }
  if (plan !== null) {
    json.plan_id = plan.id;
    json.plan_kind = plan.kind;
    json.created_at = plan.createdAt;
  }
  if (kind === "run") {
    json.models = names;
    json.execution_layers = layers;
  }
  return {
    json,
    exitCode: 0,
    progress: [logLine(ctx.format, "INFO", "plan persisted", { plan_id: plan?.id ?? null, kind })],
  };
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
