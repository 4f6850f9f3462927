import { defineProject } from "vitest/config";

// The "contract" project: packages/resource/test/contract, listed in vitest.workspace.ts.
export default defineProject({
  test: {
    name: "contract",
    include: ["**/*.test.ts"],
    exclude: ["fixtures/**", "**/node_modules/**"],
    environment: "node",
  },
});
