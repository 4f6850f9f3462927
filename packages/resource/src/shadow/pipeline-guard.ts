/**
 * Quality pipelines ignore `--shadow`: their checks run against production
 * and `tag` mode rewrites the source table in place (rocky-cli
 * commands/run.rs, the `PipelineConfig::Quality` arm; rocky-core
 * quarantine.rs). Where shadowing is required, a run or plan that would
 * select one is refused before spawning. The type is read from the
 * project's TOML config the way rocky selects a pipeline
 * (rocky-cli registry.rs `resolve_pipeline`); when we cannot tell, we refuse.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RockyShadowError } from "../errors.js";
import { safeJson } from "../strings.js";

/** The pipeline types rocky-core config.rs `PipelineConfig` knows (`type`, replication when absent). */
const KNOWN_TYPES = new Set(["replication", "transformation", "quality", "snapshot", "load"]);
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * The `--pipeline` and `--model` values of a final argv (after any buildArgs
 * override, since that is what rocky reads). A flag given twice with
 * different values is returned as `ambiguous`. @internal
 */
export function selectionOfArgs(args: readonly string[]): {
  pipeline: string | undefined;
  model: string | undefined;
  ambiguous: string | null;
} {
  const values = (flag: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === "--") break;
      if (a === flag) out.push(args[i + 1] ?? "");
      else if (a.startsWith(`${flag}=`)) out.push(a.slice(flag.length + 1));
    }
    return out;
  };
  const pipelines = [...new Set(values("--pipeline"))];
  const models = [...new Set(values("--model"))];
  const ambiguous = pipelines.length > 1 ? "--pipeline" : models.length > 1 ? "--model" : null;
  return { pipeline: pipelines[0], model: models[0], ambiguous };
}

/** What the guard needs from one call. @internal */
export interface PipelineGuardRequest {
  readonly verb: string;
  /** `--pipeline`, when the call names one. */
  readonly pipeline: string | undefined;
  /** `--model`: the model-only path, which never selects a replication/quality pipeline by itself. */
  readonly model: string | undefined;
  /** The resource's `configPath` (rocky's `--config`). */
  readonly configPath: string;
  /** rocky's working directory, against which a relative `configPath` resolves. */
  readonly cwd: string;
}

/** The selected pipeline's name and type, as rocky would resolve it. @internal */
export interface SelectedPipeline {
  readonly name: string;
  readonly type: string;
}

/**
 * Throws RockyShadowError when the call would select a quality pipeline,
 * or when the config does not let us tell which pipeline it selects.
 * @internal
 */
export async function assertPipelineShadowable(
  req: PipelineGuardRequest & { readonly ambiguous?: string | null },
): Promise<void> {
  if (req.ambiguous !== undefined && req.ambiguous !== null) {
    throw new RockyShadowError(
      "pipeline_unknown",
      `refusing rocky ${req.verb} where shadowing is required: its arguments carry ${req.ambiguous} more than once with different values, so the selected pipeline cannot be told; nothing was spawned`,
      { command: req.verb },
    );
  }
  // run.rs: `--model` without `--pipeline` runs on a transformation pipeline (or fails);
  // it never reaches the quality arm, so there is nothing to read.
  if (req.model !== undefined && req.pipeline === undefined) return;
  const selected = await selectPipeline(req);
  if (selected.type === "quality") {
    throw new RockyShadowError(
      "pipeline_not_shadowable",
      `refusing rocky ${req.verb} of pipeline ${safeJson(selected.name)} where shadowing is required: it is a quality pipeline, and rocky ignores --shadow for quality pipelines (their checks and tag-mode rewrites act on the production tables). Run quality pipelines from production only; nothing was spawned`,
      { command: req.verb },
    );
  }
}

/** Reads the config and resolves the pipeline like rocky; throws RockyShadowError when it cannot. @internal */
export async function selectPipeline(req: PipelineGuardRequest): Promise<SelectedPipeline> {
  const path = resolve(req.cwd, req.configPath);
  const cannotTell = (why: string, cause?: unknown): never => {
    throw new RockyShadowError(
      "pipeline_unknown",
      `refusing rocky ${req.verb} where shadowing is required: cannot tell which pipeline it selects because ${why} (config ${path}). Quality pipelines ignore --shadow, so the SDK must see the pipeline's type; fix the config or pass pipeline. Nothing was spawned`,
      { command: req.verb, cause },
    );
  };

  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.byteLength > MAX_CONFIG_BYTES)
      cannotTell(`the config file is larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buf.toString("utf8");
  } catch (error) {
    if (error instanceof RockyShadowError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return cannotTell(
      code === "ENOENT"
        ? "the config file does not exist (configPath is resolved against cwd)"
        : `the config file cannot be read (${code ?? "error"})`,
      error,
    );
  }

  let doc: Record<string, unknown>;
  try {
    // Loaded lazily: only shadowed runs and plans pay for the parser.
    const { parse } = await import("smol-toml");
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    return cannotTell("the config file is not valid TOML", error);
  }

  // config.rs: `pipeline` is the key, `pipelines` an accepted alias; both at once is a duplicate.
  const hasSingular = Object.hasOwn(doc, "pipeline");
  const hasPlural = Object.hasOwn(doc, "pipelines");
  if (hasSingular && hasPlural)
    cannotTell("it has both [pipeline] and [pipelines] tables (rocky refuses the duplicate)");
  const table = hasSingular ? doc.pipeline : hasPlural ? doc.pipelines : {};
  if (!isTable(table)) return cannotTell("its pipeline entry is not a table");
  const names = Object.keys(table);

  let name: string;
  if (req.pipeline !== undefined) {
    if (!Object.hasOwn(table, req.pipeline))
      cannotTell(
        `pipeline ${safeJson(req.pipeline)} is not defined there (defined: ${names.join(", ") || "none"})`,
      );
    name = req.pipeline;
  } else if (names.length === 1) {
    name = names[0] as string;
  } else if (names.length === 0) {
    return cannotTell("it defines no pipeline");
  } else {
    // registry.rs: several pipelines without --pipeline is an engine error; name the choices.
    return cannotTell(
      `it defines several pipelines (${names.join(", ")}) and no pipeline option was given`,
    );
  }

  const entry = table[name];
  if (!isTable(entry)) return cannotTell(`[pipeline.${name}] is not a table`);
  const type = entry.type === undefined ? "replication" : entry.type;
  if (typeof type !== "string" || !KNOWN_TYPES.has(type))
    return cannotTell(`[pipeline.${name}] has an unknown type ${safeJson(type)}`);
  return { name, type };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
