/**
 * The import-cycle check of `pnpm run lint` (dependency-cruiser): no module of the repo may
 * import itself back through any chain of imports, type-only imports included (a type cycle
 * still ties two modules' jobs together). Everything under the workspace's source folders is
 * cruised, tests and scripts included; built output and dependencies are not.
 */
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A module reaches itself through its imports: move what both need to a module of its own.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|docs/api|coverage|reports|\\.stryker-tmp[^/]*)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.test.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "default", "node"],
      extensions: [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".d.ts"],
    },
  },
};
