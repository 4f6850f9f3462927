// The `dagster-rocky` command, as a pure function of its arguments and environment.
// Not part of the library's public API (src/index.ts does not import it).
import { parseArgs } from "node:util";
import { branchDeploymentFlag } from "./branch-deployment.js";
import { ENV_IS_BRANCH_DEPLOYMENT, type Env } from "./env.js";
import { isRockyIdentifier } from "./identifier.js";
import { nearestName } from "./nearest.js";
import { detectPreviewDeployment, isPreviewPlatform } from "./preview/detect.js";
import { previewShadowSuffix } from "./preview/suffix.js";
import { PREVIEW_PLATFORMS, type PreviewPlatform } from "./preview/types.js";
import { checkMaxLength } from "./suffix.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Exit status for usage errors: bad flags, unknown commands or detectors, bad values. */
export const USAGE_ERROR = 2;

export const HELP = `Usage: dagster-rocky <command> [options]

Detects a preview deployment (a Dagster+ branch deployment, a pull/merge request
build, ...) from the environment and derives rocky's shadow-table suffix.

Commands:
  info      Print the detection as JSON: {"preview": {...} | null, "suffix": "..." | null}
  suffix    Print the suffix and a newline; print nothing (exit 0) when there is no preview
  help      Show this help

Options:
  --detectors <a,b,...>  Detectors to try in order, first match wins (default: dagster_plus)
                         Known: ${PREVIEW_PLATFORMS.join(", ")}
  --max-length <n>       Longest suffix (an integer >= 9); longer ones are cut and hashed
  --require              Fail closed: exit 3 when a preview may be in force but no valid
                         suffix can be formed (e.g. DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT=yes)
  -h, --help             Show this help
  --version              Show the version

Exit status: 0 on success (also when there is no preview), 2 on a usage error,
3 when --require finds a preview without a usable suffix.

Example (safe under bash -e, inside and outside a pull request):
  s="$(dagster-rocky suffix --require --detectors dagster_plus,github_actions)"
  if [ -n "$s" ]; then rocky run --filter tenant=acme --shadow --shadow-suffix "$s"; else rocky run --filter tenant=acme; fi
`;

/** Exit status of `--require` when a preview may be in force but no valid suffix can be formed. */
export const NO_SUFFIX = 3;

class UsageError extends Error {}

export function runCli(args: readonly string[], env: Env, version: string): CliResult {
  try {
    return run(args, env, version);
  } catch (error) {
    if (error instanceof UsageError) {
      return {
        code: USAGE_ERROR,
        stdout: "",
        stderr: `dagster-rocky: ${error.message}\nTry 'dagster-rocky --help'.\n`,
      };
    }
    throw error;
  }
}

const COMMANDS = ["info", "suffix", "help"] as const;

