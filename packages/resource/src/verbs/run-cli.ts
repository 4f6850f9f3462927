/**
 * `runCli(args)`: rocky-sdk's `run_cli`, a generic runner for verbs no method
 * wraps. rocky gets the resource's global flags, then `args` as given; the
 * result is stdout, parsed when it is JSON.
 *
 * It stays inside the guards. The verb an argv drives is read from the verb
 * table (its command words, positionals and mode flags), and an argv is
 * "known read-only" only when every table verb it can be is of shadow policy
 * `none`. Where shadowing is required (or a suffix would be in force for a
 * run), anything else is refused before a spawn: `runCli(["run", ...])` in a
 * branch deployment is refused, not run unshadowed. Everywhere, args may not
 * start with global flags (`--config`, `--state-path`... come from the
 * resource), and a shadowed write (`--shadow...` on a verb not known
 * read-only) is refused: it would skip the state isolation, config guard and
 * key namespacing `run({ shadowSuffix })` applies.
 */
import { z } from "zod";
import { type ConfigIssue, RockyConfigError, RockyShadowError } from "../errors.js";
import { flag } from "../value-rules.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, type VerbSpec } from "./types.js";

/** Options of `runCli()` (the arguments are its first parameter). */
export interface RunCliOptions extends CallOptions {
  /**
   * A non-zero exit whose stdout is JSON resolves to that output instead of
   * throwing `RockyPartialFailureError` (rocky-sdk's `allow_partial`). Default false.
   */
  allowPartial?: boolean | undefined;
}

/**
 * What `runCli()` resolves to: rocky's stdout, and, when it is a JSON
 * document, that document parsed (`format: "json"`); otherwise `format: "text"`.
 */
export type RunCliResult =
  | { readonly format: "json"; readonly json: unknown; readonly stdout: string }
  | { readonly format: "text"; readonly stdout: string };

/** @internal */
export const RunCliOptionsSchema = optionsSchema<RunCliOptions & { args: readonly string[] }>()(
  z.strictObject({
    ...callShape,
    // Checked by checkRunCliArgs first (never quoting a value: args may hold secrets).
    args: z.array(z.string()).readonly(),
    allowPartial: flag("allowPartial").default(false),
  }),
);

/** Informational invocations with no verb: they read nothing. */
const NO_VERB = new Set(["--version", "-V", "--help", "-h"]);

/** Flags of rocky's shadow mode: a write carrying them is a shadowed write. */
const SHADOW_FLAG = /^--shadow(?:-suffix|-schema)?(?:=|$)/;

/** Every non-zero exit whose stdout is JSON is a (partial) result, as in rocky-sdk. */
const EVERY_FAILURE_EXIT = Object.freeze(Array.from({ length: 255 }, (_, i) => i + 1));

const EXAMPLE = 'e.g. ["doctor"] or ["state", "show"]';

/**
 * Throws a RockyConfigError naming each bad element: args must be a
 * non-empty array of strings without NUL, starting with the verb. No message
 * quotes an element. @internal
 */
export function checkRunCliArgs(args: unknown): void {
  const issues: ConfigIssue[] = [];
  if (!Array.isArray(args)) {
    issues.push({ path: "args", message: `args must be an array of strings, ${EXAMPLE}` });
  } else if (args.length === 0) {
    issues.push({ path: "args", message: `args must name a verb, ${EXAMPLE}` });
  } else {
    args.forEach((a: unknown, i) => {
      if (typeof a !== "string") {
        issues.push({ path: `args[${i}]`, message: `args[${i}] must be a string` });
      } else if (a.includes("\u0000")) {
        issues.push({ path: `args[${i}]`, message: `args[${i}] must not contain a NUL character` });
      }
    });
    const first = args[0];
    if (issues.length === 0 && typeof first === "string" && first.startsWith("-")) {
      if (!(args.length === 1 && NO_VERB.has(first))) {
        issues.push({
          path: "args[0]",
          message:
            "args start at the verb: rocky's global flags come from the resource (configPath, statePath, stateNamespace; --output json is always sent), and --cache-ttl / --principal may follow the verb. Only a lone --version or --help has no verb",
        });
      }
    }
  }
  if (issues.length > 0) throw new RockyConfigError(issues, { command: "runCli" });
}

/** Which table verbs an argv drives, and whether it is known to write nothing. @internal */
export interface RunCliTarget {
  /** The table verbs whose command (and mode flags) the argv selects; empty when none does. */
  readonly verbs: readonly VerbSpec[];
  /** Every one of them is of shadow policy `none` (or the argv is a lone --version / --help). */
  readonly readOnly: boolean;
}

