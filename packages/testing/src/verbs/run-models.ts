/**
 * Transformation models in a run: the transformation arm of run.rs (run_local.rs
 * `run_transformation`: every model of the pipeline's `models` folder, in DAG order, each
 * materialized as `catalog.schema.table` with the shadow rewrite applied) and the model-only path
 * (`--model`, run.rs: one model, after its upstream models' tables exist).
 */
import { dirname, join } from "node:path";
import { type Ctx, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import type { SimPipeline, SimProject } from "../project/config.js";
import {
  dagLayers,
  loadModels,
  ModelsError,
  modelColumns,
  type SimModel,
} from "../project/models.js";
import { Warehouse } from "../project/world.js";
import type { RunFlags } from "./run-flags.js";
import {
  newRunId,
  type RunError,
  runDocument,
  runResult,
  scenarioFailures,
  type Written,
} from "./run-output.js";
import { hash16, recordRun, type TableWrite } from "./run-record.js";
import { executionOf } from "./run-replication.js";
import { inMemory, type ShadowConfig } from "./warehouse.js";

const IDENTIFIER = /^[a-zA-Z0-9_]+$/;

/** models_loader.rs `models_base`: the folder a `models` glob reads (`models` by default). */
function modelsBase(glob: string): string {
  if (glob === "") return "models";
  const wildcard = glob.search(/[*?[]/);
  if (wildcard === -1) return glob;
  const prefix = glob.slice(0, wildcard);
  const base = prefix.endsWith("/") ? prefix : prefix.slice(0, prefix.lastIndexOf("/") + 1);
  return base === "" ? "models" : base;
}

/** models_loader.rs `locate_models_dir`: the base joined onto the config file's folder. */
export function modelsDirOf(configPath: string, glob: string): string {
  const root = dirname(configPath);
  const base = modelsBase(glob);
  return root === "." || root === "" ? `./${base}` : join(root, base);
}

/** rocky-sql validation.rs `validate_identifier`, with its message. */
function identifierError(value: string): string | null {
  if (value === "") return "SQL identifier cannot be empty";
  return IDENTIFIER.test(value)
    ? null
    : `invalid SQL identifier '${value}': must match [a-zA-Z0-9_]+`;
}

interface ModelTarget {
  readonly model: SimModel;
  readonly schema: string;
  readonly table: string;
  readonly fullName: string;
}

/**
 * run.rs `apply_shadow_rewrite`: each model's shadow target, checked as rocky checks it (valid
 * identifiers, no collision with a production target). Throws the failure text.
 */
function shadowTargets(models: readonly SimModel[], shadow: ShadowConfig | null): ModelTarget[] {
  const production = new Map(models.map((m) => [`${m.catalog}.${m.schema}.${m.table}`, m.name]));
  return models.map((model) => {
    const schema = shadow?.schemaOverride ?? model.schema;
    const table =
      shadow !== null && shadow.schemaOverride === null
        ? `${model.table}${shadow.suffix}`
        : model.table;
    if (shadow !== null) {
      for (const [what, value] of [
        ["schema", schema],
        ["table", table],
      ] as const) {
        const err = identifierError(value);
        if (err !== null) {
          throw new Error(
            `shadow target for model '${model.name}' has an invalid ${what} identifier: ${err}`,
          );
        }
      }
      const owner = production.get(`${model.catalog}.${schema}.${table}`);
      if (owner !== undefined) {
        throw new Error(
          `shadow target '${model.catalog}.${schema}.${table}' for model '${model.name}' collides with the production target of model(s) ${owner}. Choose a non-empty suffix or a dedicated shadow schema that cannot overlap a production target`,
        );
      }
    }
    return { model, schema, table, fullName: `${model.catalog}.${schema}.${table}` };
  });
}

function written(t: ModelTarget, index: number): Written {
  return {
    assetKey: [t.model.catalog, t.schema, t.table],
    fullName: t.fullName,
    name: t.model.name,
    durationMs: 1 + ((index * 3) % 7),
    metadata: {
      strategy: t.model.strategy,
      target_table_full_name: t.fullName,
      sql_hash: hash16(t.model.sql),
      column_count: modelColumns(t.model).length,
      compile_time_ms: 0,
    },
    rows: null,
  };
}

const writeOf = (t: ModelTarget): TableWrite => ({
  fullName: t.fullName,
  columns: modelColumns(t.model).map((c) => [c.name, "VARCHAR"] as const),
  rows: 10,
});

async function loadOrFail(ctx: Ctx, dir: string): Promise<SimModel[]> {
  try {
    return await loadModels(ctx.fs, dir);
  } catch (err) {
    if (err instanceof ModelsError) throw new RuntimeFailure(err.message);
    throw err;
  }
}

/** The run's document and result, with its record in rocky-sim's memory. */
function finish(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline | null,
  shape: { pipelineType: string; execution: JsonObject; shadow: boolean; filter: string },
  ok: readonly Written[],
  failed: readonly RunError[],
  writes: readonly TableWrite[],
  warehouse: Warehouse,
): VerbResult {
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const adapter = project.adapters.get(pipeline?.targetAdapter ?? "default");
  const json = runDocument(
    ctx,
    { ...shape, replication: false, costSummary: true, adapterType: adapter?.type ?? "duckdb" },
    ok,
    failed,
    startedAt,
  );
  const kept = writes.filter((w) => ok.some((o) => o.fullName === w.fullName));
  recordRun(ctx, json, runId, startedAt, pipeline?.name ?? null, warehouse, kept);
  return runResult(ctx, json, runId);
}

/** run_local.rs `run_transformation`. */
export async function transformationRun(
  ctx: Ctx,
  project: SimProject,
  pipeline: SimPipeline,
  shadow: ShadowConfig | null,
): Promise<VerbResult> {
  const dir = modelsDirOf(ctx.configPath, pipeline.models);
  const execution = executionOf(pipeline, false) as JsonObject;
  const shape = { pipelineType: "transformation", execution, shadow: shadow !== null, filter: "" };
  const warehouse = Warehouse.open(ctx, inMemory(project.adapters.get(pipeline.targetAdapter)));
  // An absent models folder is a run that does nothing (run.rs `ModelsDirDecision::Absent`).
  if (!ctx.fs.isDir(dir)) return finish(ctx, project, pipeline, shape, [], [], [], warehouse);
  const models = dagLayers(await loadOrFail(ctx, dir)).flat();
  let targets: ModelTarget[];
  try {
    targets = shadowTargets(models, shadow);
  } catch (err) {
    const failure = {
      assetKey: ["<runtime>"],
      error: (err as Error).message,
      failureKind: "unknown",
    };
    // The rewrite fails before anything runs: the output carries no `shadow` marker.
    const noShadow = { ...shape, shadow: false };
    return finish(ctx, project, pipeline, noShadow, [], [failure], [], warehouse);
  }
  const { ok, failed } = scenarioFailures(targets.map(written), ctx.behavior);
  return finish(ctx, project, pipeline, shape, ok, failed, targets.map(writeOf), warehouse);
}

/** run.rs `resolve_model_run_target`: the pipeline a `--model` run belongs to. */
function modelPipeline(project: SimProject, name: string | null): SimPipeline | null {
  if (name !== null) {
    const p = project.pipelines.find((x) => x.name === name);
    if (p === undefined) throw new RuntimeFailure(`pipeline '${name}' not found in config`);
    if (p.type !== "transformation") {
      throw new RuntimeFailure(
        `pipeline '${name}' is ${p.type}, not transformation (required for --model)`,
      );
    }
    return p;
  }
  const all = project.pipelines.filter((p) => p.type === "transformation");
  if (all.length > 1) {
    throw new RuntimeFailure(
      "this project has multiple transformation pipelines, so a bare --model run cannot know which pipeline (and adapter) the model belongs to; pass --pipeline <name> to state it",
    );
  }
  return all[0] ?? null;
}

/**
 * run.rs model-only path: `RunOutput::new` (so `pipeline_type` stays `replication`), one model,
 * concurrency 1. An unknown model, or an upstream model whose table the warehouse lacks, is a
 * failed table (JSON, then exit 1).
 */
export async function modelOnlyRun(
  ctx: Ctx,
  project: SimProject,
  name: string,
  rf: RunFlags,
  shadow: ShadowConfig | null,
): Promise<VerbResult> {
  const pipeline = modelPipeline(project, rf.pipeline);
  const flag = str(ctx.parsed.flags, "models");
  const dir = flag ?? (pipeline === null ? "models" : modelsDirOf(ctx.configPath, pipeline.models));
  if (!ctx.fs.isDir(dir)) {
    throw new RuntimeFailure(`models directory '${dir}' not found (required for --model)`);
  }
  const shape = {
    pipelineType: "replication",
    execution: { concurrency: 1, tables_processed: 0, tables_failed: 0 },
    shadow: shadow !== null,
    filter: rf.filter ?? "",
  };
  const adapter = project.adapters.get(pipeline?.targetAdapter ?? "default");
  const warehouse = Warehouse.open(ctx, inMemory(adapter));
  const models = await loadOrFail(ctx, dir);
  const model = models.find((m) => m.name === name);
  const fail = (error: string) =>
    finish(
      ctx,
      project,
      pipeline,
      shape,
      [],
      [{ assetKey: [name], error, failureKind: "unknown" }],
      [],
      warehouse,
    );
  if (model === undefined) {
    return fail(`model '${name}' not found (no transformation model with that name)`);
  }
  for (const up of model.dependsOn) {
    const upstream = models.find((m) => m.name === up);
    if (
      upstream !== undefined &&
      !warehouse.has(`${upstream.catalog}.${upstream.schema}.${upstream.table}`)
    ) {
      return fail(
        `model '${name}' failed: Catalog Error: Table with name ${upstream.table} does not exist (rocky-sim's warehouse has no ${upstream.catalog}.${upstream.schema}.${upstream.table})`,
      );
    }
  }
  let target: ModelTarget;
  try {
    [target] = shadowTargets([model], shadow) as [ModelTarget];
  } catch (err) {
    return fail((err as Error).message);
  }
  const { ok, failed } = scenarioFailures([written(target, 0)], ctx.behavior);
  return finish(ctx, project, pipeline, shape, ok, failed, [writeOf(target)], warehouse);
}
