import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import {
  type BranchDeploymentInfo,
  branchDeploymentInfo,
  branchDeployShadowSuffix,
  detectPreviewDeployment,
  isRockyIdentifier,
  type PreviewDeployment,
  previewShadowSuffix,
} from "@dagster-rocky/core";
import type { z } from "zod";
import { onAbort } from "./abort.js";
import {
  type ArgsContext,
  globalArgs,
  maskArgv,
  type RockyVerb,
  type VerbArgsOptions,
  verbArgs,
} from "./argv.js";
import {
  type ApplyOptions,
  ApplyOptionsSchema,
  type CallOptions,
  type CompareOptions,
  CompareOptionsSchema,
  type CompileOptions,
  CompileOptionsSchema,
  type DiscoverOptions,
  DiscoverOptionsSchema,
  type DoctorOptions,
  DoctorOptionsSchema,
  PlanIdSchema,
  type PlanOptions,
  PlanOptionsSchema,
  type RunOptions,
  RunOptionsSchema,
  type StateOptions,
  StateOptionsSchema,
  type TestOptions,
  TestOptionsSchema,
} from "./call-options.js";
import { loadConfigFile } from "./config-file.js";
import {
  RockyAbortError,
  RockyCommandError,
  RockyConfigError,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyShadowError,
  RockyVersionError,
} from "./errors.js";
import { type LoggerLike, silentLogger } from "./logger.js";
import {
  type ResolvedOptions,
  type RockyResourceOptions,
  resolveOptions,
  type ShadowMode,
} from "./options.js";
import { parseOutput, type StdoutSource } from "./output.js";
import { isPipesSessionOpen, PIPES_ENV_VARS } from "./pipes-session.js";
import { assertPlanShadowed } from "./plan-guard.js";
import { runProcess } from "./process-runner.js";
import {
  type ApplyEnvelope,
  ApplyEnvelopeSchema,
  type CompareOutput,
  CompareOutputSchema,
  type CompileOutput,
  CompileOutputSchema,
  type DiscoverOutput,
  DiscoverOutputSchema,
  type DoctorOutput,
  DoctorOutputSchema,
  type PlanOutput,
  PlanOutputSchema,
  type RunOutput,
  RunOutputSchema,
  type StateOutput,
  StateOutputSchema,
  type TestOutput,
  TestOutputSchema,
} from "./schemas/index.js";
import { parseOrThrow } from "./validation.js";
import {
  compareVersions,
  MINIMUM_ROCKY_VERSION,
  parseRockyVersion,
  type RockyVersionInfo,
} from "./version.js";

/** The verbs whose runs take a shadow suffix. */
export type ShadowVerb = "run" | "plan" | "compare";

/** What `resolveShadowSuffix` is given. */
export interface ShadowSuffixContext {
  readonly verb: ShadowVerb;
  /** The call's validated options. */
  readonly options: Readonly<RunOptions | PlanOptions | CompareOptions>;
  readonly shadowMode: ShadowMode;
  readonly branchDeployment: BranchDeploymentInfo;
  /** The detected preview deployment (`shadowMode: "preview"` only), else null. */
  readonly preview: PreviewDeployment | null;
  /** The environment detection read (also the child's environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What will happen to the next run, for logging: see `shadowContext()`. */
export interface ShadowContext {
  readonly shadowMode: ShadowMode;
  readonly branchDeployment: BranchDeploymentInfo;
  readonly preview: PreviewDeployment | null;
  /** True when no run or plan may be spawned without a valid suffix. */
  readonly shadowRequired: boolean;
  /** The suffix every run and plan will carry, or null for production tables. */
  readonly suffix: string | null;
}

/** `apply()` of a run plan gives a run output; other plan kinds give rocky's apply envelope. */
export type ApplyResult = RunOutput | ApplyEnvelope;

type Env = Readonly<Record<string, string | undefined>>;
const DEFAULT_ALWAYS_SUFFIX = "_rocky_shadow";
const VERSION_PROBE_TIMEOUT_MS = 60_000;

interface Prepared {
  readonly verb: RockyVerb;
  readonly args: string[];
  readonly call: CallOptions;
  readonly env: Env;
  readonly allowPartial: boolean;
}

/**
 * The full argv (global flags included) and child environment a call would
 * spawn with, after every check; throws exactly what the call would throw.
 * Internal: for the safety property tests.
 */
export let prepareInvocation: (
  resource: RockyResource,
  verb: RockyVerb,
  options: unknown,
) => Promise<{ argv: string[]; env: Env }>;

/**
 * Drives the rocky CLI. Instantiate once, call a method per rocky verb; each
 * validates its options before spawning and returns rocky's JSON output,
 * validated and typed. With `shadowMode: "branch_deploy"` every run and plan
 * spawned inside a Dagster+ branch deployment writes shadow tables.
 *
 * Extend by subclassing: override `resolveShadowSuffix` or `buildArgs`.
 * The fail-closed rule is enforced after both hooks, so no override can send
 * a branch deployment's run to production tables.
 */
export class RockyResource {
  /** Validated options, defaults applied. */
  protected readonly options: Readonly<ResolvedOptions>;
  protected readonly logger: LoggerLike;
  #gate: Promise<void> | null = null;

