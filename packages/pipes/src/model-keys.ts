import type { RockyAssetKeys } from "./asset-keys.js";
import type { PipesContext } from "./context.js";
import { toAssetKeyPath } from "./encoding.js";

/** How the governance reporters find the asset of a rocky model name. */
export interface ModelKeyOptions {
  /**
   * The asset of a model name, or null. Default: {@link ModelKeyOptions.assetKeys}'s `forModel`
   * when given, else the step's asset whose last part is the model name (the last such asset).
   */
  readonly assetKeyForModel?: ((model: string) => readonly string[] | null) | undefined;
  /** The project's key rules (`rockyAssetKeys({ discover })`). */
  readonly assetKeys?: RockyAssetKeys | undefined;
}

/**
 * The model-name resolver of dagster-rocky's component (`_emit_governance_events`: the last part
 * of each known table's key → its asset, limited to the step's selection).
 */
export function modelKeyResolver(
  pipes: Pick<PipesContext, "isAssetStep" | "assetKeys">,
  options: ModelKeyOptions,
): (model: string) => readonly string[] | null {
  if (options.assetKeyForModel !== undefined) return options.assetKeyForModel;
  const selected = pipes.isAssetStep ? new Set(pipes.assetKeys) : undefined;
  const keys = options.assetKeys;
  if (keys !== undefined) return (model) => keys.forModel(model, selected);
  const byLast = new Map<string, string[]>();
  for (const key of selected ?? []) {
    const parts = toAssetKeyPath(key);
    const last = parts.at(-1);
    if (last !== undefined) byLast.set(last, parts);
  }
  return (model) => byLast.get(model) ?? null;
}
