import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "resource",
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
