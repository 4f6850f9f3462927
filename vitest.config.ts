import { defineConfig } from "vitest/config";
import { engineProject, engineRequested, projects } from "./vitest.workspace.js";

export default defineConfig({
  test: {
    projects: [...projects, ...(engineRequested(process.env) ? [engineProject] : [])],
  },
});
