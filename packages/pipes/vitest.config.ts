import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "pipes",
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
