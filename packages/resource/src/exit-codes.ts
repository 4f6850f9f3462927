/**
 * Exit-code interpretation, in one place. 0 parses the output. A non-zero
 * exit the verb declares as a result (run 2 = some tables failed, test 1 =
 * failing tests, doctor 3 = a critical finding...) whose stdout holds a JSON
 * report is a result, or a RockyPartialFailureError when the call set
 * `allowPartial: false`. Anything else is a RockyCommandError.
 */
import { RockyCommandError, RockyOutputParseError, RockyPartialFailureError } from "./errors.js";
import { parseOutput } from "./output.js";
import type { ProcessOutcome } from "./process/run.js";
import type { LoadedVerbOutput } from "./verbs/types.js";

/** What the interpretation of one outcome needs. @internal */
export interface ExitRules<T> {
  /** The verb, for messages. */
  readonly command: string;
  /** Non-zero exits that carry a JSON report and are results. */
  readonly resultExitCodes: readonly number[];
  /** The call's `allowPartial` (undefined: the verb has no such option, results are returned). */
  readonly allowPartial: boolean | undefined;
  /** The verb's output, its schema loaded (see `loadOutput`). */
  readonly output: LoadedVerbOutput<T>;
}

/** Said in a command error when the call did not wait for rocky's pipes (see DRAIN_MS). */
const PIPES_HELD_OPEN =
  "its stdout/stderr stayed open after it exited, held by a process outside its process group; the output read by then was used";

/** The command error for an outcome that is not a result. @internal */
export function commandError(command: string, outcome: ProcessOutcome): RockyCommandError {
  return new RockyCommandError({
    command,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    durationMs: outcome.durationMs,
    stderrTail: outcome.stderrTail,
    report: outcome.report ?? null,
    ...(outcome.pipesHeldOpen === true ? { note: PIPES_HELD_OPEN } : {}),
  });
}

/** True when a non-zero exit is one of the verb's declared results and stdout looks like JSON. @internal */
export function isResultExit(outcome: ProcessOutcome, resultExitCodes: readonly number[]): boolean {
  return (
    outcome.signal === null &&
    outcome.exitCode !== null &&
    resultExitCodes.includes(outcome.exitCode) &&
    outcome.stdout.trimStart().startsWith("{")
  );
}

/**
 * The typed result of one outcome, or the error it means (a promise only for
 * `json` outputs whose `finish` is asynchronous). @internal
 */
export function interpretExit<T>(
  outcome: ProcessOutcome,
  rules: ExitRules<T> & { readonly output: { readonly kind: "schema" | "text" } },
): T;
/** As above; a `json` output's `finish` may be asynchronous. @internal */
export function interpretExit<T>(outcome: ProcessOutcome, rules: ExitRules<T>): T | Promise<T>;
export function interpretExit<T>(
  processOutcome: ProcessOutcome,
  rules: ExitRules<T>,
): T | Promise<T> {
  const { command, output } = rules;
  const outcome =
    output.kind === "schema" && output.select !== undefined
      ? { ...processOutcome, stdout: output.select(processOutcome.stdout) }
      : processOutcome;
  if (outcome.exitCode === 0 && outcome.signal === null) {
    if (output.kind === "text") return output.parse(outcome.stdout);
    if (output.kind === "schema") return parseOutput(command, outcome, output.schema);
    return output.finish(parseOutput(command, outcome), outcome);
  }
  if (!isResultExit(outcome, rules.resultExitCodes)) {
    throw commandError(command, outcome);
  }
  let result: unknown;
  if (output.kind === "text") {
    // A text output declaring result exits (runCli) keeps the JSON-looking report as it is.
    result = output.parse(outcome.stdout);
    if (rules.allowPartial === false) throw partialFailure(command, outcome, result);
    return result as T;
  }
  try {
    result =
      output.kind === "schema"
        ? parseOutput(command, outcome, output.schema)
        : parseOutput(command, outcome);
  } catch (error) {
    // A declared result exit whose report does not parse is a failed command.
    if (error instanceof RockyOutputParseError) throw commandError(command, outcome);
    throw error;
  }
  if (rules.allowPartial === false) throw partialFailure(command, outcome, result);
  return output.kind === "schema" ? (result as T) : output.finish(result, outcome);
}

function partialFailure(
  command: string,
  outcome: ProcessOutcome,
  result: unknown,
): RockyPartialFailureError {
  return new RockyPartialFailureError({
    command,
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    stderrTail: outcome.stderrTail,
    report: outcome.report ?? null,
    result,
  });
}
