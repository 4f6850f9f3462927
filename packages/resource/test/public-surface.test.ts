// The published surface: what `import "@dagster-rocky/resource"` gives, as a user resolves it.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the root export is small: the class, options, results, errors and helpers", () => {
  it("has at most 60 runtime names, and no output schema", async () => {
    const root = await import("@dagster-rocky/resource");
    const names = Object.keys(root);
    expect(names.length).toBeLessThanOrEqual(60);
    expect(names.filter((n) => n.endsWith("Schema") && n !== "RockyResourceConfigSchema")).toEqual(
      [],
    );
    expect(names).toContain("RockyResource");
    expect(names).toContain("isRockyError");
  });
});

describe("output schemas are at the subpath @dagster-rocky/resource/schemas", () => {
  it("resolves through the exports map and holds every command's schema", async () => {
    const schemas = await import("@dagster-rocky/resource/schemas");
    expect(Object.keys(schemas.OUTPUT_SCHEMAS).sort()).toEqual([
      "compare",
      "compile",
      "discover",
      "doctor",
      "plan",
      "run",
      "state",
      "test",
    ]);
    expect(typeof schemas.RunOutputSchema.safeParse).toBe("function");
  });

  it("is declared with types first", async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
    expect(Object.keys(pkg.exports["./schemas"])).toEqual(["types", "default"]);
  });
});

describe("internals are out of the public types: no entry point's declarations export them", () => {
  // Internal modules keep their declarations (stripping them left re-exports dangling under
  // skipLibCheck: false); the exports map and the entry points are what a user reaches.
  function exportedTypeNames(entry: string): string[] {
    const program = ts.createProgram([join(pkgDir, entry)], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
    });
    const file = program.getSourceFile(join(pkgDir, entry));
    const checker = program.getTypeChecker();
    const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    if (symbol === undefined) throw new Error(`${entry} is not a module`);
    return checker.getExportsOfModule(symbol).map((s) => s.name);
  }

  it.each(["dist/index.d.ts", "dist/schemas/index.d.ts"])(
    "%s exports neither the test seam nor the process registry nor the shadow internals",
    (entry) => {
      const names = exportedTypeNames(entry);
      expect(names.length).toBeGreaterThan(20);
      for (const internal of [
        "prepareInvocation",
        "liveProcessGroups",
        "decideShadow",
        "enforceShadowPolicy",
        "resolveSuffix",
        "runProcess",
        "recordShadowSuffix",
      ])
        expect(names, entry).not.toContain(internal);
    },
  );

  it("the exports map reaches only the entry points", async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
    expect(Object.keys(pkg.exports).sort()).toEqual([
      ".",
      "./options.schema.json",
      "./package.json",
      "./schemas",
    ]);
  });
});
