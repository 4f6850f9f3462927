// The `dagster-rocky` command, as a pure function of its arguments and environment.
// Not part of the library's public API (src/index.ts does not import it).
import { parseArgs } from "node:util";
import type { Env } from "./env.js";
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

Options:
  --detectors <a,b,...>  Detectors to try in order, first match wins (default: dagster_plus)
                         Known: ${PREVIEW_PLATFORMS.join(", ")}
  --max-length <n>       Longest suffix (an integer >= 9); longer ones are cut and hashed
  -h, --help             Show this help
  --version              Show the version

Exit status: 0 on success (also when there is no preview), 2 on a usage error.

Example:
  s="$(dagster-rocky suffix --detectors dagster_plus,github_actions)"
  [ -n "$s" ] && rocky run --shadow --shadow-suffix "$s"
`;

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

function run(args: readonly string[], env: Env, version: string): CliResult {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return ok(HELP);
  if (values.version) return ok(`${version}\n`);

  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("missing command (info or suffix)");
  if (command !== "info" && command !== "suffix") {
    throw new UsageError(`unknown command ${JSON.stringify(command)} (expected info or suffix)`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);

  const detectors = parseDetectors(values.detectors);
  const maxLength = parseMaxLength(values["max-length"]);
  const preview = detectPreviewDeployment(env, detectors === undefined ? {} : { detectors });
  const suffix = previewShadowSuffix(preview, maxLength === undefined ? {} : { maxLength });

  if (command === "suffix") return ok(suffix === null ? "" : `${suffix}\n`);
  return ok(`${JSON.stringify({ preview, suffix }, null, 2)}\n`);
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      detectors: { type: "string" },
      "max-length": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
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
