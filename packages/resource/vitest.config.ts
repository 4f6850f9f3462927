import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "resource",
    include: ["test/**/*.test.ts"],
    exclude: ["test/contract/**", "**/node_modules/**"],
    environment: "node",
    // A temp cwd with rocky.toml per test file: see test/setup-project.ts.
    setupFiles: ["test/setup-project.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
