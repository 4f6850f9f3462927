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

// The resource tests that pin the shadow rules and the argv (in-process or against rocky-sim).
const SHADOW_TESTS = [
  "test/argv.test.ts",
  "test/shadow/shadow.test.ts",
  "test/shadow/*.test.ts",
  "test/shadow/preview.test.ts",
  "test/options.test.ts",
  "test/verbs/table.test.ts",
  "test/verbs/governance.test.ts",
  "test/verbs/reports.test.ts",
  "test/verbs/branch.test.ts",
  "test/verbs/compare.test.ts",
  "test/safety/injection.test.ts",
  "test/rocky-config.test.ts",
  "test/safety/config-shape.property.test.ts",
];
const RESOURCE_VITEST = {
  configFile: "packages/resource/vitest.mutate.config.ts",
  dir: "packages/resource",
  // Related-file lookup finds nothing in Stryker's sandbox; coverage picks each mutant's tests.
  related: false,
};

const scopes = {
  core: {
    mutate: ["packages/core/src/**/*.ts", "!packages/core/src/cli.ts"],
    vitest: { configFile: "packages/core/vitest.config.ts", dir: "packages/core" },
  },
  // The shadow rules, and rocky-config.ts (the config as the quality guard reads it).
  // resource.ts is mutated only in #prepare, where the shadow policy is applied to a call
  // (the rest of the file is orchestration that other scopes' tests cover).
  shadow: {
    mutate: [
      "packages/resource/src/shadow/**/*.ts",
      "packages/resource/src/rocky-config.ts",
      `packages/resource/src/resource.ts:${linesOf("packages/resource/src/resource.ts", "async #prepare(", "static {")}`,
    ],
    tests: SHADOW_TESTS,
    vitest: RESOURCE_VITEST,
  },
  // Argv building: the global flags, the shared option rules and flag writers, and the verbs
  // whose argv carries shadow flags, plan ids or identifiers. The other verbs' builders map
  // options to flags one to one with the same helpers (pinned by verbs/reports.test.ts); add
  // "packages/resource/src/verbs/**/*.ts" here for a full run (~2,000 mutants, hours on 2 cores).
  argv: {
    mutate: [
      "packages/resource/src/argv.ts",
      "packages/resource/src/verbs/{shared,flags,values,names,branch-name}.ts",
      "packages/resource/src/verbs/{run,plan,apply,compare,resume-run,run-model,branch-compare}.ts",
    ],
    tests: SHADOW_TESTS,
    vitest: RESOURCE_VITEST,
  },
  // Process control (spawn, group kill, timeout, abort, output and stderr handling), with the
  // in-process tests that spawn rocky-sim. The orphan-watchdog and fault tests run fixtures in
  // child processes that import dist/, which Stryker does not mutate: they cannot kill a mutant
  // here and would only add minutes per mutant, so they are not in the list (nor is
  // orphan-watchdog.ts, which only those tests exercise).
  process: {
    mutate: [
      "packages/resource/src/process/**/*.ts",
      "!packages/resource/src/process/orphan-watchdog.ts",
      "packages/resource/src/abort.ts",
    ],
    tests: [
      "test/process/process.test.ts",
      "test/process/run.test.ts",
      "test/process/units.test.ts",
      "test/process/control.test.ts",
      "test/logging.test.ts",
    ],
    vitest: RESOURCE_VITEST,
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
  // A static mutant (module-level code: the verbs' zod schemas, constant tables) runs every
  // test of its scope; in the resource scopes that is ~800 mutants x ~35 s, beyond a 2-core
  // machine. They are reported as Ignored and left out of the score (docs/mutation.md).
  ignoreStatic: scope !== "core",
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  // A mutant that makes a call hang is a kill by timeout; the process scope's tests spawn and
  // wait on rocky-sim, so a short extra keeps each hang to seconds instead of 20+.
  timeoutMS: scope === "process" ? 4_000 : 20_000,
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
