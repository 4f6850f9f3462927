import { defineProject } from "vitest/config";

// The SDK against the real rocky engine named by ROCKY_BIN (docs/real-engine.md). Listed in
// vitest.config.ts whenever ROCKY_BIN is set or CI is on; `pnpm test:engine` runs it alone.
// Without a runnable engine every file fails with one message (test/support/engine.ts), never a skip.
// Files run one at a time: each drives rocky processes against its own DuckDB files.
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
