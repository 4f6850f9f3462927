import { statSync } from "node:fs";
import { RockyConfigError } from "../errors.js";

/** Throws RockyConfigError (nothing spawned) unless `cwd` is an existing directory. @internal */
export function checkCwd(cwd: string, command: string): void {
  let ok = false;
  try {
    ok = statSync(cwd).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new RockyConfigError(
      [{ path: "cwd", message: `${JSON.stringify(cwd)} is not an existing directory` }],
      { command },
    );
  }
}
