import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "resource",
    include: ["test/**/*.test.ts"],
    exclude: ["test/contract/**", "**/node_modules/**"],
    environment: "node",
    // One fast-check seed per process (test-support/fast-check.ts); a temp cwd with rocky.toml
    // per test file (test/setup-project.ts).
    setupFiles: ["../../test-support/fast-check.ts", "test/setup-project.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
