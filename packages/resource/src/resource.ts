import { randomUUID } from "node:crypto";
import { branchDeployShadowSuffix, previewShadowSuffix } from "@dagster-rocky/core";
import { checkBuiltArgs, globalArgs, maskArgv } from "./argv.js";
import { loadConfigFile } from "./config-file.js";
import { RockyAbortError, RockyConfigError } from "./errors.js";
import { commandError, interpretExit } from "./exit-codes.js";
import { type LoggerLike, silentLogger } from "./logger.js";
import { type ResolvedOptions, type RockyResourceOptions, resolveOptions } from "./options.js";
import { childEnv } from "./pipes-session.js";
import { checkCwd } from "./process/cwd.js";
import type { ProcessOutcome, runProcess as RunProcess } from "./process/run.js";
import {
  assertArgsShadowed,
  decideShadow,
  type Env,
  enforceShadowPolicy,
  resolveSuffix,
  type ShadowContext,
  type ShadowSuffixContext,
} from "./shadow/index.js";
import { parseOrThrow } from "./validation.js";
import {
  type ApplyOptions,
  type ApplyResult,
  type ArgsContext,
  type CallOptions,
  CallOptionsSchema,
  type CompareOptions,
  type CompileOptions,
  type DiscoverOptions,
  type DoctorOptions,
  type OptionsOf,
  type PlanOptions,
  type ResultOf,
  type RockyVerb,
  type RunOptions,
  type StateOptions,
  type TestOptions,
  type VerbArgsOptions,
  verbSpec,
} from "./verbs/index.js";
import { loadOutput, type VerbSpec } from "./verbs/types.js";
import { parseRockyVersion, type RockyVersionInfo } from "./version.js";
import { VersionGate } from "./version-gate.js";

const DEFAULT_ALWAYS_SUFFIX = "_rocky_shadow";

// The spawner (node:child_process, the orphan watchdog, signal-exit) loads on
// the first spawn, not at import: ~8 ms of the package's cold start.
let spawner: typeof RunProcess | undefined;
const loadSpawner = async (): Promise<typeof RunProcess> => {
  spawner ??= (await import("./process/run.js")).runProcess;
  return spawner;
};
const VERSION_PROBE_TIMEOUT_MS = 60_000;

/** A call after every check, ready to spawn. */
interface Prepared {
  readonly spec: VerbSpec;
  readonly args: string[];
  readonly call: Record<string, unknown> & CallOptions;
  readonly env: Env;
}

