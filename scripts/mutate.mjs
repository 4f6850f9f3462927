#!/usr/bin/env node
// `pnpm mutate [core] [shadow] [argv] [process]`: Stryker over each named scope in turn
// (default: all three, core first). Scopes are defined in stryker.config.mjs.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const scopes = process.argv.slice(2);
const SCOPES = ["core", "shadow", "argv", "process"];
const run = scopes.length > 0 ? scopes : SCOPES;
for (const scope of run) {
  if (!SCOPES.includes(scope)) {
    console.error(`mutate: unknown scope "${scope}" (use ${SCOPES.join(", ")})`);
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
