// Installing @dagster-rocky/pipes alone brings none of the resource's dependencies. zod is an
// optional peer used only by the `@dagster-rocky/pipes/extras` subpath.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const HEAVY = ["@dagster-rocky/resource", "execa", "pino", "yaml", "zod"];
const importsOf = (text: string, name: string) =>
  new RegExp(`from ["']${name.replace("/", "\\/")}["']|import\\(["']${name}`).test(text);

describe("pipes is light: the resource and zod are optional peers, used for types and one subpath only", () => {
  it("has no runtime dependency; the resource and zod are optional peers", async () => {
    const pkg = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(Object.keys(pkg.peerDependencies ?? {}).sort()).toEqual([
      "@dagster-rocky/resource",
      "zod",
    ]);
    for (const peer of ["@dagster-rocky/resource", "zod"]) {
      expect(pkg.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    }
  });

  it("no built file imports the resource or its dependencies, except extras.* importing zod", async () => {
    const files = (await readdir(join(pkgDir, "dist"))).filter((f) => /\.(js|d\.ts)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(join(pkgDir, "dist", file), "utf8");
      for (const name of HEAVY) {
        if (name === "zod" && /^extras\.(js|d\.ts)$/.test(file)) continue;
        expect(importsOf(text, name), `${file} imports ${name}`).toBe(false);
      }
    }
  });

  it("the root entry point never loads the extras module (and so never zod)", async () => {
    const seen = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(join(pkgDir, "dist", file), "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([\w.-]+\.js)["']/g)) {
        await visit(m[1] as string);
      }
    };
    await visit("index.js");
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen]).not.toContain("extras.js");
  });
});
