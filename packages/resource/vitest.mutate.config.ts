// Used only by `pnpm mutate` (stryker.config.mjs): the resource tests that exercise one
// mutation scope, named by MUTATE_TESTS (comma-separated globs under test/). Running the
// whole suite for every mutant would not finish on a 2-core machine.
import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const include = (process.env.MUTATE_TESTS ?? "test/**/*.test.ts").split(",");

export default defineProject({
  test: {
    name: "resource-mutate",
    include,
    exclude: ["test/contract/**", "**/node_modules/**"],
    environment: "node",
    // Absolute: Stryker runs vitest with the sandbox's root as its root.
    setupFiles: [
      fileURLToPath(new URL("../../test-support/fast-check.ts", import.meta.url)),
      fileURLToPath(new URL("./test/setup-mutate.ts", import.meta.url)),
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