function run(args: readonly string[], env: Env, version: string): CliResult {
  const { values, positionals } = parse(args);
  if (values.help) return ok(HELP);
  if (values.version) return ok(`${version}\n`);

  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("missing command (info, suffix or help)");
  if (command === "help") return ok(HELP);
  if (command !== "info" && command !== "suffix") {
    throw new UsageError(
      `unknown command ${JSON.stringify(command)} (expected ${COMMANDS.join(", ")})${didYouMean(command, COMMANDS)}`,
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);

  const detectors = parseDetectors(values.detectors);
  const maxLength = parseMaxLength(values["max-length"]);
  const preview = detectPreviewDeployment(env, detectors === undefined ? {} : { detectors });
  const suffix = previewShadowSuffix(preview, maxLength === undefined ? {} : { maxLength });

  if (values.require) {
    const problem = requireProblem(env, detectors ?? ["dagster_plus"], preview !== null, suffix);
    if (problem !== null) {
      return { code: NO_SUFFIX, stdout: "", stderr: `dagster-rocky: --require: ${problem}\n` };
    }
  }
  if (command === "suffix") return ok(suffix === null ? "" : `${suffix}\n`);
  return ok(`${JSON.stringify({ preview, suffix }, null, 2)}\n`);
}

/**
 * Why `--require` refuses, or null. A detected preview must yield an identifier,
 * and a Dagster+ flag `branchDeploymentFlag` calls unrecognised (neither a branch,
 * "1"/"true", nor a full deployment, "0"/"false", nor empty) is ambiguous:
 * refusing beats running against production. The resource refuses on the same rule.
 * Exported for its tests: the built-in detectors always form a suffix, so the
 * first rule guards custom detectors and future ones.
 */
export function requireProblem(
  env: Env,
  detectors: readonly PreviewPlatform[],
  detected: boolean,
  suffix: string | null,
): string | null {
  if (detected) {
    return suffix !== null && isRockyIdentifier(suffix)
      ? null
      : "a preview deployment was detected but no valid shadow suffix could be formed";
  }
  if (detectors.includes("dagster_plus") && branchDeploymentFlag(env) === "unrecognised") {
    const raw = env[ENV_IS_BRANCH_DEPLOYMENT];
    return `${ENV_IS_BRANCH_DEPLOYMENT}=${JSON.stringify(raw)} is neither a branch deployment ("1" or "true") nor a full one ("0" or "false"); refusing to guess`;
  }
  return null;
}

const OPTIONS = {
  detectors: { type: "string" },
  "max-length": { type: "string" },
  require: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const VALUE_HINT: Readonly<Record<string, string>> = {
  detectors: "--detectors dagster_plus,github_actions",
  "max-length": "--max-length 63",
};

interface Parsed {
  values: {
    detectors?: string;
    "max-length"?: string;
    require?: boolean;
    help?: boolean;
    version?: boolean;
  };
  positionals: string[];
}

/**
 * Parses with node's tokenizer but reports every problem in our own words
 * (parseArgs' strict-mode messages talk about its API, not this command).
 */
function parse(args: readonly string[]): Parsed {
  const { tokens } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: OPTIONS,
  });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    const spelled = token.rawName;
    if (!Object.hasOwn(OPTIONS, token.name)) {
      const long = Object.keys(OPTIONS).map((n) => `--${n}`);
      throw new UsageError(`unknown option ${JSON.stringify(spelled)}${didYouMean(spelled, long)}`);
    }
    const spec = OPTIONS[token.name as keyof typeof OPTIONS];
    if (spec.type === "string") {
      if (token.value === undefined) {
        throw new UsageError(
          `${spelled} needs a value, e.g. ${VALUE_HINT[token.name] ?? `${spelled} <value>`}`,
        );
      }
      values[token.name] = token.value;
    } else {
      if (token.value !== undefined) {
        throw new UsageError(`${spelled} takes no value; got ${JSON.stringify(token.value)}`);
      }
      values[token.name] = true;
    }
  }
  return { values: values as Parsed["values"], positionals };
}

/** "; did you mean X?" for the closest candidate within a small edit distance, else "". */
function didYouMean(given: string, candidates: readonly string[]): string {
  const best = nearestName(given, candidates);
  return best !== null ? `; did you mean ${best}?` : "";
}

function parseDetectors(raw: string | undefined): PreviewPlatform[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(",").map((name) => name.trim());
  for (const name of names) {
    if (name === "")
      throw new UsageError(`--detectors: empty detector name in ${JSON.stringify(raw)}`);
    if (!isPreviewPlatform(name)) {
      throw new UsageError(
        `--detectors: unknown detector ${JSON.stringify(name)}; known detectors: ${PREVIEW_PLATFORMS.join(", ")}`,
      );
    }
  }
  return names as PreviewPlatform[];
}

function parseMaxLength(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]+$/.test(raw)) {
    throw new UsageError(`--max-length must be an integer >= 9; got ${JSON.stringify(raw)}`);
  }
  try {
    return checkMaxLength(Number(raw));
  } catch (error) {
    throw new UsageError(`--max-length: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function ok(stdout: string): CliResult {
  return { code: 0, stdout, stderr: "" };
}
