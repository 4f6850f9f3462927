// The published surface: what `import "@dagster-rocky/resource"` gives, as a user resolves it.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

describe("internals are out of the public .d.ts", () => {
  it("the test seam and the process registry are stripped", async () => {
    const resource = await readFile(join(pkgDir, "dist/resource.d.ts"), "utf8");
    expect(resource).not.toContain("prepareInvocation");
    const groups = await readFile(join(pkgDir, "dist/process/groups.d.ts"), "utf8");
    expect(groups).not.toContain("liveProcessGroups");
  });
});
