/** Why a Pipes call was refused. */
export type DagsterPipesErrorCode =
  /** DAGSTER_PIPES_* variables or the params they hold are malformed. */
  | "INVALID_BOOTSTRAP"
  /** The context payload (file or inline data) could not be read or is malformed. */
  | "INVALID_CONTEXT"
  /** A method argument has the wrong type or value. */
  | "INVALID_PARAM"
  /** A metadata entry cannot be encoded. */
  | "INVALID_METADATA"
  /** No asset key was passed and the step does not target exactly one asset. */
  | "ASSET_KEY_REQUIRED"
  /** The same asset was reported as materialized twice in one session. */
  | "ALREADY_MATERIALIZED"
  /** A context property is not defined for this step (e.g. `partitionKey` on an unpartitioned step). */
  | "UNDEFINED_PROPERTY"
  /** `getExtra` was called for a key the orchestration side did not provide. */
  | "UNDEFINED_EXTRA"
  /** A message was written after the session was closed. */
  | "CLOSED"
  /** Writing to the messages channel failed. */
  | "WRITE_FAILED";

/** Error raised by this package; `code` says why (mirrors the Python library's DagsterPipesError). */
export class DagsterPipesError extends Error {
  override readonly name = "DagsterPipesError";
  readonly code: DagsterPipesErrorCode;

  constructor(code: DagsterPipesErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Code used for the warning emitted once when the process was not launched by Dagster. */
export const DAGSTER_PIPES_NOT_LAUNCHED_WARNING = "DAGSTER_PIPES_NOT_LAUNCHED";

/** Raised (as the `closed` exception) when the process exits non-zero without closing. */
export class PipesProcessExitError extends Error {
  override readonly name = "PipesProcessExitError";
  /** Always `PROCESS_EXITED`: the process exited before the session was closed. */
  readonly code = "PROCESS_EXITED";
  /** The process's exit code. */
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`The process exited with code ${exitCode} before the Dagster Pipes session was closed.`);
    this.exitCode = exitCode;
  }
}
