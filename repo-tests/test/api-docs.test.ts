// The API reference's landing page (TypeDoc's index, `pnpm run docs:api`, built with warnings as
// errors, so every {@link} on it resolves): it is docs/api-index.md, and it names every
// publishable package and every entry point a user can import.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./snippets.js";

interface Manifest {
  name: string;
  private?: boolean;
  exports: Record<string, unknown>;
}
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
const PACKAGES = readdirSync(join(ROOT, "packages"))
  .sort()
  .map((d) => `packages/${d}`)
  .filter((d) => existsSync(join(ROOT, d, "package.json")) && !manifestOf(d).private);

const typedoc = JSON.parse(readFileSync(join(ROOT, "typedoc.json"), "utf8")) as {
  readme: string;
  entryPoints: string[];
  treatWarningsAsErrors: boolean;
};

describe("the API reference has a landing page", () => {
  it("typedoc.json uses docs/api-index.md as its index, and fails on any warning", () => {
    expect(typedoc.readme).toBe("docs/api-index.md");
    expect(typedoc.treatWarningsAsErrors).toBe(true);
    expect(typedoc.entryPoints.sort()).toEqual([...PACKAGES].sort());
  });

  const page = readFileSync(join(ROOT, "docs/api-index.md"), "utf8");
  it.each(
    PACKAGES.flatMap((dir) => {
      const { name, exports } = manifestOf(dir);
      return Object.keys(exports)
        .filter((sub) => sub !== "./package.json")
        .map((sub) => (sub === "." ? name : `${name}${sub.slice(1)}`));
    }),
  )("names the entry point %s, with where to start", (specifier) => {
    const row = page.split("\n").find((l) => l.startsWith(`| \`${specifier}\` |`));
    expect(row, `a table row for ${specifier}`).toBeDefined();
    expect(row).toMatch(/\{@link "@dagster-rocky\/[\w-]+"!\S+ \w+/);
  });

  it("says where to start", () => {
    expect(page).toMatch(/^## Where to start$/m);
    expect(page.match(/\{@link /g)?.length).toBeGreaterThan(15);
  });
});
