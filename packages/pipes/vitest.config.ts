import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "pipes",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // One fast-check seed per process: fixed under CI, random locally (test-support/fast-check.ts).
    setupFiles: ["../../test-support/fast-check.ts"],
  },
});
