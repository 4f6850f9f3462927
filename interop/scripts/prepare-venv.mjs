#!/usr/bin/env node
// Prepares interop/.venv (git-ignored) from interop/requirements.txt for the interop tests, which
// run the real Dagster and the Python anchors (dagster-rocky, rocky-sdk). Run by `pnpm test`.
//
// Idempotent: the venv records the sha256 of requirements.txt and the Python version it was built
// with; when both match nothing is done (no network). When PyPI (or Python) is unavailable:
// - with CI=true this is an error (exit 1): the interop tests are mandatory in CI;
// - otherwise a clear message is printed, the venv is left absent, and the interop tests say they
//   were skipped (scripts/run-tests.mjs accepts that project running no test only then).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const interopDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const venvDir = join(interopDir, ".venv");
const requirements = join(interopDir, "requirements.txt");
const stampFile = join(venvDir, ".requirements-sha256");
const venvPython = join(venvDir, "bin", "python");
const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").trim().toLowerCase());

const say = (msg) => process.stderr.write(`[interop venv] ${msg}\n`);

function unavailable(reason) {
  if (IN_CI) {
    say(`ERROR: ${reason}`);
    say(
      "CI is set: the real-Dagster and Python-anchor tests are mandatory, so this fails the run.",
    );
    process.exit(1);
  }
  say(`${reason}`);
  say(
    "The interop tests (vitest project `interop`) will be reported as skipped. Fix the cause and rerun `pnpm test`.",
  );
  process.exit(0);
}

function findPython() {
  for (const candidate of [process.env.INTEROP_PYTHON, "python3", "python"]) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], {
      encoding: "utf8",
    });
    if (r.status === 0) {
      const version = r.stdout.trim();
      const [maj, min] = version.split(".").map(Number);
      if (maj === 3 && min >= 10) return { python: candidate, version };
    }
  }
  return null;
}

const found = findPython();
if (found === null) {
  unavailable(
    "no Python >= 3.10 found (tried $INTEROP_PYTHON, python3, python); dagster 1.13 needs one.",
  );
}
const hash = createHash("sha256")
  .update(readFileSync(requirements))
  .update(`\npython ${found.version}\n`)
  .digest("hex");

if (
  existsSync(stampFile) &&
  existsSync(venvPython) &&
  readFileSync(stampFile, "utf8").trim() === hash
) {
  say(`up to date (${venvDir}, Python ${found.version}); nothing to do.`);
  process.exit(0);
}

say(`creating ${venvDir} with ${found.python} (Python ${found.version})`);
rmSync(venvDir, { recursive: true, force: true });
const mk = spawnSync(found.python, ["-m", "venv", venvDir], { stdio: "inherit" });
if (mk.status !== 0) {
  rmSync(venvDir, { recursive: true, force: true });
  unavailable(
    `\`${found.python} -m venv\` failed (exit ${mk.status}); on Debian/Ubuntu install python3-venv.`,
  );
}

say("installing interop/requirements.txt from PyPI (a minute or two the first time)");
const pip = spawnSync(
  venvPython,
  [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-input",
    "--quiet",
    "--retries",
    "2",
    "--timeout",
    "30",
    "-r",
    requirements,
  ],
  { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" },
);
if (pip.status !== 0) {
  const stderr = pip.stderr ?? "";
  process.stderr.write(stderr.split("\n").slice(-15).join("\n"));
  rmSync(venvDir, { recursive: true, force: true });
  const offline =
    /NewConnectionError|ConnectTimeout|Temporary failure in name resolution|Network is unreachable|No matching distribution|Could not fetch URL|ProxyError/.test(
      stderr,
    );
  unavailable(
    offline
      ? "PyPI is unreachable (pip could not download the pinned packages). Set PIP_INDEX_URL for a mirror, or check the network."
      : `pip install -r interop/requirements.txt failed (exit ${pip.status}); see the lines above.`,
  );
}
writeFileSync(stampFile, `${hash}\n`);
say("ready.");
