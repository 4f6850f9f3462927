/**
 * Public types of rocky-sim, the rocky CLI simulator.
 *
 * A scenario is plain JSON: it is written to a file by `createRockySimulator`
 * and read back by every simulated `rocky` process.
 */
import type { SubVerbKey, VerbName } from "./grammar/table.js";
import type { SimProject } from "./project/writer.js";

/** Verbs the simulator emulates, as rocky spells them (the grammar table's verbs). */
export type SimVerb = VerbName;

/**
 * Sub-verbs, as `"<verb> <sub-verb>"` (the grammar table's sub-verbs): a key of
 * `SimScenario.commands` whose behaviour is merged over the verb's.
 */
export type SimSubVerb = SubVerbKey;

/** What the simulated process writes on stdout. */
export type SimOutputMode =
  /** The well-formed, schema-conforming JSON output (default). */
  | "normal"
  /** Nothing at all on stdout. */
  | "none"
  /** The first half of the normal JSON, cut mid-document, no trailing newline. */
  | "truncated"
  /** A line of plain text that is not JSON. */
  | "not-json"
  /** The normal JSON with invalid UTF-8 bytes (0xFF 0xFE 0xFD) injected into the `version` string. */
  | "non-utf8"
  /** Well-formed JSON that violates the command's JSON Schema (wrong types, missing required fields). */
  | "invalid-schema"
  /** Exactly this text, written verbatim. */
  | { raw: string };

/** `run` failure kinds, as in rocky's `FailureKind` (run.schema.json). */
export type SimFailureKind =
  | "connection-failed"
  | "auth-failed"
  | "query-rejected"
  | "transient"
  | "quota-exceeded"
  | "not-found"
  | "compile-error"
  | "unknown";

/** Behaviour of one verb. Every field is optional; absent fields mean "behave like rocky normally does". */
export interface CommandBehavior {
  /** Force the final exit code (applied after output is written). */
  exitCode?: number;
  /** What to write on stdout. Default "normal". */
  output?: SimOutputMode;
  /**
   * run/apply: some tables fail. `true` fails the last table; an object names the failing tables.
   * Output has `status: "PartialFailure"`, `errors[]` with `failure_kind`, and the process exits 2
   * after printing the JSON (unless every table failed, which is a `failure`).
   */
  partialFailure?: boolean | { tables?: string[]; failureKind?: SimFailureKind };
  /**
   * run/apply: every table fails (`status: "Failure"`), JSON printed, exit 1.
   * test: one model test fails (JSON printed, exit 1). compile: an error diagnostic, exit 1.
   * test-adapter: one conformance test fails (JSON printed, exit 1). catalog/dag: exit 1, no JSON.
   */
  failure?: boolean;
  /** Never exit (until killed). Progress lines are written first; no stdout output. */
  hang?: boolean;
  /**
   * Spawn a grandchild node process in the same process group that inherits stdout/stderr and
   * lives `hangMaxMs`. With `hang` both wait; without it rocky writes its output and exits
   * normally while the grandchild still holds stdout open.
   */
  grandchild?: boolean;
  /** Safety net for `hang`: the hung process (and its grandchild) exit after this many ms. Default 30 minutes. Also the grandchild's lifetime. */
  hangMaxMs?: number;
  /** Ignore SIGTERM (a line is still written to stderr). Only SIGKILL stops the process. */
  ignoreSigterm?: boolean;
  /** Sleep this long before doing anything (before argument parsing). */
  startDelayMs?: number;
  /** Sleep this long before writing the output (after progress lines). */
  delayMs?: number;
  /** Write this many extra lines to stderr (with backpressure) before the output. */
  stderrLines?: number;
  /** Length of each `stderrLines` line in bytes, newline included. Default 100. */
  stderrLineBytes?: number;
  /** run/apply: pad the output with extra materializations to about this many bytes, streamed. */
  stdoutBytes?: number;
  /** run/apply/plan/compare: table names to use instead of `orders`, `customers`, `payments`. */
  tables?: string[];
  /**
   * run: the aggregate checks the pipeline's `[checks]` enable report a failed `row_count` (the
   * target one row short) for the last checked table (`true`) or the tables named. A quality run
   * then fails (JSON, exit 1) unless `fail_on_error = false`.
   */
  failingChecks?: boolean | string[];
  /** compare verdict scenario. Default "pass". */
  compare?: "pass" | "warn" | "fail";
  /** doctor overall status scenario. Default "healthy". */
  doctor?: "healthy" | "warning" | "critical";
  /**
   * `ci`: "fail" prints the report with `exit_code: 1` and exits 1; "warn" prints `exit_code: 4`
   * and exits 0 (warnings never fail the gate). Default "pass".
   */
  ci?: "pass" | "warn" | "fail";
  /** compliance: one unmasked classified column (exits 1 only with `--fail-on exception`). */
  complianceExceptions?: boolean;
  /** review --status: the marker state. Default "pending"; "invalid" is a malformed marker (exit 1). */
  review?: "pending" | "approved" | "product" | "invalid";
  /** hooks: "none" = no hooks configured; hooks test `status` "abort" (still exit 0). */
  hooks?: "default" | "none" | "abort";
  /** history: an empty state store (no runs recorded). */
  emptyHistory?: boolean;
  /**
   * serve: every contract route (compile, lineage, metrics) answers with this error envelope
   * (`engine_not_ready` 503, `engine_busy` 503 with a running job id, `internal_error` 500).
   * `hang` makes them never answer; `output` "not-json" / "invalid-schema" spoil their 200 bodies.
   */
  serveError?: "engine_not_ready" | "engine_busy" | "internal_error";
  /** Kill itself with this signal after argument parsing, printing nothing (emulates an external kill). */
  selfKill?: "SIGKILL";
  /**
   * `branch promote`, `plan promote` and `apply` of a promote plan: `partial` fails the last
   * target (JSON, exit 1); `breaking` blocks on a breaking change unless `--allow-breaking`
   * (JSON with `targets: []`, exit 1; `plan promote` exits 1 without a plan). Default `success`.
   */
  promote?: "success" | "partial" | "breaking";
  /** `product verify` verdict: `needs_input` exits 1, `fail` exits 2, both after the JSON. Default `pass`. */
  verify?: "pass" | "needs_input" | "fail";
  /** `branch approve` / `product approve`: no `git config user.email`, exit 1. */
  noGitIdentity?: boolean;
  /** `preview cost`: report projected budget breaches. */
  budgetBreach?: boolean;
}

