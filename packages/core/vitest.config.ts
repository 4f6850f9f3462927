import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // One fast-check seed per process: fixed under CI, random locally (test-support/fast-check.ts).
    setupFiles: ["../../test-support/fast-check.ts"],
    // Property tests run thousands of cases; under mutation instrumentation they are slower.
    testTimeout: 30_000,
  },
});