  constructor(options: RockyResourceOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
    this.logger = ((this.options.logger as LoggerLike | undefined) ?? silentLogger).child({
      component: "rocky-resource",
    });
  }

  /** A resource from a plain config object (as parsed from JSON or YAML). */
  static fromConfig<T extends typeof RockyResource>(
    this: T,
    config: unknown,
    overrides: Partial<RockyResourceOptions> = {},
  ): InstanceType<T> {
    const merged =
      typeof config === "object" && config !== null && !Array.isArray(config)
        ? { ...config, ...overrides }
        : config;
    return new this(merged as RockyResourceOptions) as InstanceType<T>;
  }

  /**
   * A resource from a JSON or YAML file; errors name the file and the field.
   * `overrides` (a logger, an env, a binaryPath found at run time...) win over the file.
   */
  static async fromConfigFile<T extends typeof RockyResource>(
    this: T,
    path: string,
    overrides: Partial<RockyResourceOptions> = {},
  ): Promise<InstanceType<T>> {
    const config = await loadConfigFile(path);
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new RockyConfigError(
        [{ path: "", message: "the file must hold an object of options" }],
        { filePath: path },
      );
    }
    resolveOptions(config, path); // file-attributed errors before overrides apply
    // biome-ignore lint/complexity/noThisInStatic: a subclass must get an instance of itself
    return this.fromConfig(config, overrides);
  }

  // ------------------------------------------------------------------ verbs

  /** `rocky --version`, parsed. Always spawns. */
  async version(options: CallOptions = {}): Promise<RockyVersionInfo> {
    const call = parseOrThrow(StateOptionsSchema, options, { command: "version" });
    const outcome = await this.#spawn("version", ["--version"], call, false);
    if (outcome.exitCode !== 0) throw this.#commandError("version", outcome);
    return parseRockyVersion(outcome.stdout);
  }

  /** `rocky run`: replicate (and optionally run models) for one filter. */
  async run(options: RunOptions): Promise<RunOutput> {
    return this.#execute(await this.#prepare("run", options), RunOutputSchema);
  }

  /** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
  async plan(options: PlanOptions): Promise<PlanOutput> {
    return this.#execute(await this.#prepare("plan", options), PlanOutputSchema);
  }

  /**
   * `rocky apply <planId>`. Inside a branch deployment the persisted plan must
   * be proven shadowed before anything is spawned.
   */
  async apply(planId: string, options: ApplyOptions = {}): Promise<ApplyResult> {
    const prepared = await this.#prepare("apply", { ...options, planId });
    const outcome = await this.#spawn("apply", prepared.args, prepared.call, true, prepared.env);
    const json = this.#interpret("apply", outcome, prepared.allowPartial);
    return this.#parseApply(json, outcome);
  }

  async discover(options: DiscoverOptions = {}): Promise<DiscoverOutput> {
    return this.#execute(await this.#prepare("discover", options), DiscoverOutputSchema);
  }

  async state(options: StateOptions = {}): Promise<StateOutput> {
    return this.#execute(await this.#prepare("state", options), StateOutputSchema);
  }

