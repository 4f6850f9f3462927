// A rocky stand-in for the verbs the simulator does not know (the newer engines' verbs, runCli):
// a POSIX shell script that answers `--version` with $STANDIN_VERSION, records every other call's
// argv (NUL-separated, one file per call under $STANDIN_DIR) and prints $STANDIN_OUT's file,
// exiting $STANDIN_EXIT.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { RockyResource, type RockyResourceOptions } from "../src/index.js";

const SCRIPT = `#!/bin/sh
if [ "$1" = "--version" ] || [ "$1" = "-V" ]; then echo "rocky \${STANDIN_VERSION:-1.77.0}"; exit 0; fi
n=$(ls "$STANDIN_DIR/calls" | wc -l)
printf '%s\\0' "$@" > "$STANDIN_DIR/calls/$n"
if [ -n "$STANDIN_OUT" ]; then cat "$STANDIN_OUT"; fi
exit \${STANDIN_EXIT:-0}
`;

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export interface StandIn {
  /** The working directory (holds rocky.toml) and the binary. */
  readonly dir: string;
  readonly binaryPath: string;
  /** The argv of each call after `--version`, in order. */
  calls(): string[][];
  /** A resource on the stand-in printing `output` (a JSON value or text), exiting `exit`. */
  resource(options?: {
    output?: unknown;
    exit?: number;
    version?: string;
    resource?: RockyResourceOptions;
  }): RockyResource;
}

/** A fresh stand-in in a temp dir (removed after the test). */
export function standIn(): StandIn {
  const dir = mkdtempSync(join(tmpdir(), "rocky-standin-"));
  made.push(dir);
  const binaryPath = join(dir, "rocky");
  writeFileSync(binaryPath, SCRIPT);
  chmodSync(binaryPath, 0o755);
  writeFileSync(join(dir, "rocky.toml"), "");
  const calls = join(dir, "calls");
  mkdirSync(calls);
  let outputs = 0;
  return {
    dir,
    binaryPath,
    calls: () =>
      existsSync(calls)
        ? readdirSync(calls)
            .sort((a, b) => Number(a) - Number(b))
            .map((f) => readFileSync(join(calls, f), "utf8").split("\0").slice(0, -1))
        : [],
    resource: (o = {}) => {
      const env: Record<string, string> = { STANDIN_DIR: dir, PATH: process.env.PATH ?? "" };
      if (o.output !== undefined) {
        const file = join(dir, `out-${outputs++}`);
        writeFileSync(file, typeof o.output === "string" ? o.output : JSON.stringify(o.output));
        env.STANDIN_OUT = file;
      }
      if (o.exit !== undefined) env.STANDIN_EXIT = String(o.exit);
      if (o.version !== undefined) env.STANDIN_VERSION = o.version;
      return new RockyResource({ binaryPath, cwd: dir, env, ...o.resource });
    },
  };
}
