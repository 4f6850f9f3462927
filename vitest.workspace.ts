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

export default projects;
