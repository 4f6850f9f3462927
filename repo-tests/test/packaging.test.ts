// What a user installs: the packed tarballs, the bins a fresh install links, the dependencies.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./snippets.js";

interface Manifest {
  name: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

const workspaceDirs = ["packages", "examples"].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .sort()
    .map((d) => join(group, d)),
);
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
const publishable = workspaceDirs.filter((d) => d.startsWith("packages/") && !manifest(d).private);

const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });

describe("a fresh install links every bin (no 'Failed to create bin' before the first build)", () => {
  const bins = workspaceDirs.flatMap((dir) => {
    const b = manifest(dir).bin;
    const entries: [string, string][] =
      typeof b === "string" ? [[manifest(dir).name, b]] : Object.entries(b ?? {});
    return entries.map(([name, target]) => [name, join(dir, target)] as const);
  });
  it("there are bins to check", () => {
    expect(bins.map(([name]) => name).sort()).toEqual(["dagster-rocky", "rocky-sim"]);
  });
  it.each(bins)("%s -> %s is a committed, executable file, not build output", (_, path) => {
    expect(git("ls-files", "--error-unmatch", path).status, `${path} is not tracked`).toBe(0);
    expect(git("check-ignore", "-q", path).status, `${path} is ignored`).not.toBe(0);
    expect(statSync(join(ROOT, path)).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(ROOT, path), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});

describe("pino is an optional peer of the resource (types only), yaml a lazily loaded dependency", () => {
  const m = manifest("packages/resource");
  it("pino is not a dependency, but an optional peer (and a devDependency for the types)", () => {
    expect(m.dependencies?.pino).toBeUndefined();
    expect(m.peerDependencies?.pino).toMatch(/^\^10\./);
    expect(m.peerDependenciesMeta?.pino?.optional).toBe(true);
    expect(m.devDependencies?.pino).toBeDefined();
  });
  it("no source file imports pino or yaml at module load", () => {
    const dir = join(ROOT, "packages/resource/src");
    for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue;
      const text = readFileSync(join(dir, file), "utf8");
      expect(text, file).not.toMatch(/^import (?!type\b)[^;]*from "pino"/m);
      expect(text, file).not.toMatch(/^import [^;]*from "yaml"/m);
    }
  });
});

describe("published source maps carry their sources (sourcesContent), or are not shipped", () => {
  const out = mkdtempSync(join(tmpdir(), "packed-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  it.each(publishable)("%s", (dir) => {
    const dest = join(out, dir.replace("/", "-"));
    const pack = spawnSync("pnpm", ["pack", "--pack-destination", dest], {
      cwd: join(ROOT, dir),
      encoding: "utf8",
    });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(dest).find((f) => f.endsWith(".tgz")) as string;
    expect(spawnSync("tar", ["xzf", tarball], { cwd: dest }).status).toBe(0);
    const files = readdirSync(join(dest, "package"), { recursive: true, encoding: "utf8" });
    const maps = files.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      // A declaration map cannot hold sourcesContent, and src/ is not shipped: it would dangle.
      expect(map).not.toMatch(/\.d\.ts\.map$/);
      const json = JSON.parse(readFileSync(join(dest, "package", map), "utf8")) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect(json.sourcesContent, map).toHaveLength(json.sources.length);
      for (const content of json.sourcesContent ?? []) expect(typeof content, map).toBe("string");
    }
  });
});

describe("environment variables the test suites read are documented", () => {
  const STANDARD = new Set(["PATH", "HOME", "CI", "NO_COLOR"]);
  it("every one (ROCKY_CONTRACT_DIR, ...) appears in the root README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const read = new Set<string>();
    for (const dir of workspaceDirs) {
      const testDir = join(ROOT, dir, "test");
      let files: string[] = [];
      try {
        files = readdirSync(testDir, { recursive: true, encoding: "utf8" });
      } catch {
        continue;
      }
      for (const f of files.filter((x) => x.endsWith(".ts"))) {
        for (const m of readFileSync(join(testDir, f), "utf8").matchAll(
          /process\.env\.([A-Z][A-Z0-9_]*)/g,
        )) {
          const name = m[1] as string;
          if (!STANDARD.has(name) && !name.startsWith("DAGSTER_") && !name.startsWith("GITHUB_"))
            read.add(name);
        }
      }
    }
    expect([...read]).toContain("ROCKY_CONTRACT_DIR");
    for (const name of read) expect(readme, name).toContain(`\`${name}\``);
  });
});
