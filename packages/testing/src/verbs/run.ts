/**
 * `rocky run` (main.rs Run arm → run.rs), in the engine's order of checks: `--var`, the
 * `--dag`/`--watch` refusals, idempotency vs resume, `--assume-fresh-state`, the governance
 * override, `--branch`, then the pipeline. `--model` without a filter runs one model; `--resume*`
 * marks the output.
 */
import { readFileSync } from "node:fs";
import { bool, type Ctx, logLine, num, RuntimeFailure, str, type VerbResult } from "../context.js";
import type { Json } from "../json.js";
import { ConfigLoadError, loadProject } from "../project/config.js";
import { assumedToml, pipelineOf, requireProject } from "../project/resolve.js";
import { unknownModel } from "./models.js";
import { runResult } from "./run-output.js";
import { DEFAULT_SHADOW_SUFFIX, type ShadowConfig, specFor } from "./warehouse.js";

/** Flags shared by run and plan, as main.rs reads them. */
export interface RunFlags {
  filter: string | null;
  pipeline: string | null;
  shadow: boolean;
  /** clap default_value = "_rocky_shadow". */
  shadowSuffix: string;
  shadowSchema: string | null;
  branch: string | null;
  idempotencyKey: string | null;
}

export function runFlags(ctx: Ctx): RunFlags {
  const f = ctx.parsed.flags;
  return {
    filter: str(f, "filter"),
    pipeline: str(f, "pipeline"),
    shadow: bool(f, "shadow"),
    shadowSuffix: str(f, "shadow-suffix") ?? DEFAULT_SHADOW_SUFFIX,
    shadowSchema: str(f, "shadow-schema"),
    branch: str(f, "branch"),
    // clap `env = "ROCKY_IDEMPOTENCY_KEY"` on run and plan.
    idempotencyKey: str(f, "idempotency-key") ?? ctx.env.ROCKY_IDEMPOTENCY_KEY ?? null,
  };
}

/** main.rs (Run and Plan arms): --idempotency-key with --resume / --resume-latest. */
export function checkIdempotencyVsResume(ctx: Ctx, rf: RunFlags): void {
  const f = ctx.parsed.flags;
  if (rf.idempotencyKey !== null && (f.has("resume") || bool(f, "resume-latest"))) {
    throw new RuntimeFailure(
      "--idempotency-key cannot be combined with --resume / --resume-latest (resume is an explicit override of idempotent skip)",
    );
  }
}

/** main.rs `parse_governance_override`: inline JSON or `@file.json`. */
export function checkGovernanceOverride(raw: string | null): Json | null {
  if (raw === null) return null;
  if (raw.startsWith("@")) {
    const path = raw.slice(1);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new RuntimeFailure(`failed to read governance override file: ${path}`, [
        (err as Error).message,
      ]);
    }
    try {
      return JSON.parse(text) as Json;
    } catch (err) {
      throw new RuntimeFailure(`failed to parse governance override from ${path}`, [
        (err as Error).message,
      ]);
    }
  }
  try {
    return JSON.parse(raw) as Json;
  } catch (err) {
    throw new RuntimeFailure("failed to parse governance override JSON", [(err as Error).message]);
  }
}

/**
 * main.rs Run arm: `--branch` reads the branch record from the state store (`rocky branch create`
 * registers it; schema_prefix `branch__<name>`, branch.rs). rocky-sim has no state store: the
 * scenario's `branches` lists the registered ones.
 */
function branchSchema(ctx: Ctx, name: string): string {
  if (!(ctx.scenario.branches ?? []).includes(name)) {
    throw new RuntimeFailure(
      `branch '${name}' not found — create it with \`rocky branch create ${name}\``,
    );
  }
  return `branch__${name}`;
}

/** main.rs: a ShadowConfig exists only with --branch or --shadow; otherwise suffix/schema are inert. */
export function shadowConfig(ctx: Ctx, rf: RunFlags): ShadowConfig | null {
  if (rf.branch !== null) {
    return { suffix: rf.shadowSuffix, schemaOverride: branchSchema(ctx, rf.branch) };
  }
  if (rf.shadow) return { suffix: rf.shadowSuffix, schemaOverride: rf.shadowSchema };
  return null;
}

export async function runPipeline(
  ctx: Ctx,
  rf: RunFlags,
  shadow: ShadowConfig | null,
  parallel: number | null,
): Promise<VerbResult> {
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, rf.pipeline);
  // run.rs dispatches on the pipeline type. snapshot and load refuse a shadow run (run.rs
  // `reject_unsupported_shadow`, engine >= 1.68); quality pipelines ignore it and run their checks
  // and quarantine against production (run.rs `PipelineConfig::Quality` → run_local.rs).
  if ((pipeline.type === "snapshot" || pipeline.type === "load") && shadow !== null) {
    throw new RuntimeFailure(
      `--shadow / --branch is not supported for ${pipeline.type} pipelines: their targets are not rewritten, so the run would write production. Run the ${pipeline.type} pipeline without the flag, or scope the shadow run to the transformation and replication pipelines with --pipeline`,
    );
  }
  if (pipeline.type !== "replication" && pipeline.type !== "quality") {
    throw new RuntimeFailure(`rocky-sim does not emulate ${pipeline.type} pipelines`);
  }
  const spec = specFor(project, pipeline, rf.filter, ctx.behavior, shadow);
  const quality = pipeline.type === "quality";
  return runResult(
    ctx,
    quality ? { ...spec, shadow: null } : spec,
    parallel,
    rf.idempotencyKey,
    quality,
  );
}