/**
 * The full argv (global flags included) and child environment a call would
 * spawn with, after every check; throws exactly what the call would throw.
 * @internal For the safety property tests and the bench.
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
  /** The resource's logger (a silent one when none was given). */
  protected readonly logger: LoggerLike;
  readonly #gate: VersionGate;

  /** Validates `options` (every bad field named at once); spawns nothing. */
  constructor(options: RockyResourceOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
    this.logger = ((this.options.logger as LoggerLike | undefined) ?? silentLogger).child({
      component: "rocky-resource",
    });
    // A hung `--version` must not hold every call for the full command timeout.
    const probe = () =>
      this.version({ timeoutMs: Math.min(this.options.timeoutMs, VERSION_PROBE_TIMEOUT_MS) });
    this.#gate = new VersionGate(probe, this.logger, this.options.binaryPath);
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
    const call = parseOrThrow(CallOptionsSchema, options, { command: "version" });
    const outcome = await this.#spawn("version", ["--version"], call, this.#env());
    if (outcome.exitCode !== 0) throw commandError("version", outcome);
    return parseRockyVersion(outcome.stdout);
  }

  /** `rocky run`: replicate (and optionally run models) for one filter. */
  run(options: RunOptions): Promise<ResultOf<"run">> {
    return this.#invoke("run", options);
  }

  /** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
  plan(options: PlanOptions): Promise<ResultOf<"plan">> {
    return this.#invoke("plan", options);
  }

  /**
   * `rocky apply <planId>`. Inside a branch deployment the persisted plan must
   * be proven shadowed before anything is spawned.
   */
  apply(planId: string, options: ApplyOptions = {}): Promise<ApplyResult> {
    return this.#invoke("apply", { ...options, planId });
  }

  /** `rocky discover`: the sources the adapters see. */
  discover(options: DiscoverOptions = {}): Promise<ResultOf<"discover">> {
    return this.#invoke("discover", options);
  }

  /** `rocky state`: the stored watermarks. */
  state(options: StateOptions = {}): Promise<ResultOf<"state">> {
    return this.#invoke("state", options);
  }

  /** `rocky doctor`; a critical finding (exit 3 with a report) is a result, not an error. */
  doctor(options: DoctorOptions = {}): Promise<ResultOf<"doctor">> {
    return this.#invoke("doctor", options);
  }

  /** `rocky compile`; a failed compilation (exit 1 with a report) is a result. */
  compile(options: CompileOptions = {}): Promise<ResultOf<"compile">> {
    return this.#invoke("compile", options);
  }

  /** `rocky test`; failing tests (exit 1 with a report) are a result, not an error. */
  test(options: TestOptions = {}): Promise<ResultOf<"test">> {
    return this.#invoke("test", options);
  }

  /**
   * `rocky compare`: shadow tables vs production, with the same suffix `run`
   * would use. Refuses when no suffix is in force rather than comparing
   * rocky's default `_rocky_shadow` tables by accident. A failing comparison
   * (exit 1 with a report) is a result.
   */
  compare(options: CompareOptions): Promise<ResultOf<"compare">> {
    return this.#invoke("compare", options);
  }

  /**
   * The shadow decision for the current environment: branch info and the
   * suffix a run with these options would carry. Throws what run() would.
   */
  shadowContext(options: Partial<RunOptions> = {}): ShadowContext {
    const env = this.#env();
    const decision = decideShadow(this.options, env);
    const suffix = resolveSuffix({
      verb: "run",
      options: options as VerbArgsOptions["run"],
      shadowMode: this.options.shadowMode,
      decision,
      env,
      hook: (ctx) => this.resolveShadowSuffix(ctx),
      requireWhenShadowed: true,
    });
    return Object.freeze({
      shadowMode: this.options.shadowMode,
      branchDeployment: decision.info,
      preview: decision.preview,
      shadowRequired: decision.required,
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
    return verbSpec(verb).args(options, ctx);
  }

  // -------------------------------------------------------------- internals

  #env(): Env {
    return this.options.env ?? process.env;
  }

  /** Global flags' values: the resource's, with a call's own stateNamespace in front. */
  #globals(call: object): ResolvedOptions {
    const ns = (call as { stateNamespace?: unknown }).stateNamespace;
    return typeof ns === "string" ? { ...this.options, stateNamespace: ns } : this.options;
  }

  /** One call of a table verb: prepare, gate, spawn, interpret. */
  async #invoke<V extends RockyVerb>(verb: V, input: OptionsOf<V>): Promise<ResultOf<V>> {
    const { spec, args, call, env } = await this.#prepare(verb, input);
    // First call of a verb: its output schema loads while rocky runs.
    let output = loadOutput(spec.output);
    if (output instanceof Promise) output.catch(() => {}); // awaited below; no unhandled rejection meanwhile
    const outcome = await this.#spawn(verb, args, call, env, spec);
    if (output instanceof Promise) output = await output;
    return interpretExit(outcome, {
      command: verb,
      resultExitCodes: spec.resultExitCodes,
      allowPartial: (call as { allowPartial?: boolean }).allowPartial,
      output,
    }) as ResultOf<V>;
  }

  /**
   * Everything that happens before a spawn: options validated, the shadow
   * policy enforced (suffix resolved and checked, apply's plan proven), argv
   * built and re-checked. Any failure here throws a typed error and spawns nothing.
   */
  async #prepare(verb: RockyVerb, input: unknown): Promise<Prepared> {
    const spec = verbSpec(verb);
    const env = this.#env();
    const call = parseOrThrow(spec.options, input ?? {}, { command: verb }) as Prepared["call"];
    if (call.stateNamespace !== undefined && this.options.statePath !== undefined) {
      const message =
        "a per-call stateNamespace cannot be used on a resource with statePath (rocky ignores the namespace when a path is given); remove statePath from the resource or the namespace from the call";
      throw new RockyConfigError([{ path: "stateNamespace", message }], { command: verb });
    }
    const policy = await enforceShadowPolicy({
      verb,
      policy: spec.shadow,
      options: call,
      shadowMode: this.options.shadowMode,
      env,
      cwd: this.options.cwd ?? process.cwd(),
      decide: () => decideShadow(this.options, env),
      hook: (ctx) => this.resolveShadowSuffix(ctx),
    });
    const args: unknown = this.buildArgs(verb, policy.options as VerbArgsOptions[typeof verb]);
    checkBuiltArgs(verb, args);
    if (policy.assertArgsShadowed) assertArgsShadowed(verb, args);
    return { spec, args, call, env };
  }

  static {
    // Test seam (not exported from the package): the argv a call would spawn, without spawning.
    prepareInvocation = async (resource, verb, options) => {
      const p = await resource.#prepare(verb, options);
      return {
        argv: [...globalArgs(resource.#globals(p.call)), ...p.args],
        env: childEnv(p.env),
      };
    };
  }

  /** Spawns one rocky process; table verbs pass the version gate first (`spec` given). */
  async #spawn(
    command: string,
    args: readonly string[],
    call: CallOptions & Record<string, unknown>,
    env: Env,
    spec?: VerbSpec,
  ): Promise<ProcessOutcome> {
    if (call.signal?.aborted)
      throw new RockyAbortError({ command, reason: call.signal.reason, spawned: false });
    const cwd = this.options.cwd;
    if (cwd !== undefined) checkCwd(cwd, command);
    if (spec !== undefined) {
      const version = await this.#gate.ensure(command, call.signal);
      this.#gate.checkVerb(version, spec, call);
    }
    const argv = spec === undefined ? [...args] : [...globalArgs(this.#globals(call)), ...args];
    const log = this.logger.child({ invocationId: randomUUID(), command });
    if (log.isLevelEnabled("debug"))
      log.debug({ argv: maskArgv([this.options.binaryPath, ...argv]) }, "spawning rocky");
    // No extra event-loop turn once loaded.
    const runProcess = spawner ?? (await loadSpawner());
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
      const { exitCode, signal, durationMs, pid } = outcome;
      log.debug({ exitCode, signal, durationMs, pid }, "rocky exited");
    }
    return outcome;
  }
}

// A verb added to VERBS without a method on RockyResource fails to compile here.
type MissingMethods = Exclude<RockyVerb, keyof RockyResource>;
const _everyVerbHasAMethod: [MissingMethods] extends [never] ? true : never = true;
void _everyVerbHasAMethod;
