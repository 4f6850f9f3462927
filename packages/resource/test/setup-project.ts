/**
 * Every resource test file runs in its own temp working directory holding the
 * project rocky-sim assumes. Where shadowing is required, run() and plan() read
 * the pipeline's type from `configPath` (default `rocky.toml`, resolved against
 * cwd) and refuse when the file is missing, so shadowed tests need a project
 * just as a real deployment does. Tests of that rule pass their own `cwd`.
 *
 * Detection reads process.env as well as the `env` option, so the deployment
 * variables of the machine running the tests (a CI job on a pull request) are
 * removed here: a test that wants a deployment sets it itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAGSTER_CLOUD_ENV_VARS, PREVIEW_ENV_VARS } from "@dagster-rocky/core";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterAll } from "vitest";

for (const name of [
  ...DAGSTER_CLOUD_ENV_VARS,
  ...Object.values(PREVIEW_ENV_VARS).flatMap((vars) => Object.values(vars)),
]) {
  delete process.env[name];
}

const previous = process.cwd();
const dir = mkdtempSync(join(tmpdir(), "rocky-res-project-"));
writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
process.chdir(dir);

afterAll(() => {
  process.chdir(previous);
  rmSync(dir, { recursive: true, force: true });
});
