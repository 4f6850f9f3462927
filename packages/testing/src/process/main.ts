/**
 * One simulated `rocky` process, start to exit: scenario, argv, signals, the verb, the scenario's
 * faults and output mode. Each concern lives in its own module of this folder.
 */
import { type Ctx, type OutputFormat, RuntimeFailure, type VerbResult } from "../context.js";
import { helpText } from "../grammar/help.js";
import { HelpRequired, type ParsedArgs, parseArgs, UsageError } from "../grammar/parser.js";
import { verbSpec } from "../grammar/table.js";
import { memoryDirFor } from "../project/memory.js";
import { projectFsFor } from "../project/resolve.js";
import type { CommandBehavior, SimScenario } from "../types.js";
import { dispatch } from "../verbs/registry.js";
import { progressAndFaults, selfKill } from "./faults.js";
import { writeOutput } from "./output.js";
import { Recorder } from "./recorder.js";
import { behaviorFor, loadScenario } from "./scenario.js";
import { installSignalHandlers } from "./signals.js";
import { flush, sleep, writeTo } from "./streams.js";

export interface SimMainOptions {
  /** JSON scenario file; absent or unreadable-because-missing means the default scenario. */
  scenarioPath?: string | undefined;
  /** Invocation log (JSON lines); nothing is recorded when absent. */
  logPath?: string | undefined;
  /** Defaults to process.argv.slice(2). */
  argv?: readonly string[] | undefined;
  /** The simulator's folder for the memory of virtual (`assumeConfig`) projects. */
  memoryDir?: string | undefined;
}

const DEFAULT_VERSION = "1.71.0";
const IDENTIFIER = /^[A-Za-z0-9_]+$/;

function guessVerb(argv: readonly string[]): string | null {
  for (const a of argv) if (verbSpec(a) !== undefined) return a;
  return null;
}

function parse(argv: readonly string[], version: string): ParsedArgs | UsageError {
  try {
    return parseArgs(argv, version);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return err;
  }
}

/** main.rs `resolve_state_namespace` and rocky-core state.rs `resolve_state_path_ns`. */
function statePathOf(parsed: ParsedArgs): string {
  const ns = parsed.globals.get("state-namespace");
  const explicit = parsed.globals.get("state-path");
  // An explicit --state-path disables namespacing (and its validation).
  if (ns !== undefined && explicit === undefined && !IDENTIFIER.test(ns)) {
    const why =
      ns === ""
        ? "SQL identifier cannot be empty"
        : `invalid SQL identifier '${ns}': must match [a-zA-Z0-9_]+`;
    throw new RuntimeFailure(
      `invalid --state-namespace '${ns}': ${why}. A state namespace becomes a file path segment, so it must be a SQL identifier (^[a-zA-Z0-9_]+$).`,
    );
  }
  return (
    explicit ?? (ns !== undefined ? `models/.rocky-state/${ns}.redb` : "models/.rocky-state.redb")
  );
}

/** The verb's result, or the `--version` text. Throws RuntimeFailure (exit 1). */
async function execute(
  parsed: ParsedArgs,
  scenario: SimScenario,
  behavior: CommandBehavior,
  format: OutputFormat,
  memoryDir: string | undefined,
  onCtx: (ctx: Ctx) => void,
): Promise<VerbResult> {
  const version = scenario.version ?? DEFAULT_VERSION;
  if (parsed.version) {
    return { text: scenario.versionOutput ?? `rocky ${version}\n`, exitCode: 0, progress: [] };
  }
  // main.rs: `-c/--config`, default "rocky.toml", relative to the cwd.
  const configPath = parsed.globals.get("config") ?? "rocky.toml";
  const ctx: Ctx = {
    parsed,
    behavior,
    scenario,
    version,
    format,
    env: process.env,
    configPath,
    statePath: statePathOf(parsed),
    fs: projectFsFor(scenario, configPath),
    memoryDir: memoryDirFor(scenario, memoryDir),
  };
  onCtx(ctx);
  return dispatch(ctx);
}

/** Run one simulated `rocky` invocation. Always ends the process. */
export async function main(options: SimMainOptions = {}): Promise<void> {
  const argv = [...(options.argv ?? process.argv.slice(2))];
  const rec = new Recorder(options.logPath);
  let exiting = false;
  const finish = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    rec.write({ t: "exit", code });
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit(code);
  };
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});

  let scenario: SimScenario;
  try {
    scenario = loadScenario(options.scenarioPath);
  } catch (err) {
    rec.start(argv, guessVerb(argv));
    await writeTo(process.stderr, `rocky-sim: cannot load scenario: ${(err as Error).message}\n`);
    return finish(70);
  }

  const parsed = parse(argv, scenario.version ?? DEFAULT_VERSION);
  const usage = parsed instanceof UsageError ? parsed : null;
  const verb = usage !== null ? guessVerb(argv) : (parsed as ParsedArgs).verb;
  rec.start(argv, verb);
  const isVersion =
    usage === null && (parsed as ParsedArgs).version && !(parsed as ParsedArgs).help;
  const behavior = behaviorFor(
    scenario,
    verb,
    usage === null ? (parsed as ParsedArgs).subcommand : null,
    isVersion,
  );

  let ctx: Ctx | undefined;
  installSignalHandlers(rec, behavior, () => ctx, finish);
  if (behavior.startDelayMs !== undefined && behavior.startDelayMs > 0) {
    await sleep(behavior.startDelayMs);
  }

  if (usage !== null) {
    // clap `arg_required_else_help`: the command's help, on stderr, exit 2.
    const text =
      usage instanceof HelpRequired
        ? helpText(usage.verb, scenario.version ?? DEFAULT_VERSION)
        : usage.render();
    await writeTo(process.stderr, text);
    return finish(2);
  }
  const args = parsed as ParsedArgs;
  if (args.help) {
    await writeTo(process.stdout, helpText(args.verb, scenario.version ?? DEFAULT_VERSION));
    return finish(0);
  }
  const format: OutputFormat =
    (args.globals.get("output") as OutputFormat | undefined) ??
    (process.stdout.isTTY ? "table" : "json");

  let result: VerbResult;
  try {
    result = await execute(args, scenario, behavior, format, options.memoryDir, (c) => {
      ctx = c;
    });
  } catch (err) {
    if (!(err instanceof RuntimeFailure)) throw err;
    await writeTo(process.stderr, err.render());
    return finish(1);
  }

  await selfKill(behavior);
  if (await progressAndFaults(behavior, result.progress, format, rec, finish)) return;
  await writeOutput(
    result,
    behavior.output ?? "normal",
    format,
    verb,
    scenario.version ?? DEFAULT_VERSION,
  );
  return finish(behavior.exitCode ?? result.exitCode);
}
