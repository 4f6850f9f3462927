import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-dagster-pipes",
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
