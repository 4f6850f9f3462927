#!/usr/bin/env node
// Packs every publishable package (packages/*, not private) the way `pnpm
// publish` would and checks the tarball: publint --strict, arethetypeswrong
// (ESM-only profile), the metadata users rely on, the files every package
// ships, and executable bins. Fails on any problem. Run after the build.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const problems = [];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim(), error: r.error };
}

function checkManifest(dir, pkg) {
  const fail = (what) => problems.push(`${pkg.name}: ${what}`);
  if (pkg.license !== "Apache-2.0")
    fail(`license must be "Apache-2.0" (got ${JSON.stringify(pkg.license)})`);
  if (!pkg.repository?.url || pkg.repository?.directory !== `packages/${dir}`)
    fail(`repository must have a url and directory "packages/${dir}"`);
  if (!Array.isArray(pkg.files) || pkg.files.length === 0)
    fail("files must list what is published");
  if (!pkg.engines?.node) fail("engines.node is missing");
  if (pkg.sideEffects === undefined) fail("sideEffects is missing");
  if (pkg.type !== "module") fail('type must be "module"');
  const dot = pkg.exports?.["."];
  if (typeof dot !== "object" || dot === null || Object.keys(dot)[0] !== "types")
    fail('exports["."] must be an object whose first condition is "types"');
}

function checkTarball(pkg, tarball) {
  const fail = (what) => problems.push(`${pkg.name}: ${what}`);
  const listing = run("tar", ["tvzf", tarball], root);
  if (!listing.ok) return fail(`cannot list the tarball: ${listing.out}`);
  const lines = listing.out.split("\n");
  const entry = (path) => lines.find((l) => l.endsWith(` package/${path}`));
  for (const file of ["LICENSE", "README.md", "CHANGELOG.md", "package.json"]) {
    if (!entry(file)) fail(`${file} is not in the tarball`);
  }
  if (lines.some((l) => l.endsWith(".tsbuildinfo"))) fail("the tarball ships a .tsbuildinfo");
  const bins = typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const [name, path] of Object.entries(bins)) {
    const line = entry(path.replace(/^\.\//, ""));
    if (!line) fail(`bin ${name} (${path}) is not in the tarball`);
    else if (!/^-..x/.test(line)) fail(`bin ${name} (${path}) is not executable in the tarball`);
  }
  for (const target of exportTargets(pkg.exports)) {
    if (!entry(target.replace(/^\.\//, ""))) fail(`exports target ${target} is not in the tarball`);
  }
}

function exportTargets(exports) {
  if (typeof exports === "string") return [exports];
  if (typeof exports !== "object" || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

const tmp = mkdtempSync(join(tmpdir(), "check-packages-"));
try {
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    } catch {
      continue;
    }
    if (pkg.private) continue;
    const dest = join(tmp, dir);
    const pack = run("pnpm", ["pack", "--pack-destination", dest], join(root, "packages", dir));
    const tarball = pack.ok ? readdirSync(dest).find((f) => f.endsWith(".tgz")) : undefined;
    if (!tarball) {
      problems.push(`${pkg.name}: pnpm pack failed: ${pack.error ?? pack.out}`);
      continue;
    }
    const path = join(dest, tarball);
    checkManifest(dir, pkg);
    checkTarball(pkg, path);
    const publint = run(bin("publint"), [path, "--strict"], root);
    if (!publint.ok) problems.push(`${pkg.name}: publint --strict failed:\n${publint.out}`);
    const attw = run(bin("attw"), [path, "--profile", "esm-only", "--format", "ascii"], root);
    if (!attw.ok) problems.push(`${pkg.name}: attw failed:\n${attw.out}`);
    console.log(
      `check-packages: ${pkg.name}@${pkg.version} ${publint.ok && attw.ok ? "ok" : "FAILED"} (${tarball})`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\ncheck-packages: ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("check-packages: every publishable package passed publint --strict and attw");
