import { defineProject } from "vitest/config";

// The real Dagster orchestrator and the Python anchors (dagster-rocky, rocky-sdk), run from
// interop/.venv. Each file starts one Python process for all its cases, in beforeAll.
export default defineProject({
  test: {
    name: "interop",
    include: ["test/**/*.test.ts"],
    environment: "node",
    hookTimeout: 300_000,
    testTimeout: 60_000,
  },
});
