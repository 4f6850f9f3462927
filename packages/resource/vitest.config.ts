import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "resource",
    include: ["test/**/*.test.ts"],
    exclude: ["test/contract/**", "**/node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
