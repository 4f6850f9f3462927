/**
 * The project a verb runs against, as rocky loads it: `failed to load config from <path>` when
 * the `--config` file is missing (unless the scenario assumes one), the pipeline by name or the
 * only one.
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
import { DEFAULT_PROJECT_TOML } from "./fake.js";

/** The scenario's `assumeConfig` as TOML text, or undefined (engine behaviour: the file must exist). */
export function assumedToml(scenario: SimScenario): string | undefined {
  const a = scenario.assumeConfig;
  if (a === true) return DEFAULT_PROJECT_TOML;
  return typeof a === "string" ? a : undefined;
}

/** apply.rs / run.rs / plan.rs / compare.rs / discover.rs: `failed to load config from <path>`. */
export async function requireProject(ctx: Ctx): Promise<SimProject> {
  try {
    return await loadProject(ctx.configPath, assumedToml(ctx.scenario));
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
