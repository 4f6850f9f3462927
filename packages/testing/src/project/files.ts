/**
 * The files rocky-sim reads a project from: the disk, or (with `assumeConfig`) the fake project
 * laid over the cwd, where a file on disk wins and a fake folder shows only when the disk has
 * none of that name. Paths are relative to the cwd or absolute, as rocky resolves them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, normalize, relative } from "node:path";

export interface ProjectFs {
  /** Whether a file or folder exists at `path`. */
  exists(path: string): boolean;
  isDir(path: string): boolean;
  /** The file's text; throws like `readFileSync` when it is missing. */
  read(path: string): string;
  /** Every file under the folder `dir`, recursively, as paths joined onto `dir`, sorted. */
  walk(dir: string): string[];
}

function diskWalk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let dirent: ReturnType<typeof statSync> | undefined;
      try {
        dirent = statSync(p);
      } catch {
        continue;
      }
      if (dirent.isDirectory()) visit(p);
      else out.push(p);
    }
  };
  visit(dir);
  return out;
}

const isDiskDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export const diskFs: ProjectFs = {
  exists: (p) => existsSync(p),
  isDir: isDiskDir,
  read: (p) => readFileSync(p, "utf8"),
  walk: diskWalk,
};

/** The key of `path` in a map of files relative to the cwd, or null outside the cwd. */
function keyOf(path: string): string | null {
  const rel = normalize(isAbsolute(path) ? relative(process.cwd(), path) : path);
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel === "." ? "" : rel.replace(/\\/g, "/");
}

/** `files` (relative to the cwd) laid under the disk. */
export function overlayFs(files: Readonly<Record<string, string>>): ProjectFs {
  const keys = Object.keys(files);
  /** The fake folder `dir` shows only when the disk has nothing at that path. */
  const fakeDir = (dir: string): boolean => {
    const k = keyOf(dir);
    if (k === null || existsSync(dir)) return false;
    return keys.some((f) => k === "" || f.startsWith(`${k}/`));
  };
  /** A fake file shows when the disk has neither it nor its top folder (`.rocky-sim` aside). */
  const fakeFile = (p: string): string | undefined => {
    const k = keyOf(p);
    if (k === null || existsSync(p)) return undefined;
    const top = k.split("/")[0] as string;
    if (k.includes("/") && top !== ".rocky-sim" && existsSync(top)) return undefined;
    return files[k];
  };
  return {
    exists: (p) => existsSync(p) || fakeFile(p) !== undefined || fakeDir(p),
    isDir: (p) => isDiskDir(p) || fakeDir(p),
    read: (p) => {
      const fake = fakeFile(p);
      return fake ?? readFileSync(p, "utf8");
    },
    walk: (dir) => {
      if (existsSync(dir)) return diskWalk(dir);
      const k = keyOf(dir);
      if (k === null) return [];
      return keys
        .filter((f) => k === "" || f.startsWith(`${k}/`))
        .map((f) => join(dir, k === "" ? f : f.slice(k.length + 1)))
        .sort();
    },
  };
}
