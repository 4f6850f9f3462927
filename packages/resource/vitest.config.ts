import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "resource",
    include: ["test/**/*.test.ts"],
    exclude: ["test/contract/**", "**/node_modules/**"],
    environment: "node",
    // One fast-check seed per process: fixed under CI, random locally (test-support/fast-check.ts).
    setupFiles: ["../../test-support/fast-check.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
