// Mutation testing (`pnpm mutate [core|resource]`, never part of `pnpm test`).
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
  resource: {
    mutate: [
      // After the redesign.
      "packages/resource/src/{shadow,process,verbs}/**/*.ts",
      // Before it: the shadow rules, argv building and process control.
      "packages/resource/src/{argv,plan-guard,process-runner,abort}.ts",
    ],
    vitest: { configFile: "packages/resource/vitest.config.ts", dir: "packages/resource" },
  },
};

const chosen = scopes[scope];
if (chosen === undefined) {
  throw new Error(`MUTATE_SCOPE must be one of ${Object.keys(scopes).join(", ")} (got "${scope}")`);
}

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
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  ignorePatterns: ["reports", ".stryker-tmp", "bench/.work", "**/*.tgz"],
  thresholds: { high: 90, low: 75, break: null },
};
