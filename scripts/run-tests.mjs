#!/usr/bin/env node
// Runs every vitest project and fails when any project that should have run ran no test:
// Vitest 4 exits 0 when a project is silently dropped, so the count per project is checked here.
//
// The real-engine project (engine-tests, vitest.workspace.ts `engineProject`) runs whenever
// ROCKY_BIN is set, and is mandatory under CI: there a missing or unrunnable engine fails the
// run. Outside CI without ROCKY_BIN it is left out, and this says so. `--engine` runs that
// project alone (`pnpm test:engine`), which needs ROCKY_BIN everywhere.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const reportPath = join(root, ".vitest-report.json");
rmSync(reportPath, { force: true });

const args = process.argv.slice(2);
const engineOnly = args.includes("--engine");
const vitestArgs = args.filter((a) => a !== "--engine");
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").trim().toLowerCase());

const workspaceText = readFileSync(join(root, "vitest.workspace.ts"), "utf8");
// Every quoted entry of the exported array (one per line).
const listed = [...workspaceText.matchAll(/^\s*"([^"]+)",?\s*$/gm)].map((m) => m[1]);
const engineProject = /export const engineProject = "([^"]+)"/.exec(workspaceText)?.[1];
if (listed.length === 0 || engineProject === undefined) {
  console.error("run-tests: vitest.workspace.ts lists no project (or no engineProject)");
  process.exit(1);
}

let ok = true;
const env = { ...process.env };
const given = (process.env.ROCKY_BIN ?? "").trim();
let runEngine = given !== "" || inCi || engineOnly;
if (given !== "") {
  // One absolute path for every worker, read against the directory the command was typed in.
  const bin =
    given.includes("/") && !isAbsolute(given)
      ? resolve(process.env.INIT_CWD ?? root, given)
      : given;
  env.ROCKY_BIN = bin;
  const probe = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 60_000 });
  if (probe.status === 0 && /^rocky \d+\.\d+\.\d+/.test(probe.stdout ?? "")) {
    console.log(`run-tests: engine suite against ${bin} (${probe.stdout.trim()})`);
  } else {
    const why = probe.error?.message ?? (existsSync(bin) ? `exit ${probe.status}` : "not found");
    console.error(
      `run-tests: ROCKY_BIN=${bin} does not run as rocky (${why}); the engine suite fails`,
    );
    ok = false;
  }
} else if (inCi || engineOnly) {
  console.error(
    `run-tests: ${engineOnly ? "pnpm test:engine" : "CI"} needs the real engine: set ROCKY_BIN=/path/to/rocky (.ci/run sets ../shared/rocky-engine/rocky; see docs/real-engine.md)`,
  );
  ok = false;
  if (engineOnly) process.exit(1);
} else {
  console.log(
    "run-tests: ROCKY_BIN is not set, so the real-engine suite (engine-tests) is not run; set ROCKY_BIN=/path/to/rocky to include it (docs/real-engine.md)",
  );
  runEngine = false;
}

const expected = engineOnly ? [engineProject] : [...listed, ...(runEngine ? [engineProject] : [])];
const vitest = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportPath}`,
    ...(engineOnly ? ["--project", "engine"] : []),
    ...vitestArgs,
  ],
  { cwd: root, stdio: "inherit", env },
);

let report;
try {
  report = JSON.parse(readFileSync(reportPath, "utf8"));
} catch {
  console.error("run-tests: vitest wrote no JSON report");
  process.exit(vitest.status || 1);
}

const counts = new Map(expected.map((p) => [p, { passed: 0, failed: 0, skipped: 0 }]));
for (const file of report.testResults ?? []) {
  // Longest prefix wins: a nested project (packages/resource/test/contract) owns its files.
  const project = expected
    .filter((p) => file.name.startsWith(join(root, p) + sep))
    .sort((a, b) => b.length - a.length)[0];
  const c = project && counts.get(project);
  if (!c) continue;
  for (const a of file.assertionResults ?? []) {
    if (a.status === "passed") c.passed++;
    else if (a.status === "failed") c.failed++;
    else c.skipped++;
  }
}

if (vitest.status !== 0) ok = false;
console.log("\nTests per project:");
for (const [project, c] of counts) {
  console.log(
    `  ${project.padEnd(32)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
  );
  if (c.passed + c.failed === 0) {
    // Only the interop project may be all skipped, and only outside CI: its Python virtualenv
    // could not be prepared here (interop/scripts/prepare-venv.mjs said why). Under CI it fails.
    if (project === "interop" && c.skipped > 0 && !inCi) {
      console.warn("run-tests: project interop skipped (no interop virtualenv; see above)");
      continue;
    }
    console.error(`run-tests: project ${project} ran no test`);
    ok = false;
  }
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
if (passed + failed === 0) ok = false;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
