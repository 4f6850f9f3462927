/**
 * `rocky run` (main.rs Run arm → apply.rs `run_apply_inline_for_run` → run.rs `run`), in the
 * engine's order of checks: `--var`, the `--dag`/`--watch` refusals, idempotency vs resume,
 * `--assume-fresh-state`, the governance override, `--branch`; then the config, the model-only
 * path (`--model`), and the arm of the selected pipeline's type.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { bool, type Ctx, logLine, RuntimeFailure, str, type VerbResult } from "../context.js";
import { ConfigLoadError, loadProject, type SimProject } from "../project/config.js";
import { pipelineOf, requireProject } from "../project/resolve.js";
import { parseGovernanceOverride } from "./governance-override.js";
import { checkIdempotencyVsResume, type RunFlags, runFlags, shadowConfig } from "./run-flags.js";
import { modelOnlyRun, transformationRun } from "./run-models.js";
import { loadRun, qualityRun, snapshotRun } from "./run-other.js";
import { replicationRun } from "./run-replication.js";
import type { ShadowConfig } from "./warehouse.js";

/** rocky-core run_vars.rs `RunVars::parse_pairs`, then main.rs's refusals of `--dag`/`--watch`. */
function checkRunFlags(ctx: Ctx): void {
  const f = ctx.parsed.flags;
  const vars = f.get("var");
  for (const raw of Array.isArray(vars) ? vars : []) {
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
}

/** main.rs: `--assume-fresh-state` needs a remote `[state]` backend; a missing config is Local. */
async function checkAssumeFreshState(ctx: Ctx): Promise<void> {
  if (!bool(ctx.parsed.flags, "assume-fresh-state")) return;
  let backend = "local";
  try {
    backend = (await loadProject(ctx.configPath, ctx.fs)).stateBackend;
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

/** run.rs `reject_unsupported_shadow`: snapshot and load targets are never rewritten. */
function rejectUnsupportedShadow(kind: string, shadow: ShadowConfig | null): void {
  if (shadow === null) return;
  throw new RuntimeFailure(
    `--shadow / --branch is not supported for ${kind} pipelines: their targets are not rewritten, so the run would write production. Run the ${kind} pipeline without the flag, or scope the shadow run to the transformation and replication pipelines with --pipeline`,
  );
}

/**
 * run.rs opens the state store of `--state-path` (`StateStore::open_with_policy`), first for the
 * idempotency claim when a key is given; redb creates the file but not its folder, so a folder
 * that does not exist fails the run (the SDK creates `.rocky-state/` before it spawns).
 */
function openStateStore(ctx: Ctx, rf: RunFlags): void {
  const explicit = ctx.parsed.globals.get("state-path");
  if (explicit === undefined || existsSync(dirname(resolve(explicit)))) return;
  const claim = rf.idempotencyKey === null ? "" : " for idempotency claim";
  throw new RuntimeFailure(`failed to open state store at ${explicit}${claim}`);
}

/** The arm of run.rs for the selected pipeline's type. */
export async function runPipeline(
  ctx: Ctx,
  project: SimProject,
  rf: RunFlags,
  shadow: ShadowConfig | null,
): Promise<VerbResult> {
  const pipeline = pipelineOf(project, rf.pipeline);
  switch (pipeline.type) {
    case "replication":
      openStateStore(ctx, rf);
      return replicationRun(ctx, project, pipeline, rf, shadow);
    case "transformation":
      openStateStore(ctx, rf);
      return transformationRun(ctx, project, pipeline, shadow);
    case "quality":
      // run.rs `PipelineConfig::Quality`: the checks act on production; `--shadow` is ignored.
      return qualityRun(ctx, project, pipeline);
    case "snapshot":
      rejectUnsupportedShadow("snapshot", shadow);
      return snapshotRun(ctx, project, pipeline);
    case "load":
      rejectUnsupportedShadow("load", shadow);
      return loadRun(ctx, project, pipeline);
    default:
      throw new RuntimeFailure(`unknown pipeline type '${pipeline.type}'`);
  }
}

/** The run `--resume` / `--resume-latest` resume (null: none, a full run) and the decorator. */
function resumeOf(ctx: Ctx): (result: VerbResult) => VerbResult {
  const f = ctx.parsed.flags;
  const latest = bool(f, "resume-latest");
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

/** main.rs Run arm, in the engine's order of checks. */
export async function handleRun(ctx: Ctx): Promise<VerbResult> {
  checkRunFlags(ctx);
  const rf = runFlags(ctx);
  checkIdempotencyVsResume(ctx, rf);
  await checkAssumeFreshState(ctx);
  parseGovernanceOverride(str(ctx.parsed.flags, "governance-override"));
  const shadow = shadowConfig(ctx, rf);
  const project = await requireProject(ctx);
  const model = str(ctx.parsed.flags, "model");
  // run.rs: `--model` takes the model-only path before any pipeline arm.
  if (model !== null) return modelOnlyRun(ctx, project, model, rf, shadow);
  return resumeOf(ctx)(await runPipeline(ctx, project, rf, shadow));
}