/** A whole simulator scenario. */
export interface SimScenario {
  /**
   * Version reported by `--version` and by the `version` field of outputs. Default "1.71.0". It
   * also decides which verbs and flags of the newer engines exist (e.g. "1.77.0" has them all;
   * below a verb's version it is refused as clap refuses an unknown word, exit 2).
   */
  version?: string;
  /** Raw text printed for `--version` / `-V` instead of `rocky <version>\n` (e.g. garbage). */
  versionOutput?: string;
  /** Behaviour applied to every verb (not to `--version`), merged under `commands[verb]`. */
  default?: CommandBehavior;
  /** Per-verb behaviour; `version` applies to `rocky --version` / `-V`. */
  commands?: Partial<Record<SimVerb | SimSubVerb | "version", CommandBehavior>>;
  /**
   * The project to assume when the `--config` file (default `rocky.toml` in the cwd) does not
   * exist: `true` = a one-pipeline duckdb replication project (`DEFAULT_PROJECT_TOML`), a string =
   * that TOML text. Absent (default): like rocky, a missing config fails run/plan/apply/compare/
   * discover with exit 1 and makes doctor report Critical checks (exit 3). An existing file is
   * always read instead.
   */
  assumeConfig?: boolean | string;
  /**
   * The sources of the assumed project's simulated warehouse (with `assumeConfig`): one
   * `raw__<value>` schema each, holding `orders`, `customers` and `payments`. Default
   * `["acme", "globex", "initech"]`. rocky-sim discovers only these: a filter naming another
   * value selects nothing, as in rocky.
   */
  sources?: string[];
  /** Branches registered in the (simulated) state store, as `rocky branch create <name>` would. */
  branches?: string[];
  /**
   * Run ids with stored progress, oldest first: `run --resume=<id>` resumes a listed id (the
   * output carries `resumed_from`); `--resume-latest` resumes the last one. Any other id: rocky
   * warns and runs everything afresh, without `resumed_from`.
   */
  runs?: string[];
}

/** One recorded invocation of the simulated binary. */
export interface SimInvocation {
  /** Exactly `process.argv.slice(2)` of the simulated process. */
  argv: string[];
  /** Working directory of the simulated process. */
  cwd: string;
  pid: number;
  /** The verb (first positional argument), or null when none (e.g. `--version`). */
  verb: string | null;
  /** The child's full environment. */
  env: Record<string, string>;
  /** Pids of grandchildren spawned by the `grandchild` scenario. */
  grandchildPids: number[];
  /** Signals the process received (SIGTERM, SIGINT), in order; SIGKILL is never observed. */
  signals: string[];
  /** Exit code, when the process exited by itself; null when killed or still running. */
  exitCode: number | null;
}

/** Handle returned by `createRockySimulator`. */
export interface RockySimulator {
  /** Absolute path of the executable `rocky` wrapper: give it to the SDK as the rocky binary. */
  binaryPath: string;
  /** The simulator's temp directory (holds the wrapper, the scenario and the invocation log). */
  dir: string;
  /** The fake project written for `createRockySimulator(…, { project })`, else null. */
  project: SimProject | null;
  /** Replace the scenario for subsequent invocations. */
  setScenario(scenario: SimScenario): Promise<void>;
  /** Invocations recorded so far, in start order. */
  invocations(): Promise<SimInvocation[]>;
  /** Forget recorded invocations. */
  clearInvocations(): Promise<void>;
  /** Remove the temp directory. */
  cleanup(): Promise<void>;
}

/** The default scenario: rocky 1.71.0, every command succeeds. */
export const defaultScenario: SimScenario = Object.freeze({
  version: "1.71.0",
  default: Object.freeze({}) as CommandBehavior,
  commands: Object.freeze({}) as SimScenario["commands"],
}) as SimScenario;