/** main.rs Run arm, in the engine's order of checks. */
export async function handleRun(ctx: Ctx): Promise<VerbResult> {
  const f = ctx.parsed.flags;
  const vars = f.get("var");
  for (const raw of Array.isArray(vars) ? vars : []) {
    // rocky-core run_vars.rs `RunVars::parse_pairs`.
    const eq = raw.indexOf("=");
    if (eq === -1)
      throw new RuntimeFailure(`invalid --var '${raw}': expected name=value (no '=' found)`);
    const name = raw.slice(0, eq);
    if (name === "") throw new RuntimeFailure(`invalid --var '${raw}': variable name is empty`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new RuntimeFailure(
        `invalid --var name '${name}': must match [A-Za-z_][A-Za-z0-9_]* (letters, digits, underscore; not starting with a digit)`,
      );
    }
  }
  if (Array.isArray(vars) && vars.length > 0 && (bool(f, "dag") || bool(f, "watch"))) {
    throw new RuntimeFailure(
      "--var is not yet supported with --dag or --watch (it would be silently dropped); run without --dag/--watch, or remove --var",
    );
  }
  if (f.has("models") && bool(f, "dag")) {
    throw new RuntimeFailure(
      "--models is not supported with --dag (it would be silently dropped); the unified DAG resolves each transformation pipeline's own `models` glob from rocky.toml",
    );
  }
  const rf = runFlags(ctx);
  checkIdempotencyVsResume(ctx, rf);
  if (bool(f, "assume-fresh-state")) {
    // A missing config resolves to the Local backend; any other load error aborts.
    let backend = "local";
    try {
      backend = (await loadProject(ctx.configPath, assumedToml(ctx.scenario))).stateBackend;
    } catch (err) {
      if (!(err instanceof ConfigLoadError)) throw err;
      if (!err.notFound) {
        throw new RuntimeFailure(
          `cannot validate --assume-fresh-state: ${ctx.configPath} failed to load, so the [state] backend cannot be resolved`,
          [err.message],
        );
      }
    }
    if (backend === "local") {
      throw new RuntimeFailure(
        "--assume-fresh-state requires a remote `[state]` backend (s3, gcs, valkey, or tiered): with the local backend there is no remote-state download whose failure could be treated as a fresh start",
      );
    }
  }
  checkGovernanceOverride(str(f, "governance-override"));
  const shadow = shadowConfig(ctx, rf);
  // `--model` without a filter runs that model only; `--resume*` marks the output.
  // Loaded on use: rocky-sim's startup imports only what every invocation needs.
  if (str(f, "model") !== null && rf.filter === null) {
    return modelRun(ctx, rf, shadow, num(f, "parallel"));
  }
  const resumed = resumeOf(ctx);
  return resumed(await runPipeline(ctx, rf, shadow, num(f, "parallel")));
}

/** The run the flags resume (null: none, a full run) and the result's decorator. */
export function resumeOf(ctx: Ctx): (result: VerbResult) => VerbResult {
  const f = ctx.parsed.flags;
  const latest = f.get("resume-latest") === true;
  const id = str(f, "resume");
  if (!latest && id === null) return (r) => r;
  const runs = ctx.scenario.runs ?? [];
  // run.rs:3524: --resume-latest wins when both are given.
  const target = latest ? (runs[runs.length - 1] ?? null) : runs.includes(id as string) ? id : null;
  return (result) => {
    if (target === null) {
      result.progress.unshift(
        logLine(ctx.format, "WARN", "no progress found for run, starting fresh", {
          run_id: id ?? "latest",
        }),
      );
      return result;
    }
    if (result.json !== undefined) result.json.resumed_from = target;
    result.progress.unshift(logLine(ctx.format, "INFO", "resuming run", { run_id: target }));
    return result;
  };
}

/** `run --model=<m>` without `--filter`: the one model, shadow-rewritten like any target. */
export async function modelRun(
  ctx: Ctx,
  rf: RunFlags,
  shadow: ShadowConfig | null,
  parallel: number | null,
): Promise<VerbResult> {
  const model = str(ctx.parsed.flags, "model") as string;
  const missing = unknownModel(model);
  if (missing !== null) throw new RuntimeFailure(missing);
  const project = await requireProject(ctx);
  const pipeline = pipelineOf(project, rf.pipeline);
  const spec = specFor(project, pipeline, null, { ...ctx.behavior, tables: [model] }, shadow);
  return runResult(ctx, { ...spec, filter: "", sources: spec.sources.slice(0, 1) }, parallel, null);
}
