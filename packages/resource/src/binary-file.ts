/**
 * The file a spawn of `binaryPath` would run, and its identity, resolved as
 * Node's spawn (libuv's execvp) resolves it: a path with a slash against the
 * child's cwd; a bare name on the child environment's PATH (`/usr/bin:/bin`
 * when it has none; an empty entry is the cwd), the first executable regular
 * file. The version gate re-probes when this identity changes.
 */
import { accessSync, type BigIntStats, constants, statSync } from "node:fs";
import { resolve } from "node:path";
import type { BinaryProblem } from "./errors.js";

/** Where a spawn would run: its cwd (undefined: ours) and its environment. @internal */
export interface SpawnPlace {
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** libuv's fallback when the child environment has no PATH (glibc's _PATH_DEFPATH). */
const DEFAULT_PATH = "/usr/bin:/bin";

type Found = { readonly file: string; readonly stats: BigIntStats };

/** The file at `file` when it is an executable regular file (no exception for a missing one: PATH lookups miss a lot). */
function executable(file: string): Found | null {
  try {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile()) return null;
    accessSync(file, constants.X_OK);
    return { file, stats };
  } catch {
    return null;
  }
}

function locate(binaryPath: string, where: SpawnPlace): Found | null {
  const base = resolve(where.cwd ?? process.cwd());
  if (binaryPath.includes("/")) {
    const file = resolve(base, binaryPath);
    try {
      const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
      return stats === undefined ? null : { file, stats };
    } catch {
      return null;
    }
  }
  if (binaryPath === "") return null;
  for (const dir of (where.env.PATH ?? DEFAULT_PATH).split(":")) {
    const found = executable(resolve(base, dir, binaryPath));
    if (found !== null) return found;
  }
  return null;
}

/** The absolute path the spawn would execute, or null when nothing is found. @internal */
export function locateBinary(binaryPath: string, where: SpawnPlace): string | null {
  return locate(binaryPath, where)?.file ?? null;
}

/**
 * The identity of the file the spawn would run: path, device, inode, size,
 * and modification and change times (nanoseconds). A binary replaced in place
 * (same inode, new content) or by a rename changes it. null when not found.
 * @internal
 */
export function binaryIdentity(binaryPath: string, where: SpawnPlace): string | null {
  const found = locate(binaryPath, where);
  if (found === null) return null;
  const s = found.stats;
  return [found.file, s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join("\u0000");
}

/**
 * What is wrong with `binaryPath` after the OS refused to start it: the file a spawn would run
 * (a path with a slash against the cwd; for a bare name, the first PATH entry holding something of
 * that name) is a directory, or a file without the execute permission; else the OS's reason
 * stands. `path` is that file, when one was found. @internal
 */
export function diagnoseBinary(
  binaryPath: string,
  where: SpawnPlace,
  osCode: string | null,
): { problem: BinaryProblem; path: string | null } {
  const base = resolve(where.cwd ?? process.cwd());
  const candidates = binaryPath.includes("/")
    ? [resolve(base, binaryPath)]
    : binaryPath === ""
      ? []
      : (where.env.PATH ?? DEFAULT_PATH).split(":").map((dir) => resolve(base, dir, binaryPath));
  for (const file of candidates) {
    let stats: ReturnType<typeof statSync> | undefined;
    try {
      stats = statSync(file, { throwIfNoEntry: false });
    } catch {
      continue; // a PATH entry we cannot look into
    }
    if (stats === undefined) continue;
    if (stats.isDirectory()) return { problem: "is_directory", path: file };
    try {
      accessSync(file, constants.X_OK);
    } catch {
      return { problem: "not_executable", path: file };
    }
    return { problem: osCode === "ENOENT" ? "not_found" : "cannot_execute", path: file };
  }
  return {
    problem: osCode === null || osCode === "ENOENT" ? "not_found" : "cannot_execute",
    path: null,
  };
}
