#!/usr/bin/env node
// `pnpm mutate [core] [resource]`: Stryker over each named scope in turn
// (default: core, then resource). Scopes are defined in stryker.config.mjs.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const scopes = process.argv.slice(2);
const run = scopes.length > 0 ? scopes : ["core", "resource"];
for (const scope of run) {
  if (!["core", "resource"].includes(scope)) {
    console.error(`mutate: unknown scope "${scope}" (use core and/or resource)`);
    process.exit(2);
  }
}
for (const scope of run) {
  console.log(`mutate: scope ${scope}`);
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules/@stryker-mutator/core/bin/stryker.js"), "run", "stryker.config.mjs"],
    { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE_SCOPE: scope } },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