  /** `rocky doctor`; a critical finding (exit 3 with a report) is a result, not an error. */
  async doctor(options: DoctorOptions = {}): Promise<DoctorOutput> {
    return this.#execute(await this.#prepare("doctor", options), DoctorOutputSchema);
  }

  async compile(options: CompileOptions = {}): Promise<CompileOutput> {
    return this.#execute(await this.#prepare("compile", options), CompileOutputSchema);
  }

  /** `rocky test`; failing tests (exit 1 with a report) are a result, not an error. */
  async test(options: TestOptions = {}): Promise<TestOutput> {
    return this.#execute(await this.#prepare("test", options), TestOutputSchema);
  }

  /**
   * `rocky compare`: shadow tables vs production, with the same suffix `run`
   * would use. Refuses when no suffix is in force rather than comparing
   * rocky's default `_rocky_shadow` tables by accident. A failing comparison
   * (exit 1 with a report) is a result.
   */
  async compare(options: CompareOptions): Promise<CompareOutput> {
    return this.#execute(await this.#prepare("compare", options), CompareOutputSchema);
  }

  /**
   * The shadow decision for the current environment: branch info and the
   * suffix a run with these options would carry. Throws what run() would.
   */
  shadowContext(options: Partial<RunOptions> = {}): ShadowContext {
    const { suffix, required, info, preview } = this.#resolveSuffix("run", options as RunOptions);
    return Object.freeze({
      shadowMode: this.options.shadowMode,
      branchDeployment: info,
      preview,
      shadowRequired: required,
      suffix,
    });
  }

  // ------------------------------------------------------------------ hooks

