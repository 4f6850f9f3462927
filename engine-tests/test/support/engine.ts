// The rocky engine under test, named by ROCKY_BIN. Every engine test file imports this first:
// without an engine that runs, the file fails with one clear message (never a skip).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

/** Why the engine suite cannot run; the message says what to set. */
export class EngineUnavailableError extends Error {
  override readonly name = "EngineUnavailableError";
}

const HOW =
  "set ROCKY_BIN to a rocky executable, e.g. ROCKY_BIN=../shared/rocky-engine/rocky pnpm test:engine (see docs/real-engine.md)";

/**
 * ROCKY_BIN as an absolute path (a bare name is looked up on PATH by the spawner).
 * A relative path is read against the directory the command was typed in: pnpm runs
 * scripts from the workspace root but keeps the caller's directory in INIT_CWD.
 */
export function resolveRockyBin(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.ROCKY_BIN?.trim() ?? "";
  if (raw === "") throw new EngineUnavailableError(`ROCKY_BIN is not set: ${HOW}`);
  if (!raw.includes("/")) return raw;
  return isAbsolute(raw) ? raw : resolve(env.INIT_CWD ?? process.cwd(), raw);
}

/** The engine's version as `rocky --version` prints it (`X.Y.Z`), or a clear error. */
export function probeEngine(bin: string): string {
  if (bin.includes("/") && !existsSync(bin)) {
    throw new EngineUnavailableError(`ROCKY_BIN=${bin} does not exist: ${HOW}`);
  }
  const r = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 60_000 });
  const out = (r.stdout ?? "").trim();
  const m = /^rocky (\d+\.\d+\.\d+)\b/.exec(out);
  if (r.error !== undefined || r.status !== 0 || m === null) {
    const why = r.error?.message ?? `exit ${r.status}, stdout ${JSON.stringify(out.slice(0, 80))}`;
    throw new EngineUnavailableError(`ROCKY_BIN=${bin} does not run as rocky (${why}): ${HOW}`);
  }
  return m[1] as string;
}

/** The engine binary, absolute, checked to run. */
export const ROCKY_BIN: string = resolveRockyBin();
/** Its version. */
export const ENGINE_VERSION: string = probeEngine(ROCKY_BIN);
