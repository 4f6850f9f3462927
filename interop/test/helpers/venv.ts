// Locates interop/.venv (prepared by interop/scripts/prepare-venv.mjs, which `pnpm test` runs) and
// runs the Python side of the interop tests in it.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
export const INTEROP_DIR = resolve(here, "../..");
export const REPO_ROOT = resolve(INTEROP_DIR, "..");
export const PYTHON_DIR = join(INTEROP_DIR, "python");
export const VENV_PYTHON = join(INTEROP_DIR, ".venv", "bin", "python");
const STAMP = join(INTEROP_DIR, ".venv", ".requirements-sha256");

/** The venv is complete: prepare-venv writes the stamp only after a successful install. */
export const VENV_AVAILABLE = existsSync(VENV_PYTHON) && existsSync(STAMP);

/** `CI` set to anything but an empty string, "0" or "false". */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").trim().toLowerCase());

/**
 * `describe` for tests that need the venv. Without it the suite says so and skips, except under
 * CI, where its absence is a failure (the interop tests are mandatory there).
 */
export function describeInterop(name: string, body: () => void): void {
  if (VENV_AVAILABLE) {
    describe(name, body);
    return;
  }
  const why = `the interop virtualenv is absent (${VENV_PYTHON}; run node interop/scripts/prepare-venv.mjs, which pnpm test runs)`;
  describe(`${name} [interop venv absent]`, () => {
    if (IN_CI) {
      it(`fails under CI: ${why}`, () => {
        throw new Error(`CI is set but ${why}. The interop tests must run in CI.`);
      });
    } else {
      console.warn(`[interop] ${name}: skipped because ${why}.`);
      it.skip(`skipped: ${why}`, () => {});
    }
  });
}

export interface PythonResult {
  stdout: string;
  stderr: string;
}

/** Runs `interop/python/<script>` with the venv's Python; rejects with its stderr tail on failure. */
export function runPython(
  script: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<PythonResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      VENV_PYTHON,
      [join(PYTHON_DIR, script), ...args],
      {
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", ...options.env },
        maxBuffer: 512 * 1024 * 1024,
        timeout: options.timeoutMs ?? 240_000,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error) {
          const tail = stderr.split("\n").slice(-40).join("\n");
          reject(new Error(`${script} failed (${error.message.split("\n")[0]}):\n${tail}`));
        } else resolvePromise({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
