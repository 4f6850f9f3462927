// The one list of test projects. Vitest 4 no longer reads this file by itself:
// vitest.config.ts imports it into `test.projects`, and scripts/run-tests.mjs
// fails the run when any project listed here executed no test.
export const projects = [
  "packages/core",
  "packages/testing",
  "packages/resource",
  "packages/resource/test/contract",
  "packages/pipes",
  "examples/branch-deploy",
  "examples/subclass",
  "examples/declarative",
  "examples/bullmq",
  "examples/dagster-pipes",
  "bench",
  "interop",
  "repo-tests",
] as const;

// The real-engine project (vitest name "engine"): part of the run whenever ROCKY_BIN is set,
// and always under CI, where a missing engine fails it (engineRequested below). scripts/run-tests.mjs
// counts it like the others then.
export const engineProject = "engine-tests";

/** True when the engine project belongs to this run: ROCKY_BIN is given, or CI is on. */
export function engineRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = (env.CI ?? "").trim().toLowerCase();
  return (env.ROCKY_BIN ?? "").trim() !== "" || (ci !== "" && ci !== "0" && ci !== "false");
}

export default projects;
