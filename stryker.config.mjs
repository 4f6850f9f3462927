// Mutation testing (`pnpm mutate [core|shadow|process]`, never part of `pnpm test`).
// One scope per run keeps a run within reach of a 2-core machine: each scope
// mutates one package and runs only that package's vitest project.
// Resource targets are globs so they survive the move of shadow/process/verb
// code into src/{shadow,process,verbs}/ (see docs/mutation.md).
import { readFileSync } from "node:fs";

const scope = process.env.MUTATE_SCOPE ?? "core";

/** `a-b`: the lines of `file` from the one containing `from` to the one before `to` (a method's body). */
function linesOf(file, from, to) {
  const lines = readFileSync(new URL(file, import.meta.url), "utf8").split("\n");
  const a = lines.findIndex((l) => l.includes(from));
  const b = lines.findIndex((l, i) => i > a && l.includes(to));
  if (a < 0 || b < 0) throw new Error(`stryker.config.mjs: ${from} ... ${to} not found in ${file}`);
  return `${a + 1}-${b}`;
}

const scopes = {
  core: {
    mutate: ["packages/core/src/**/*.ts", "!packages/core/src/cli.ts"],
    vitest: { configFile: "packages/core/vitest.config.ts", dir: "packages/core" },
  },
  // The shadow rules and argv building, with the tests that pin them. resource.ts is mutated
  // only in #prepare, where the shadow policy is applied to a call (the rest of the file is
  // orchestration that other scopes' tests cover).
  shadow: {
    mutate: [
      "packages/resource/src/shadow/**/*.ts",
      "packages/resource/src/verbs/**/*.ts",
      "packages/resource/src/argv.ts",
      `packages/resource/src/resource.ts:${linesOf("packages/resource/src/resource.ts", "async #prepare(", "static {")}`,
    ],
    tests: [
      "test/argv.test.ts",
      "test/shadow.test.ts",
      "test/shadow-*.test.ts",
      "test/preview.test.ts",
      "test/options.test.ts",
      "test/verbs.test.ts",
      "test/governance.test.ts",
      "test/report-verbs.test.ts",
      "test/branch-verbs.test.ts",
      "test/compare.test.ts",
      "test/safety/injection.test.ts",
    ],
    vitest: { configFile: "packages/resource/vitest.mutate.config.ts", dir: "packages/resource" },
  },
  // Process control (spawn, group kill, timeout, abort, orphan watchdog), with the tests that spawn rocky-sim.
  process: {
    mutate: ["packages/resource/src/process/**/*.ts", "packages/resource/src/abort.ts"],
    tests: [
      "test/process.test.ts",
      "test/process-units.test.ts",
      "test/process-control.test.ts",
      "test/orphan.test.ts",
      "test/safety/faults.test.ts",
      "test/logging.test.ts",
    ],
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
  // Not copied into the sandbox: the Python venv (symlinked dirs Stryker cannot copy), build and run leftovers.
  ignorePatterns: [
    "reports",
    ".stryker-tmp*",
    "bench/.work",
    "**/*.tgz",
    "interop/.venv",
    "**/.rocky",
    "docs/api",
  ],
  thresholds: { high: 90, low: 75, break: null },
};
