/**
 * Every resource test file runs in its own temp working directory holding the
 * project rocky-sim assumes. Where shadowing is required, run() and plan() read
 * the pipeline's type from `configPath` (default `rocky.toml`, resolved against
 * cwd) and refuse when the file is missing, so shadowed tests need a project
 * just as a real deployment does. Tests of that rule pass their own `cwd`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PROJECT_TOML } from "@dagster-rocky/testing";
import { afterAll } from "vitest";

const previous = process.cwd();
const dir = mkdtempSync(join(tmpdir(), "rocky-res-project-"));
writeFileSync(join(dir, "rocky.toml"), DEFAULT_PROJECT_TOML);
process.chdir(dir);

afterAll(() => {
  process.chdir(previous);
  rmSync(dir, { recursive: true, force: true });
});
