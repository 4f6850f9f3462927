/**
 * The global flags (before the verb) and argv masking for logs. Each verb's
 * own flags live in its module under ./verbs/.
 */
import { RockyConfigError } from "./errors.js";

/** Global flags, which rocky only accepts before the verb. @internal */
export function globalArgs(o: {
  configPath: string;
  statePath?: string | undefined;
  stateNamespace?: string | undefined;
}): string[] {
  const args = [`--config=${o.configPath}`];
  if (o.statePath !== undefined) args.push(`--state-path=${o.statePath}`);
  else if (o.stateNamespace !== undefined) args.push(`--state-namespace=${o.stateNamespace}`);
  args.push("--output", "json");
  return args;
}

/** Flags whose values are secret-like and never logged. */
const MASKED_FLAGS = ["--governance-override", "--idempotency-key", "--adapter-config"];

/** A copy of argv safe to log: masked values for secret-like flags, in both `--f=v` and `--f v` forms. @internal */
export function maskArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let maskNext = false;
  for (const token of argv) {
    if (maskNext) {
      out.push("***");
      maskNext = false;
      continue;
    }
    const flag = MASKED_FLAGS.find((f) => token === f || token.startsWith(`${f}=`));
    if (flag === undefined) out.push(token);
    else if (token === flag) {
      out.push(token);
      maskNext = true;
    } else out.push(`${flag}=***`);
  }
  return out;
}

/** `buildArgs` overrides must return argv-safe strings starting with the verb. @internal */
export function checkBuiltArgs(
  verb: string,
  args: unknown,
  method: string = verb,
): asserts args is string[] {
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string" || a.includes("\u0000"))) {
    throw new RockyConfigError(
      [{ path: "buildArgs", message: "must return an array of strings without NUL characters" }],
      { command: method },
    );
  }
  // A sub-verb ("hooks list") is several argv words.
  const words = verb.split(" ");
  if (words.some((w, i) => args[i] !== w)) {
    throw new RockyConfigError(
      [{ path: "buildArgs", message: `must start with the verb "${verb}"` }],
      { command: method },
    );
  }
}
