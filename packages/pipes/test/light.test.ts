// Installing @dagster-rocky/pipes alone brings none of the resource's dependencies.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const HEAVY = ["@dagster-rocky/resource", "execa", "pino", "yaml", "zod"];

describe("pipes is light: the resource is an optional peer, used for types only", () => {
  it("has no runtime dependency; the resource is an optional peer", async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(["@dagster-rocky/resource"]);
    expect(pkg.peerDependenciesMeta?.["@dagster-rocky/resource"]?.optional).toBe(true);
  });

  it("no built file imports the resource or its dependencies, not even for types", async () => {
    const files = (await readdir(join(pkgDir, "dist"))).filter((f) => /\.(js|d\.ts)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(join(pkgDir, "dist", file), "utf8");
      for (const name of HEAVY) {
        expect(text, `${file} mentions ${name}`).not.toMatch(
          new RegExp(`from ["']${name.replace("/", "\\/")}["']|import\\(["']${name}`),
        );
      }
    }
  });
});