/**
 * The table verbs `args` drives: those whose command words are the longest
 * prefix of the argv's leading words (the tokens before the first flag), with
 * no more words after them than the verb has positionals, and whose mode flags
 * the argv carries. A command that is the parent of another table command
 * (`state`, parent of `state schedule spool`) takes no word anywhere after
 * its own: a word after a switch could be a subcommand rocky would run. @internal
 */
export function runCliTarget(args: readonly string[], table: readonly VerbSpec[]): RunCliTarget {
  if (args.length === 1 && NO_VERB.has(args[0] as string)) return { verbs: [], readOnly: true };
  const firstFlag = args.findIndex((a) => a.startsWith("-"));
  const words = firstFlag < 0 ? args : args.slice(0, firstFlag);
  const startsWith = (command: readonly string[]) =>
    command.length <= words.length && command.every((w, i) => words[i] === w);
  const matching = table.filter((spec) => startsWith(spec.command));
  const depth = Math.max(0, ...matching.map((spec) => spec.command.length));
  // Flags only: after a bare `--` every token is a positional, whatever it looks like.
  const end = args.indexOf("--");
  const tokens = new Set((end < 0 ? args : args.slice(0, end)).map((a) => a.split("=", 1)[0]));
  const verbs = matching.filter(
    (spec) =>
      spec.command.length === depth &&
      words.length - depth <= spec.positionals.length &&
      spec.modeFlags.every((f) => tokens.has(f)),
  );
  if (verbs.length === 0) return { verbs, readOnly: false };
  const command = (verbs[0] as VerbSpec).command;
  const parent = table.some(
    (spec) => spec.command.length > depth && command.every((w, i) => spec.command[i] === w),
  );
  if (parent && args.slice(depth).some((a) => !a.startsWith("-"))) {
    return { verbs: [], readOnly: false };
  }
  return { verbs, readOnly: verbs.every((spec) => spec.shadow === "none") };
}

/**
 * Refuses a shadowed write: `--shadow`, `--shadow-suffix` or `--shadow-schema`
 * on an argv not known read-only. @internal
 */
export function assertNoShadowedWrite(args: readonly string[], target: RunCliTarget): void {
  if (target.readOnly || !args.some((a) => SHADOW_FLAG.test(a))) return;
  throw new RockyShadowError(
    "state_not_isolated",
    "refusing runCli: a shadowed write through runCli would skip the SDK's state isolation, quality-pipeline guard and idempotency-key namespacing; call run(), plan() or runModel() with shadowSuffix instead. Nothing was spawned",
    { command: "runCli" },
  );
}

/** The refusal of an argv not known read-only where shadowing is required. @internal */
export function refusedWhereShadowed(target: RunCliTarget, why: string): RockyShadowError {
  const what =
    target.verbs.length === 0
      ? "a verb the SDK does not know to be read-only"
      : `rocky ${(target.verbs[0] as VerbSpec).command.join(" ")}, which writes (use its method, which applies the shadow guards)`;
  return new RockyShadowError(
    "refused_when_shadowed",
    `refusing runCli: ${what}, ${why}; nothing was spawned`,
    { command: "runCli" },
  );
}

/** stdout as the result: parsed when it is a JSON object or array. */
function parseStdout(stdout: string): RunCliResult {
  const head = stdout.trimStart()[0];
  if (head === "{" || head === "[") {
    try {
      return { format: "json", json: JSON.parse(stdout), stdout };
    } catch {
      // Text that starts like JSON is text.
    }
  }
  return { format: "text", stdout };
}

/** The lowest floor among the verbs (undefined when one has none, or none match). */
function lowestFloor(verbs: readonly VerbSpec[]): string | undefined {
  if (verbs.length === 0 || verbs.some((v) => v.minVersion === undefined)) return undefined;
  const parts = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  return verbs
    .map((v) => v.minVersion as string)
    .sort((a, b) => {
      const [x, y] = [parts(a), parts(b)];
      for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
      return 0;
    })[0];
}

/**
 * The spec of one `runCli` call: its first word as command, the args as
 * given, every table verb's secret flags masked in logs, the floor of the
 * table verb it drives, and every JSON-printing failure exit a result. @internal
 */
export function runCliSpec(
  args: readonly string[],
  target: RunCliTarget,
  table: readonly VerbSpec[],
): VerbSpec<typeof RunCliOptionsSchema, RunCliResult> {
  const spec = defineVerb({
    name: "runCli",
    command: [args[0] as string],
    options: RunCliOptionsSchema,
    args: (o) => [...o.args],
    output: { kind: "text", parse: parseStdout },
    shadow: "none",
    resultExitCodes: EVERY_FAILURE_EXIT,
  });
  const floor = lowestFloor(target.verbs);
  const secretFlags = Object.freeze([...new Set(table.flatMap((v) => v.secretFlags))]);
  return Object.freeze({
    ...spec,
    secretFlags,
    ...(floor === undefined ? {} : { minVersion: floor }),
  });
}
