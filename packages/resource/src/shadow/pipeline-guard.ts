/**
 * Quality pipelines ignore `--shadow`: their checks run against production
 * and `tag` mode rewrites the source table in place (rocky-cli
 * commands/run.rs, the `PipelineConfig::Quality` arm; rocky-core
 * quarantine.rs). Where shadowing is required, a run, plan or apply that
 * would select one is refused before spawning. The config is read by
 * rocky's own rules (../rocky-config.ts: substitution from the child's env,
 * shorthands, the `pipelines` alias) and the pipeline selected like rocky-cli
 * registry.rs `resolve_pipeline`; when we cannot tell, we refuse.
 */
import { resolve } from "node:path";
import { RockyShadowError } from "../errors.js";
import { loadRockyConfig, resolvePipeline, type SelectedPipeline } from "../rocky-config.js";
import { safeJson } from "../strings.js";
import type { Env } from "./decision.js";

export type { SelectedPipeline } from "../rocky-config.js";

/** What selects the pipeline in one call's final argv or persisted plan. @internal */
export interface PipelineSelection {
  /** `--pipeline` (a plan's `pipeline`), when given. */
  readonly pipeline: string | undefined;
  /** `--model`: the model-only path, which never selects a replication/quality pipeline by itself. */
  readonly model: string | undefined;
  /**
   * Why the selection cannot be told from the call: a flag given twice with
   * different values (`--pipeline`), or a sentence. Null or absent: none.
   */
  readonly ambiguous?: string | null | undefined;
  /** `--dag` (a plan's `dag`): rocky runs every pipeline as one DAG, quality ones included. */
  readonly dag?: boolean | undefined;
  /** `--watch`: rocky re-reads the config whenever it changes. */
  readonly watch?: boolean | undefined;
}

/**
 * The selection of a final argv (after any buildArgs override, since that is
 * what rocky reads): `--pipeline` and `--model` values (a flag given twice
 * with different values is `ambiguous`), `--dag` and `--watch`. Nothing
 * after `--` counts. @internal
 */
export function selectionOfArgs(args: readonly string[]): {
  pipeline: string | undefined;
  model: string | undefined;
  ambiguous: string | null;
  dag: boolean;
  watch: boolean;
} {
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  const values = (flag: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < flags.length; i++) {
      const a = flags[i] as string;
      if (a === flag) out.push(flags[i + 1] ?? "");
      else if (a.startsWith(`${flag}=`)) out.push(a.slice(flag.length + 1));
    }
    return out;
  };
  const pipelines = [...new Set(values("--pipeline"))];
  const models = [...new Set(values("--model"))];
  const ambiguous = pipelines.length > 1 ? "--pipeline" : models.length > 1 ? "--model" : null;
  return {
    pipeline: pipelines[0],
    model: models[0],
    ambiguous,
    dag: flags.includes("--dag"),
    watch: flags.includes("--watch"),
  };
}

/**
 * The selection a persisted run plan replays (rocky-cli output.rs `RunPlan`:
 * `pipeline`, `model`, `dag`; apply.rs `execute_run_plan` resolves the
 * pipeline against the config as it is when apply runs). A field of the
 * wrong type is ambiguous: rocky could not read the plan. @internal
 */
export function selectionOfPlan(payload: Readonly<Record<string, unknown>>): PipelineSelection {
  const field = (key: string): { value: string | undefined; bad: boolean } => {
    const v = payload[key];
    if (v === undefined || v === null) return { value: undefined, bad: false };
    return typeof v === "string" ? { value: v, bad: false } : { value: undefined, bad: true };
  };
  const pipeline = field("pipeline");
  const model = field("model");
  const dag = payload.dag;
  const badDag = dag !== undefined && dag !== null && typeof dag !== "boolean";
  const bad = pipeline.bad ? "pipeline" : model.bad ? "model" : badDag ? "dag" : null;
  return {
    pipeline: pipeline.value,
    model: model.value,
    ambiguous: bad === null ? null : `the plan's ${JSON.stringify(bad)} has the wrong type`,
    dag: dag === true,
  };
}