  /**
   * The suffix for a run, plan or compare when the call gives none. Return
   * null for production tables. Whatever this returns is checked: a value
   * that is not an identifier throws, and inside a branch deployment (or
   * preview, or "always") a missing suffix throws; nothing is spawned.
   */
  protected resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    switch (ctx.shadowMode) {
      case "branch_deploy":
        return branchDeployShadowSuffix(ctx.branchDeployment);
      case "preview":
        return previewShadowSuffix(ctx.preview);
      case "always":
        return this.options.shadowSuffix ?? DEFAULT_ALWAYS_SUFFIX;
      default:
        return null;
    }
  }

  /**
   * The verb and its flags (global flags are added before them). Override to
   * add defaults; values must stay argv-safe. Shadow flags are re-checked
   * after this returns.
   */
  protected buildArgs<V extends RockyVerb>(verb: V, options: VerbArgsOptions[V]): string[] {
    const ctx: ArgsContext = {
      modelsDir: this.options.modelsDir,
      contractsDir: this.options.contractsDir,
    };
    return verbArgs(verb, options, ctx);
  }

  // -------------------------------------------------------------- internals

  #env(): Env {
    return this.options.env ?? process.env;
  }

  /** Global flags' values: the resource's, with a call's own stateNamespace in front. */
  #globals(call: CallOptions): ResolvedOptions {
    const ns = (call as { stateNamespace?: string }).stateNamespace;
    return ns === undefined ? this.options : { ...this.options, stateNamespace: ns };
  }

  #cwd(): string {
    return this.options.cwd ?? process.cwd();
  }

  #shadowRequired(env: Env): ShadowDecision {
    const info = branchDeploymentInfo(env);
    const mode = this.options.shadowMode;
    const preview =
      mode === "preview"
        ? detectPreviewDeployment(env, {
            detectors: this.options.previewDetectors ?? ["dagster_plus"],
          })
        : null;
    const required =
      mode === "always" ||
      (mode === "branch_deploy" && info.isBranchDeployment) ||
      (mode === "preview" && preview !== null);
    return { required, info, preview };
  }

  #resolveSuffix(
    verb: ShadowVerb,
    call: RunOptions | PlanOptions | CompareOptions,
    env: Env = this.#env(),
  ): ShadowDecision & { suffix: string | null } {
    const { required, info, preview } = this.#shadowRequired(env);
    let suffix: unknown = call.shadowSuffix;
    if (suffix === undefined) {
      const ctx: ShadowSuffixContext = Object.freeze({
        verb,
        options: call,
        shadowMode: this.options.shadowMode,
        branchDeployment: info,
        preview,
        env,
      });
      try {
        suffix = this.resolveShadowSuffix(ctx);
      } catch (error) {
        throw new RockyShadowError(
          "hook_failed",
          `resolveShadowSuffix threw; nothing was spawned: ${safeString(error)}`,
          {
            command: verb,
            cause: error,
          },
        );
      }
    }
    if (suffix !== null && suffix !== undefined && !isRockyIdentifier(suffix)) {
      throw new RockyShadowError(
        "invalid_suffix",
        `shadow suffix ${safeJson(suffix)} is not an identifier (^[A-Za-z0-9_]+$); nothing was spawned`,
        { command: verb, suffix },
      );
    }
    if (required && (suffix === null || suffix === undefined) && verb !== "compare") {
      throw new RockyShadowError(
        "suffix_required",
        `rocky ${verb} needs a shadow suffix here (shadowMode "${this.options.shadowMode}"${info.isBranchDeployment ? ", inside a branch deployment" : ""}) and none was resolved; nothing was spawned`,
        { command: verb },
      );
    }
    return { suffix: (suffix as string | null | undefined) ?? null, required, info, preview };
  }

  #verbArgs<V extends RockyVerb>(
    verb: V,
    options: VerbArgsOptions[V],
    shadowRequired: boolean,
  ): string[] {
    const args = this.buildArgs(verb, options);
    this.#checkArgs(verb, args);
    if (shadowRequired && (verb === "run" || verb === "plan")) assertArgsShadowed(verb, args);
    return args;
  }

  #checkArgs(verb: string, args: unknown): asserts args is string[] {
    if (!Array.isArray(args) || args.some((a) => typeof a !== "string" || a.includes("\u0000"))) {
      throw new RockyConfigError(
        [{ path: "buildArgs", message: "must return an array of strings without NUL characters" }],
        {
          command: verb,
        },
      );
    }
    if (args[0] !== verb) {
      throw new RockyConfigError(
        [{ path: "buildArgs", message: `must start with the verb "${verb}"` }],
        { command: verb },
      );
    }
  }

  /**
   * Everything that happens before a spawn: options validated, suffix
   * resolved and checked, argv built and re-checked, apply's plan proven.
   * Any failure here throws a typed error and spawns nothing.
   */
  async #prepare(verb: RockyVerb, input: unknown): Promise<Prepared> {
    const env = this.#env();
    const parse = <T>(schema: z.ZodType<T>, value: unknown): T =>
      parseOrThrow(schema, value ?? {}, { command: verb }) as T;
    switch (verb) {
      case "run":
      case "plan": {
        const call = parse<RunOptions>(
          verb === "run" ? RunOptionsSchema : PlanOptionsSchema,
          input,
        );
        if (call.stateNamespace !== undefined && this.options.statePath !== undefined) {
          const message =
            "a per-call stateNamespace cannot be used on a resource with statePath (rocky ignores the namespace when a path is given); remove statePath from the resource or the namespace from the call";
          throw new RockyConfigError([{ path: "stateNamespace", message }], { command: verb });
        }
        const { suffix, required } = this.#resolveSuffix(verb, call, env);
        const args = this.#verbArgs(verb, { ...call, shadowSuffix: suffix ?? undefined }, required);
        return { verb, args, call, env, allowPartial: call.allowPartial ?? true };
      }
      case "apply": {
        const { planId, ...rest } = (input ?? {}) as { planId?: unknown };
        const id = parseOrThrow(PlanIdSchema, planId, { command: verb });
        const call = parse<ApplyOptions>(ApplyOptionsSchema, rest);
        if (this.#shadowRequired(env).required) await assertPlanShadowed(this.#cwd(), id);
        const args = this.#verbArgs("apply", { ...call, planId: id }, false);
        return { verb, args, call, env, allowPartial: call.allowPartial ?? true };
      }
      case "compare": {
        const call = parse<CompareOptions>(CompareOptionsSchema, input);
        if (call.shadowSchema !== undefined) {
          return {
            verb,
            args: this.#verbArgs("compare", call, false),
            call,
            env,
            allowPartial: true,
          };
        }
        const { suffix } = this.#resolveSuffix("compare", call, env);
        if (suffix === null) {
          throw new RockyShadowError(
            "suffix_required",
            'compare() needs a shadow suffix in force and none is (production, or shadowMode "off"). Pass shadowSuffix or shadowSchema, or call it where runs are shadowed; nothing was spawned',
            { command: "compare" },
          );
        }
        const args = this.#verbArgs("compare", { ...call, shadowSuffix: suffix }, false);
        return { verb, args, call, env, allowPartial: true };
      }
      default: {
        const schema = {
          discover: DiscoverOptionsSchema,
          state: StateOptionsSchema,
          doctor: DoctorOptionsSchema,
          compile: CompileOptionsSchema,
          test: TestOptionsSchema,
        }[verb];
        const call = parse<CallOptions>(schema, input);
        return {
          verb,
          args: this.#verbArgs(verb, call as VerbArgsOptions[typeof verb], false),
          call,
          env,
          allowPartial: true,
        };
      }
    }
  }

  async #execute<S extends z.ZodType>(prepared: Prepared, schema: S): Promise<z.output<S>> {
    const outcome = await this.#spawn(
      prepared.verb,
      prepared.args,
      prepared.call,
      true,
      prepared.env,
    );
    return this.#interpret(prepared.verb, outcome, prepared.allowPartial, schema) as z.output<S>;
  }

  static {
    // Test seam (not exported from the package): the argv a call would spawn, without spawning.
    prepareInvocation = async (resource, verb, options) => {
      const p = await resource.#prepare(verb, options);
      return { argv: [...globalArgs(resource.#globals(p.call)), ...p.args], env: childEnv(p.env) };
    };
  }

  /** Exit-code rules: 0 parses; non-zero with a JSON body is a result (or a RockyPartialFailure); else an error. */
  #interpret(
    verb: RockyVerb,
    outcome: SpawnOutcome,
    allowPartial: boolean,
    schema?: z.ZodType,
  ): unknown {
    if (outcome.exitCode === 0 && outcome.signal === null) {
      return schema === undefined ? parseOutput(verb, outcome) : parseOutput(verb, outcome, schema);
    }
    if (outcome.signal === null && outcome.stdout.trimStart().startsWith("{")) {
      let result: unknown;
      try {
        result =
          schema === undefined ? parseOutput(verb, outcome) : parseOutput(verb, outcome, schema);
      } catch (error) {
        if (error instanceof RockyOutputParseError) throw this.#commandError(verb, outcome);
        throw error;
      }
      if (!allowPartial && (verb === "run" || verb === "plan" || verb === "apply")) {
        throw new RockyPartialFailure({
          command: verb,
          exitCode: outcome.exitCode,
          durationMs: outcome.durationMs,
          stderrTail: outcome.stderrTail,
          result,
        });
      }
      return result;
    }
    throw this.#commandError(verb, outcome);
  }

  #parseApply(json: unknown, stdout: StdoutSource): ApplyResult {
    const command = (json as { command?: unknown }).command;
    if (command === "apply") {
      const envelope = parseOutput("apply", stdout, ApplyEnvelopeSchema, json);
      if (envelope.plan_kind === "run" || envelope.plan_kind === "replication") {
        return parseOutput("apply", stdout, RunOutputSchema, envelope.result, ["result"]);
      }
      return envelope;
    }
    if (command === "run") return parseOutput("apply", stdout, RunOutputSchema, json);
    throw new RockyOutputParseError({
      command: "apply",
      kind: "validation",
      detail: `expected a run output or an apply envelope, got command ${safeJson(command)}`,
      stdout: stdout.preview ?? stdout.stdout,
    });
  }

  #commandError(verb: string, outcome: SpawnOutcome): RockyCommandError {
    return new RockyCommandError({
      command: verb,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: outcome.durationMs,
      stderrTail: outcome.stderrTail,
    });
  }

  /** Version gate: one probe per instance (concurrent first calls share it); a failed probe is retried next call. */
  #ensureVersion(signal: AbortSignal | undefined): Promise<void> {
    this.#gate ??= (async () => {
      // A hung `--version` must not hold every call for the full command timeout.
      const info = await this.version({
        timeoutMs: Math.min(this.options.timeoutMs, VERSION_PROBE_TIMEOUT_MS),
      });
      if (info.version === null) {
        this.logger.warn({ raw: info.raw }, "could not parse `rocky --version`; proceeding");
      } else if (compareVersions(info.version, MINIMUM_ROCKY_VERSION) < 0) {
        throw new RockyVersionError(info.version, MINIMUM_ROCKY_VERSION, this.options.binaryPath);
      }
    })();
    const gate = this.#gate;
    gate.catch(() => {
      if (this.#gate === gate) this.#gate = null;
    });
    return signal === undefined ? gate : raceAbort(gate, signal);
  }

  async #spawn(
    command: string,
    args: readonly string[],
    call: CallOptions,
    gated: boolean,
    env: Env = this.#env(),
  ): Promise<SpawnOutcome> {
    if (call.signal?.aborted)
      throw new RockyAbortError({ command, reason: call.signal.reason, spawned: false });
    const cwd = this.options.cwd;
    if (cwd !== undefined) checkCwd(cwd, command);
    if (gated) {
      try {
        await this.#ensureVersion(call.signal);
      } catch (error) {
        if (error === ABORTED)
          throw new RockyAbortError({ command, reason: call.signal?.reason, spawned: false });
        throw error;
      }
    }
    const argv = command === "version" ? [...args] : [...globalArgs(this.#globals(call)), ...args];
    const log = this.logger.child({ invocationId: randomUUID(), command });
    if (log.isLevelEnabled("debug"))
      log.debug({ argv: maskArgv([this.options.binaryPath, ...argv]) }, "spawning rocky");
    const outcome = await runProcess({
      command,
      binaryPath: this.options.binaryPath,
      args: argv,
      cwd,
      env: childEnv(env),
      timeoutMs: call.timeoutMs ?? this.options.timeoutMs,
      killGraceMs: this.options.killGraceMs,
      signal: call.signal,
      onLog: call.onLog,
      logger: log,
    });
    if (log.isLevelEnabled("debug")) {
      log.debug(
        {
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          durationMs: outcome.durationMs,
          pid: outcome.pid,
        },
        "rocky exited",
      );
    }
    return outcome;
  }
}

type SpawnOutcome = Awaited<ReturnType<typeof runProcess>>;

/** Whether shadowing is required here, and the detection it rests on. */
interface ShadowDecision {
  readonly required: boolean;
  readonly info: BranchDeploymentInfo;
  readonly preview: PreviewDeployment | null;
}

const ABORTED = Symbol("aborted");

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(ABORTED);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(ABORTED));
    promise.then(
      (v) => {
        stop();
        resolve(v);
      },
      (e) => {
        stop();
        reject(e);
      },
    );
  });
}

