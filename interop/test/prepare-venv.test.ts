// interop/scripts/prepare-venv.mjs: idempotent, a clear message when PyPI is unreachable, and
// mandatory under CI. The failure cases run a copy of the script in a temp dir (its paths are
// relative to itself) against an index that refuses connections.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INTEROP_DIR, VENV_AVAILABLE } from "./helpers/venv.js";

const SCRIPT = join(INTEROP_DIR, "scripts", "prepare-venv.mjs");
/** Without a usable Python the script stops earlier, with its own message (also checked). */
const HAS_PYTHON = ["python3", "python"].some(
  (p) =>
    spawnSync(p, ["-c", "import sys, venv; sys.exit(sys.version_info < (3, 10))"]).status === 0,
);
const UNREACHABLE = HAS_PYTHON ? /PyPI is unreachable/ : /no Python >= 3\.10 found/;

function runCopy(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "interop-prepare-"));
  try {
    mkdirSync(join(dir, "scripts"));
    copyFileSync(SCRIPT, join(dir, "scripts", "prepare-venv.mjs"));
    copyFileSync(join(INTEROP_DIR, "requirements.txt"), join(dir, "requirements.txt"));
    const r = spawnSync(process.execPath, [join(dir, "scripts", "prepare-venv.mjs")], {
      encoding: "utf8",
      timeout: 120_000,
      env: {
        ...process.env,
        // Port 9 (discard) on loopback: the connection is refused at once.
        PIP_INDEX_URL: "http://127.0.0.1:9/simple",
        PIP_NO_CACHE_DIR: "1",
        PIP_RETRIES: "0",
        ...env,
      },
    });
    return { status: r.status, stderr: r.stderr, venvLeft: existsSync(join(dir, ".venv")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("prepare-venv: PyPI unreachable", () => {
  it("outside CI: says PyPI is unreachable, leaves no half-built venv, and exits 0 (tests then skip)", () => {
    const r = runCopy({ CI: "" });
    expect(r.stderr).toMatch(UNREACHABLE);
    expect(r.stderr).toMatch(/will be reported as skipped/);
    expect(r.status).toBe(0);
    expect(r.venvLeft).toBe(false);
  });

  it("with CI=true: the same message, and it fails the run", () => {
    const r = runCopy({ CI: "true" });
    expect(r.stderr).toMatch(/ERROR: /);
    expect(r.stderr).toMatch(UNREACHABLE);
    expect(r.stderr).toMatch(/mandatory/);
    expect(r.status).toBe(1);
  });
});

describe("prepare-venv: idempotent", () => {
  it.runIf(VENV_AVAILABLE)("does nothing when requirements.txt and Python are unchanged", () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/up to date .*nothing to do/);
  });
});
