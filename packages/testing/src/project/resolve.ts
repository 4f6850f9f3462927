/**
 * The project a verb runs against, as rocky loads it: `failed to load config from <path>` when
 * the `--config` file is missing (unless the scenario assumes the fake project), the pipeline by
 * name or the only one.
 */
import { type Ctx, RuntimeFailure } from "../context.js";
import type { SimScenario } from "../types.js";
import {
  ConfigLoadError,
  loadProject,
  resolvePipeline,
  type SimPipeline,
  type SimProject,
} from "./config.js";
import { DEFAULT_NAMING, DEFAULT_PROJECT_TOML, fakeProjectFiles } from "./fake.js";
import { diskFs, overlayFs, type ProjectFs } from "./files.js";

/**
 * The files of the invocation: the disk, or with `assumeConfig` the fake project (its config at
 * `configPath`, or the scenario's TOML there, its models, its warehouse) laid under it: whatever
 * the disk lacks is assumed, a file on disk always wins.
 */
export function projectFsFor(scenario: SimScenario, configPath: string): ProjectFs {
  const a = scenario.assumeConfig;
  if (a !== true && typeof a !== "string") return diskFs;
  const naming = { ...DEFAULT_NAMING, sources: scenario.sources ?? DEFAULT_NAMING.sources };
  const config = a === true ? DEFAULT_PROJECT_TOML : a;
  // The assumed project also has rocky-sim's models (models/), so that the model verbs
  // (compile, test, lineage, …) have something to read without a project on disk.
  const files = fakeProjectFiles("replication", "default", naming, config, true);
  delete files["rocky.toml"];
  files[configPath.replace(/^\.\//, "")] = config;
  return overlayFs(files);
}

/** apply.rs / run.rs / plan.rs / compare.rs / discover.rs: `failed to load config from <path>`. */
export async function requireProject(ctx: Ctx): Promise<SimProject> {
  try {
    return await loadProject(ctx.configPath, ctx.fs);
  } catch (err) {
    if (!(err instanceof ConfigLoadError)) throw err;
    throw new RuntimeFailure(`failed to load config from ${ctx.configPath}`, [err.message]);
  }
}

/** registry.rs `resolve_pipeline`, as a runtime failure. */
export function pipelineOf(project: SimProject, name: string | null): SimPipeline {
  try {
    return resolvePipeline(project, name);
  } catch (err) {
    throw new RuntimeFailure((err as Error).message);
  }
}