/** Inside an open Node Pipes session, rocky must not report to Dagster itself. */
function childEnv(env: Env): Env {
  if (!isPipesSessionOpen()) return env;
  const copy: Record<string, string | undefined> = { ...env };
  for (const name of PIPES_ENV_VARS) delete copy[name];
  return copy;
}

function checkCwd(cwd: string, command: string): void {
  let ok = false;
  try {
    ok = statSync(cwd).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new RockyConfigError(
      [{ path: "cwd", message: `${JSON.stringify(cwd)} is not an existing directory` }],
      {
        command,
      },
    );
  }
}

/** Fail-closed check on the final argv: `--shadow` and identifier suffixes only. */
function assertArgsShadowed(verb: string, args: readonly string[]): void {
  const suffixes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--shadow-suffix") suffixes.push(args[i + 1] ?? "");
    else if (a.startsWith("--shadow-suffix=")) suffixes.push(a.slice("--shadow-suffix=".length));
  }
  const ok =
    args.includes("--shadow") && suffixes.length > 0 && suffixes.every((s) => isRockyIdentifier(s));
  if (!ok) {
    throw new RockyShadowError(
      "args_not_shadowed",
      `buildArgs returned rocky ${verb} arguments without --shadow and a valid --shadow-suffix inside a shadowed deployment; nothing was spawned`,
      { command: verb },
    );
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? safeString(value);
  } catch {
    return safeString(value);
  }
}

/** String(value) that cannot throw: a null-prototype object or a throwing toString would, untyped. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "[unprintable value]";
  }
}