/** What the guard needs from one call. @internal */
export interface PipelineGuardRequest extends PipelineSelection {
  /** The verb, for messages (`run`, `plan`, `apply`). */
  readonly verb: string;
  /** The resource's `configPath` (rocky's `--config`). */
  readonly configPath: string;
  /** rocky's working directory, against which a relative `configPath` resolves. */
  readonly cwd: string;
  /** The exact environment the child gets: rocky substitutes `${VAR}` from it. */
  readonly env: Env;
}

/** The config bytes a guard judged: re-verify them right before spawning. @internal */
export interface CheckedConfig {
  /** Absolute path of the file read. */
  readonly configPath: string;
  /** sha256 (hex) of the bytes read. */
  readonly sha256: string;
}

/**
 * Throws RockyShadowError when the call would run a quality pipeline, or
 * when the config does not let us tell which pipeline it runs. Returns the
 * file and digest of the bytes it checked, or null when it read nothing
 * (`--model` without `--pipeline`). @internal
 */
export async function assertPipelineShadowable(
  req: PipelineGuardRequest,
): Promise<CheckedConfig | null> {
  const refuse = (why: string): never => {
    throw new RockyShadowError(
      "pipeline_unknown",
      `refusing rocky ${req.verb} where shadowing is required: ${why}, so the selected pipeline cannot be told; nothing was spawned`,
      { command: req.verb },
    );
  };
  if (req.ambiguous !== undefined && req.ambiguous !== null)
    refuse(
      req.ambiguous.startsWith("--")
        ? `its arguments carry ${req.ambiguous} more than once with different values`
        : req.ambiguous,
    );
  if (req.watch === true)
    refuse("with --watch rocky re-reads the config whenever it changes, after any check");
  // run.rs: `--model` without `--pipeline` runs on a transformation pipeline (or fails);
  // it never reaches the quality arm, so there is nothing to read. `--dag` ignores `--model`.
  if (req.model !== undefined && req.pipeline === undefined && req.dag !== true) return null;
  const { checked, selected } = await selectPipelines(req);
  const quality = selected.find((p) => p.type === "quality");
  if (quality !== undefined) {
    throw new RockyShadowError(
      "pipeline_not_shadowable",
      `refusing rocky ${req.verb} of pipeline ${safeJson(quality.name)} where shadowing is required: it is a quality pipeline, and rocky ignores --shadow for quality pipelines (their checks and tag-mode rewrites act on the production tables). Run quality pipelines from production only; nothing was spawned`,
      { command: req.verb },
    );
  }
  return checked;
}

/**
 * Loads the config like rocky and selects what the call runs: the one
 * pipeline `resolve_pipeline` picks, or every pipeline under `--dag`.
 * Throws RockyShadowError (`pipeline_unknown`) when it cannot tell. @internal
 */
export async function selectPipelines(
  req: PipelineGuardRequest,
): Promise<{ checked: CheckedConfig; selected: readonly SelectedPipeline[] }> {
  const loaded = await loadRockyConfig(req);
  const cannotTell = (why: string, path: string, cause?: unknown): never => {
    throw new RockyShadowError(
      "pipeline_unknown",
      `refusing rocky ${req.verb} where shadowing is required: cannot tell which pipeline it selects because ${why} (config ${path}). Quality pipelines ignore --shadow, so the SDK must see the pipeline's type; fix the config or pass pipeline. Nothing was spawned`,
      { command: req.verb, cause },
    );
  };
  if (!loaded.ok) return cannotTell(loaded.reason, resolve(req.cwd, req.configPath), loaded.cause);
  const { path, sha256, config } = loaded.value;
  const checked = { configPath: path, sha256 };
  if (req.dag === true) {
    // unified_dag.rs: every pipeline becomes a node, quality ones as `Quality` nodes.
    const all = [...config.pipelines].map(([name, type]) => ({ name, type }));
    return { checked, selected: all };
  }
  const one = resolvePipeline(config, req.pipeline);
  if (!one.ok) return cannotTell(one.reason, path);
  return { checked, selected: [one.value] };
}

/** The pipeline one call selects, as rocky would resolve it; throws when it cannot tell. @internal */
export async function selectPipeline(
  req: PipelineGuardRequest,
): Promise<SelectedPipeline & CheckedConfig> {
  const { checked, selected } = await selectPipelines({ ...req, dag: false });
  return { ...(selected[0] as SelectedPipeline), ...checked };
}
