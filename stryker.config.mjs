// Mutation testing (`pnpm mutate [core|shadow|process]`, never part of `pnpm test`).
// One scope per run keeps a run within reach of a 2-core machine: each scope
// mutates one package and runs only that package's vitest project.
// Resource targets are globs so they survive the move of shadow/process/verb
// code into src/{shadow,process,verbs}/ (see docs/mutation.md).
const scope = process.env.MUTATE_SCOPE ?? "core";

const scopes = {
  core: {
    mutate: ["packages/core/src/**/*.ts", "!packages/core/src/cli.ts"],
    vitest: { configFile: "packages/core/vitest.config.ts", dir: "packages/core" },
  },
  // The shadow rules and argv building, with the tests that pin them (fast, in-process).
  shadow: {
    mutate: [
      // After the redesign.
      "packages/resource/src/{shadow,verbs}/**/*.ts",
      // Before it.
      "packages/resource/src/{argv,plan-guard,resource}.ts",
    ],
    tests: [
      "test/argv.test.ts",
      "test/shadow.test.ts",
      "test/preview.test.ts",
      "test/options.test.ts",
      "test/safety/injection.test.ts",
    ],
    vitest: { configFile: "packages/resource/vitest.mutate.config.ts", dir: "packages/resource" },
  },
  // Process control (spawn, group kill, timeout, abort), with the tests that spawn rocky-sim.
  process: {
    mutate: [
      "packages/resource/src/process/**/*.ts",
      "packages/resource/src/{process-runner,abort}.ts",
    ],
    tests: ["test/process.test.ts", "test/safety/faults.test.ts", "test/logging.test.ts"],
    vitest: { configFile: "packages/resource/vitest.mutate.config.ts", dir: "packages/resource" },
  },
};

const chosen = scopes[scope];
if (chosen === undefined) {
  throw new Error(`MUTATE_SCOPE must be one of ${Object.keys(scopes).join(", ")} (got "${scope}")`);
}

// Read by packages/resource/vitest.mutate.config.ts in Stryker's test-runner processes.
if (chosen.tests !== undefined) process.env.MUTATE_TESTS = chosen.tests.join(",");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: chosen.mutate,
  vitest: chosen.vitest,
  coverageAnalysis: "perTest",
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `reports/mutation/${scope}.json` },
  // One temp dir per scope: cleanTempDir removes the whole dir, and scopes may run side by side.
  tempDirName: `.stryker-tmp-${scope}`,
  cleanTempDir: true,
  ignorePatterns: ["reports", ".stryker-tmp*", "bench/.work", "**/*.tgz"],
  thresholds: { high: 90, low: 75, break: null },
};
