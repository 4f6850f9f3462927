import { defineProject } from "vitest/config";

// Opt in: `ROCKY_BIN=/path/to/rocky pnpm test:engine`. Not in vitest.workspace.ts, so `pnpm test`
// never runs it; without ROCKY_BIN the suite fails with a message rather than skipping.
export default defineProject({
  test: {
    name: "engine",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
