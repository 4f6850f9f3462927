#!/usr/bin/env node
// Installs the pnpm pinned in package.json ("packageManager") with npm, only
// when `pnpm --version` does not already print that version. The Quickstart's
// first command and .ci/run both start with it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pinned ?? "");
if (!match) {
  console.error(
    `ensure-pnpm: package.json "packageManager" must be pnpm@<x.y.z>; got ${JSON.stringify(pinned)}`,
  );
  process.exit(1);
}
const version = match[1];
// On Windows pnpm and npm are .cmd shims, which only a shell can start.
const shell = process.platform === "win32";
const current = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell });
if (current.status === 0 && current.stdout.trim() === version) {
  console.log(`ensure-pnpm: pnpm ${version} is already installed`);
  process.exit(0);
}
const found = current.status === 0 ? `pnpm ${current.stdout.trim()}` : "no pnpm";
console.log(`ensure-pnpm: found ${found}; installing pnpm@${version} with npm i -g`);
const install = spawnSync("npm", ["i", "-g", `pnpm@${version}`], { stdio: "inherit", shell });
process.exit(install.status ?? 1);
