/**
 * test/setup-project.ts for `pnpm mutate`: Stryker runs vitest in worker threads,
 * where process.chdir() is refused, so the project rocky-sim assumes is written
 * into the runner's cwd instead. Only inside Stryker's sandbox (a throwaway copy
 * of the repo), never into a working tree.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";

const cwd = process.cwd();
if (!cwd.includes(".stryker-tmp")) {
  throw new Error(`test/setup-mutate.ts runs only inside a Stryker sandbox (cwd is ${cwd})`);
}
if (!existsSync(join(cwd, "rocky.toml")))
  writeFileSync(join(cwd, "rocky.toml"), DEFAULT_PROJECT_TOML);
