/**
 * The read-only reports of the newer engines (1.72-1.77, shapes from rocky-sdk 0.29.0's models):
 * `rocky freshness`, `rocky cost --month M --by product` and `rocky profile` (1.71's verb, with
 * 1.77's `--sample`). They read the simulated warehouse and state store and change neither.
 */
import { readdirSync } from "node:fs";
import { type Ctx, num, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { JsonObject } from "../json.js";
import { loadModels, ModelsError, type SimModel } from "../project/models.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { type RunRecord, readState, Warehouse } from "../project/world.js";
import { modelsDirOf } from "./run-models.js";
import { inMemory } from "./warehouse.js";

/** The models of a folder, rocky's models error as a runtime failure. */
async function modelsIn(ctx: Ctx, dir: string): Promise<SimModel[]> {
  try {
    return await loadModels(ctx.fs, dir);
  } catch (err) {
    if (err instanceof ModelsError) throw new RuntimeFailure(err.message);
    throw err;
  }
}

const fullName = (m: SimModel): string => `${m.catalog}.${m.schema}.${m.table}`;

/** The newest successful build of `model` the state store recorded, or null. */
function lastBuild(runs: readonly RunRecord[], model: string): string | null {
  let at: string | null = null;
  for (const r of runs) {
    for (const m of r.models) {
      if (m.model_name === model && m.status === "success" && (at === null || r.finished_at > at)) {
        at = r.finished_at;
      }
    }
  }
  return at;
}

/**
 * `rocky freshness [--pipeline P]`: each transformation model measured from the state store (its
 * last successful build); rocky-sim declares no thresholds and no source freshness blocks, so a
 * built model passes and a model never built is an `error` (exit 1, the report still printed).
 */
export async function handleFreshness(ctx: Ctx): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const only = str(ctx.parsed.flags, "pipeline");
  const pipelines = only === null ? project.pipelines : [pipelineOf(project, only)];
  const checkedAt = new Date();
  const runs = readState(ctx).runs;
  const models: JsonObject[] = [];
  for (const p of pipelines.filter((x) => x.type === "transformation")) {
    for (const m of await modelsIn(ctx, modelsDirOf(ctx.configPath, p.models))) {
      const at = lastBuild(runs, m.name);
      models.push({
        name: m.name,
        pipeline: p.name,
        table: fullName(m),
        measured_from: "state_store",
        loaded_at_field: null,
        max_loaded_at: at,
        age_seconds: at === null ? null : Math.floor((checkedAt.getTime() - Date.parse(at)) / 1000),
        warn_after_seconds: null,
        error_after_seconds: null,
        status: at === null ? "error" : "pass",
        message: at === null ? "the model was never built" : null,
      });
    }
  }
  const count = (s: string) => models.filter((m) => m.status === s).length;
  const summary = {
    pass: count("pass"),
    warn: count("warn"),
    error: count("error"),
    runtime_error: 0,
  };
  return {
    json: {
      version: ctx.version,
      command: "freshness",
      checked_at: checkedAt.toISOString(),
      sources: [],
      models,
      summary,
    },
    exitCode: summary.error > 0 ? 1 : 0,
    progress: [],
  };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The products of the project (`products/<name>.toml`), each owning `<name>_output` (product.ts). */
function productNames(): string[] {
  try {
    return readdirSync("products")
      .filter((f) => f.endsWith(".toml"))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

/**
 * `rocky cost --month YYYY-MM --by product`: the month's production compute from the state store
 * (each model execution's `duration_ms`), the part of each product's output model charged to it,
 * the rest unallocated, so that `sum(charged) + unallocated = measured_total`.
 */
export function costByProduct(ctx: Ctx, month: string): VerbResult {
  const by = str(ctx.parsed.flags, "by");
  if (by !== "product") {
    throw new RuntimeFailure(
      `--month reports cost by product: pass --by product (got ${by === null ? "no --by" : `--by ${by}`})`,
    );
  }
  const m = MONTH.exec(month);
  if (m === null) throw new RuntimeFailure(`invalid --month '${month}': expected YYYY-MM`);
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
  const inMonth = (at: string) => at >= start.toISOString() && at < end.toISOString();
  const compute = new Map<string, number>();
  let total = 0;
  for (const r of readState(ctx).runs) {
    for (const x of r.models) {
      if (!inMonth(x.started_at)) continue;
      compute.set(x.model_name, (compute.get(x.model_name) ?? 0) + x.duration_ms);
      total += x.duration_ms;
    }
  }
  const ms = (amount: number) => [{ amount, unit: "compute_ms" }];
  let charged = 0;
  const products = productNames().map((name) => {
    const own = compute.get(`${name}_output`) ?? 0;
    charged += own;
    return {
      product: name,
      output_model: `${name}_output`,
      built: ms(own),
      kept: ms(own),
      charged: ms(own),
      allocated_upstream: [],
      owner_residual: [],
      shared_not_charged: [],
    };
  });
  return {
    json: {
      version: ctx.version,
      command: "cost_by_product",
      month,
      timezone: "UTC",
      month_start: start.toISOString(),
      month_end: end.toISOString(),
      as_of: new Date().toISOString(),
      history_complete: true,
      measured_total: ms(total),
      products,
      unallocated: ms(total - charged),
      shadow_branch: [],
      not_measured: {
        failed_executions: 0,
        storage_unknown_tables: 0,
        unattributed_read_tables: 0,
      },
      warnings: null,
    },
    exitCode: 0,
    progress: [],
  };
}

/** The first table `model` reads (`FROM schema.table`), as the warehouse names it. */
function firstSource(model: SimModel, warehouse: Warehouse): string | null {
  for (const [, ref] of model.sql.matchAll(/\bfrom\s+([A-Za-z0-9_.]+)/gi)) {
    const parts = (ref as string).split(".");
    const hit = warehouse
      .names()
      .find((n) => n.endsWith(`.${parts.join(".")}`) || n === parts.join("."));
    if (hit !== undefined) return hit;
  }
  return null;
}

/** ai_contract.rs `LOW_CARDINALITY_CAP`: above it a column's domain is not listed. */
const LOW_CARDINALITY_CAP = 25;

/** One column's statistics from what rocky-sim knows of a table: its columns and row count. */
function columnStats(name: string, type: string, rows: number, sample: number): JsonObject {
  const numeric = /int|decimal|double|float|numeric/i.test(type);
  const unique = numeric || name === "id" || name.endsWith("_id");
  const distinct = unique ? rows : Math.min(rows, 10);
  const values = Array.from({ length: distinct }, (_, i) =>
    numeric ? String(i + 1) : `${name}_${i + 1}`,
  ).sort();
  const stats: JsonObject = {
    name,
    type,
    rows,
    nulls: 0,
    null_rate: 0,
    distinct,
    min: values.length === 0 ? null : numeric ? "1" : (values[0] as string),
    max:
      values.length === 0 ? null : numeric ? String(rows) : (values[values.length - 1] as string),
    observed_values: distinct <= LOW_CARDINALITY_CAP ? values : [],
  };
  if (sample > 0) stats.sample_values = values.slice(0, Math.min(sample, 100));
  return stats;
}

/**
 * `rocky profile <model> [--column C] [--sample N]`: the model's target table, or, when it was
 * never built, the first source table it reads (`fell_back_from`); a non-DuckDB target is
 * `unavailable` with no columns.
 */
export async function handleProfile(ctx: Ctx): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const name = ctx.parsed.positionals[0] as string;
  const models = await modelsIn(ctx, str(ctx.parsed.flags, "models") ?? "models");
  const model = models.find((m) => m.name === name);
  if (model === undefined) {
    // profile.rs: the model is looked up in the compiled project's typed models.
    throw new RuntimeFailure(
      `model '${name}' not found in compiled project (or has no inferred schema)`,
    );
  }
  const base = { version: ctx.version, command: "profile", model: name };
  const adapter = [...project.adapters.values()][0];
  if (adapter !== undefined && adapter.type !== "duckdb") {
    return {
      json: {
        ...base,
        columns: [],
        unavailable: `profile supports DuckDB only (adapter type '${adapter.type}')`,
      },
      exitCode: 0,
      progress: [],
    };
  }
  const warehouse = Warehouse.open(ctx, inMemory(adapter));
  const declared = fullName(model);
  const profiled = warehouse.has(declared) ? declared : firstSource(model, warehouse);
  if (profiled === null) {
    throw new RuntimeFailure(
      `cannot profile '${name}': its target ${declared} is not materialized and none of its sources is`,
    );
  }
  const table = warehouse.get(profiled);
  const column = str(ctx.parsed.flags, "column");
  const cols = (table?.columns ?? []).filter(([c]) => column === null || c === column);
  if (column !== null && cols.length === 0) {
    throw new RuntimeFailure(`column '${column}' not found in model '${name}'`);
  }
  const sample = num(ctx.parsed.flags, "sample") ?? 0;
  return {
    json: {
      ...base,
      profiled_table: profiled,
      // output.rs `ProfileOutput`: skipped when None.
      ...(profiled === declared ? {} : { fell_back_from: declared }),
      columns: cols.map(([c, t]) => columnStats(c, t, table?.rows ?? 0, sample)),
    },
    exitCode: 0,
    progress: [],
  };
}
