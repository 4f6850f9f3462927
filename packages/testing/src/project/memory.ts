/**
 * Where rocky-sim keeps its memory of a project (project/world.ts): the `.rocky-sim/` folder of
 * the cwd (rocky ignores it), where `writeSimProject` puts the simulated warehouse. With
 * `assumeConfig` and no such folder the project is virtual, and so is its memory: it lives in the
 * simulator's own folder, one subfolder per cwd, so that nothing is written into the cwd.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SimScenario } from "../types.js";

export const LOCAL_MEMORY = ".rocky-sim";

export function memoryDirFor(scenario: SimScenario, simulatorMemory: string | undefined): string {
  const assumed = scenario.assumeConfig === true || typeof scenario.assumeConfig === "string";
  if (!assumed || simulatorMemory === undefined || existsSync(LOCAL_MEMORY)) return LOCAL_MEMORY;
  const key = createHash("sha256").update(resolve(".")).digest("hex").slice(0, 16);
  return join(simulatorMemory, key);
}
