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

/** A flag whose name says it carries a secret (`--api-token`, `--DB_PASSWORD`, `--client-secret`, `--aws-credentials`...). */
const SECRET_NAME = /token|secret|passw(?:or)?d|key|credential|auth/i;

const MASK = "***";

/** The flag's name (without dashes and value), or null for a token that is not a flag. */
function flagName(token: string): string | null {
  const match = /^--?([^=-][^=]*)/.exec(token);
  return match?.[1] ?? null;
}

function isSecretFlag(token: string, declared: readonly string[]): boolean {
  const name = flagName(token);
  if (name === null) return false;
  return SECRET_NAME.test(name) || declared.includes(`--${name}`);
}

/**
 * A copy of argv safe to log. A secret flag keeps its name and loses its
 * value: `--x=***`, or `--x` then `***` for the next token (whatever it looks
 * like) and for every positional after it up to the next flag. A flag is
 * secret by its name (token, secret, password, key, credential, auth) or
 * when `declared` lists it: the verb's `secretFlags`, read from the
 * `secret(...)` marks on its options (a governance override names
 * workspaces; an adapter config carries credentials). @internal
 */
export function maskArgv(argv: readonly string[], declared: readonly string[]): string[] {
  const out: string[] = [];
  let masking: "value" | "positionals" | null = null;
  for (const token of argv) {
    if (masking === "value" || (masking === "positionals" && !token.startsWith("-"))) {
      out.push(MASK);
      masking = "positionals";
      continue;
    }
    masking = null;
    if (!isSecretFlag(token, declared)) {
      out.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    if (eq >= 0) {
      out.push(`${token.slice(0, eq)}=${MASK}`);
      masking = "positionals";
    } else {
      out.push(token);
      masking = "value";
    }
  }
  return out;
}

/**
 * `buildArgs` overrides must return argv-safe strings starting with every
 * word of the verb's command (`["branch", "promote"]`). @internal
 */
export function checkBuiltArgs(
  command: readonly string[],
  args: unknown,
  method: string,
): asserts args is string[] {
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string" || a.includes("\u0000"))) {
    throw new RockyConfigError(
      [{ path: "buildArgs", message: "must return an array of strings without NUL characters" }],
      { command: method },
    );
  }
  if (command.length === 0 || command.some((w, i) => args[i] !== w)) {
    throw new RockyConfigError(
      [{ path: "buildArgs", message: `must start with the verb "${command.join(" ")}"` }],
      { command: method },
    );
  }
}
