/**
 * One call, one immutable spawn plan. Everything that happens before a spawn
 * resolves, once, what will be spawned: the binary, the argv (global flags
 * and the verb's arguments, copied and frozen the moment `buildArgs`
 * returns), the working directory (absolute, resolved when the call starts),
 * the exact environment the child gets, and, when a guard read rocky.toml,
 * the path and SHA-256 of the bytes it checked. Every guard checks the plan;
 * the spawner spawns exactly the plan, after `assertConfigUnchanged` re-reads
 * the config in the same tick as the spawn. Nothing a subclass, a microtask,
 * a timer or `process.chdir` does afterwards can change what is spawned.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkBuiltArgs, globalArgs, maskArgv } from "./argv.js";
import { childEnv } from "./child-env.js";
import { RockyAbortError, RockyConfigError, RockyShadowError } from "./errors.js";
import type { LoggerLike } from "./logger.js";
import type { ResolvedOptions } from "./options.js";
import { checkCwd } from "./process/cwd.js";
import type { ProcessOutcome, runProcess as RunProcess } from "./process/run.js";
import { applyResolvers, type ResolverHooks } from "./resolvers.js";
import {
  assertArgsIsolated,
  assertArgsShadowed,
  decideShadow,
  type Env,
  enforceShadowPolicy,
  isolatedEnv,
  resolveSuffix,
  SHADOW_STATE_DIR,
  type ShadowContext,
  type ShadowDecision,
  type SuffixHook,
  shadowIdempotencyKey,
  shadowStatePath,
} from "./shadow/index.js";
import {
  assertPipelineShadowable,
  type CheckedConfig,
  selectionOfArgs,
  selectionOfPlan,
} from "./shadow/pipeline-guard.js";
import { parseOrThrow } from "./validation.js";
import type { RockyVerb, VerbArgsOptions } from "./verbs/index.js";
import type { CallOptions } from "./verbs/shared.js";
import type { ArgsContext, VerbSpec } from "./verbs/types.js";
import type { VersionGate } from "./version-gate.js";

/** What one call spawns, resolved once and frozen. @internal */
export interface SpawnPlan {
  /** The method (or internal verb) name, for messages and logs. */
  readonly command: string;
  readonly binaryPath: string;
  /** Global flags and the verb's arguments: exactly what the child gets. */
  readonly argv: readonly string[];
  /** Absolute; always passed to spawn. */
  readonly cwd: string;
  /** The exact environment the child gets. */
  readonly env: Env;
  /** The config file a guard checked, re-read right before the spawn; null when none was read. */
  readonly config: CheckedConfig | null;
  /** The call relies on the engine's shadow mode (the version gate checks the shadow floor). */
  readonly shadowed: boolean;
  /** The suffix this shadowed write acts for (its state file and keys carry it), or null. */
  readonly suffix: string | null;
  /** The folder of a shadowed write's state file, created right before the spawn; else null. */
  readonly stateDir: string | null;
  /** The flags masked in the debug log beyond those named like secrets: the verb's `secretFlags`. */
  readonly secretFlags: readonly string[];
}

/** The resource options a plan reads (never `env`: that one is kept private). @internal */
export type PlanSettings = Pick<
  ResolvedOptions,
  | "binaryPath"
  | "configPath"
  | "statePath"
  | "stateNamespace"
  | "cwd"
  | "shadowMode"
  | "previewDetectors"
>;

/** What the resource lends the planner: its settings and hooks, bound. @internal */
export interface PlanHost {
  readonly settings: PlanSettings;
  /** The resource's `env` option, or undefined for `process.env` at call time. */
  readonly envOption: Env | undefined;
  readonly suffixHook: SuffixHook;
  /** The `buildArgs` hook (table verbs only). */
  readonly buildArgs: (verb: RockyVerb, options: Record<string, unknown>) => unknown;
  readonly argsContext: ArgsContext;
  readonly resolvers: ResolverHooks;
  /** Sees every shadow decision (the resource warns once about an explicit "off" in a deployment). */
  readonly onDecision: (decision: ShadowDecision) => void;
}

/** A call after every check, ready to spawn. @internal */
export interface PreparedCall {
  readonly call: Record<string, unknown> & CallOptions;
  readonly plan: SpawnPlan;
}

/** The working directory and environments of one call, captured once when it starts. @internal */
export interface CallSite {
  /** Absolute: `cwd` resolved against `process.cwd()` now, or `process.cwd()` now. */
  readonly cwd: string;
  /** `process.env` now (detection reads it even when an `env` option is given). */
  readonly processEnv: Env;
  /** The child's environment before isolation: the option's or `processEnv`, Pipes variables stripped. */
  readonly env: Env;
}

/** Captures the call site. @internal */
export function callSite(
  settings: Pick<PlanSettings, "cwd">,
  envOption: Env | undefined,
): CallSite {
  const cwd = resolve(process.cwd(), settings.cwd ?? ".");
  const processEnv: Env = Object.freeze({ ...process.env });
  return { cwd, processEnv, env: childEnv(envOption ?? processEnv) };
}

/** Detection over both environments of a call site. @internal */
export function decide(host: PlanHost, site: CallSite, command: string | null): ShadowDecision {
  const decision = decideShadow(
    host.settings,
    { process: site.processEnv, option: host.envOption },
    command,
  );
  host.onDecision(decision);
  return decision;
}

/**
 * The `onDecision` of a resource created with an explicit `shadowMode: "off"`:
 * the first decision that sees a Dagster+ branch deployment logs one warning. @internal
 */
export function warnOnceInDeployment(logger: LoggerLike): (decision: ShadowDecision) => void {
  let warned = false;
  return (decision) => {
    if (warned || !decision.branchSeen) return;
    warned = true;
    logger.warn(
      { shadowMode: "off" },
      'shadowMode "off" inside a Dagster+ branch deployment: runs write production tables (remove shadowMode, or set "branch_deploy", to shadow them)',
    );
  };
}

/** `RockyResource.shadowContext()`: the decision and the suffix a run with `options` would carry. @internal */
export function shadowContextOf(host: PlanHost, options: object): ShadowContext {
  const site = callSite(host.settings, host.envOption);
  const decision = decide(host, site, "shadowContext");
  const suffix = resolveSuffix({
    verb: "run",
    options: options as VerbArgsOptions["run"],
    shadowMode: host.settings.shadowMode,
    decision,
    env: site.env,
    hook: host.suffixHook,
    requireWhenShadowed: true,
  });
  return Object.freeze({
    shadowMode: host.settings.shadowMode,
    branchDeployment: decision.info,
    preview: decision.preview,
    shadowRequired: decision.required,
    suffix,
  });
}

const frozenEnv = (env: Env): Env => (Object.isFrozen(env) ? env : Object.freeze({ ...env }));

/** The plan of `rocky --version` (the probe, and `version()`): no guard applies. @internal */
export function versionPlan(settings: PlanSettings, envOption: Env | undefined): SpawnPlan {
  const site = callSite(settings, envOption);
  return Object.freeze({
    command: "version",
    binaryPath: settings.binaryPath,
    argv: Object.freeze(["--version"]),
    cwd: site.cwd,
    env: frozenEnv(site.env),
    config: null,
    shadowed: false,
    suffix: null,
    stateDir: null,
    secretFlags: [],
  });
}

/**
 * Everything that happens before a spawn: options validated, resolvers
 * applied, the shadow policy enforced, argv built, copied, frozen and
 * re-checked, the quality-pipeline and state-isolation guards run, and the
 * plan frozen. Any failure throws a typed error and spawns nothing.
 * `tableVerb` routes argv through `buildArgs`. @internal
 */
export async function prepareCall(
  host: PlanHost,
  spec: VerbSpec,
  input: unknown,
  tableVerb?: RockyVerb,
): Promise<PreparedCall> {
  // Messages name the method (`branchList`, the table key); an internal spec its own name.
  const verb = tableVerb ?? spec.name;
  const { settings } = host;
  const site = callSite(settings, host.envOption);
  const parsed = parseOrThrow(spec.options, input ?? {}, { command: verb });
  const call = applyResolvers(
    verb,
    parsed as Record<string, unknown>,
    spec.options,
    host.resolvers,
  );
  if (call.stateNamespace !== undefined && settings.statePath !== undefined) {
    const message =
      "a per-call stateNamespace cannot be used on a resource with statePath (rocky ignores the namespace when a path is given); remove statePath from the resource or the namespace from the call";
    throw new RockyConfigError([{ path: "stateNamespace", message }], { command: verb });
  }
  const policy = await enforceShadowPolicy({
    verb,
    policy: spec.shadow,
    readOnly: spec.readOnlyWhen?.(call) === true,
    hasReadOnlyMode: spec.readOnlyWhen !== undefined,
    options: call,
    shadowMode: settings.shadowMode,
    env: site.env,
    cwd: site.cwd,
    decide: () => decide(host, site, verb),
    hook: host.suffixHook,
  });
  const options =
    policy.suffix !== null && typeof policy.options.idempotencyKey === "string"
      ? {
          ...policy.options,
          idempotencyKey: shadowIdempotencyKey(policy.options.idempotencyKey, policy.suffix),
        }
      : policy.options;
  const built =
    tableVerb === undefined
      ? spec.args(options, host.argsContext)
      : host.buildArgs(tableVerb, options);
  // Copied and frozen before any check: what is checked is what is spawned.
  const args: unknown = Array.isArray(built) ? Object.freeze(Array.from(built)) : built;
  checkBuiltArgs(spec.command, args, verb);
  const command = spec.command.join(" ");
  // A buildArgs override may add --shadow itself: that write relies on the engine's shadow mode too.
  const argvShadow = spec.shadow === "shadowed_write" && args.includes("--shadow");
  if (policy.assertArgsShadowed || argvShadow) assertArgsShadowed(command, args);
  const suffix = policy.suffix ?? (argvShadow ? firstSuffix(args) : null);
  const env = frozenEnv(suffix === null ? site.env : isolatedEnv(site.env, suffix));
  let config: CheckedConfig | null = null;
  if (suffix !== null) {
    assertArgsIsolated(command, args, suffix);
    config = await guardPipeline(spec, args, policy.planPayload, {
      configPath: settings.configPath,
      cwd: site.cwd,
      env,
    });
  }
  const production = {
    stateNamespace: (call.stateNamespace as string | undefined) ?? settings.stateNamespace,
    statePath: settings.statePath,
  };
  const globals = globalArgs(
    suffix === null
      ? { configPath: settings.configPath, ...production }
      : {
          configPath: settings.configPath,
          statePath: shadowStatePath(production, site.cwd, suffix),
        },
  );
  const plan: SpawnPlan = Object.freeze({
    command: verb,
    binaryPath: settings.binaryPath,
    argv: Object.freeze([...globals, ...args]),
    cwd: site.cwd,
    env,
    config,
    shadowed: policy.shadowFloor || argvShadow,
    suffix,
    stateDir: suffix === null ? null : join(site.cwd, SHADOW_STATE_DIR),
    secretFlags: spec.secretFlags,
  });
  return { call: call as PreparedCall["call"], plan };
}

/**
 * The shadow suffix a call ran with: a shadowed write's (apply: the one its plan was proven
 * with), else the `--shadow-suffix` its argv carries (compare), else null. @internal
 */
export function suffixRanWith(plan: SpawnPlan): string | null {
  return plan.suffix ?? firstSuffix(plan.argv);
}

/** The first `--shadow-suffix` value of a final argv (already proven an identifier). */
function firstSuffix(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--shadow-suffix") return args[i + 1] ?? null;
    if (a.startsWith("--shadow-suffix=")) return a.slice("--shadow-suffix=".length);
  }
  return null;
}

/**
 * The quality-pipeline guard of a shadowed write, as the verb declares it
 * (`configGuard`): `argv` selects the pipeline from the final argv (a verb
 * that runs a pipeline); `plan` from the persisted plan's payload, which
 * rocky resolves against the current config (apply.rs `run_apply_run_plan`:
 * `load_rocky_config_fingerprinted`, then the payload's `pipeline` through
 * `registry::resolve_pipeline`); `none` reads no config.
 */
async function guardPipeline(
  spec: VerbSpec,
  args: readonly string[],
  payload: Readonly<Record<string, unknown>> | null,
  where: { configPath: string; cwd: string; env: Env },
): Promise<CheckedConfig | null> {
  const verb = spec.command.join(" ");
  switch (spec.configGuard) {
    case "argv":
      // Read from the final argv: a buildArgs override may add --pipeline itself.
      return assertPipelineShadowable({ verb, ...selectionOfArgs(args), ...where });
    case "plan":
      if (payload === null) return null;
      return assertPipelineShadowable({ verb, ...selectionOfPlan(payload), ...where });
    case "none":
      return null;
  }
}

/**
 * A shadowed write's state folder exists before rocky starts (rocky creates
 * no parent folder for `--state-path`); when it cannot be made, nothing is
 * spawned (RockyShadowError `state_not_isolated`). @internal
 */
export function ensureStateDir(plan: SpawnPlan): void {
  if (plan.stateDir === null) return;
  try {
    mkdirSync(plan.stateDir, { recursive: true });
  } catch (error) {
    throw new RockyShadowError(
      "state_not_isolated",
      `refusing rocky ${plan.command}: the shadow state folder ${plan.stateDir} cannot be created (${(error as NodeJS.ErrnoException).code ?? "error"}), and a shadowed write must not use production's state; nothing was spawned`,
      { command: plan.command, cause: error },
    );
  }
}

/**
 * Right before the spawn, in the same tick: refuses (RockyShadowError
 * `config_changed`, nothing spawned) when the config a guard checked no
 * longer has the bytes it had. @internal
 */
export function assertConfigUnchanged(plan: SpawnPlan): void {
  if (plan.config === null) return;
  let now: string | null;
  try {
    now = createHash("sha256").update(readFileSync(plan.config.configPath)).digest("hex");
  } catch {
    now = null;
  }
  if (now === plan.config.sha256) return;
  throw new RockyShadowError(
    "config_changed",
    `refusing rocky ${plan.command}: the config file ${plan.config.configPath} changed (or disappeared) after the shadow guards checked it, so what rocky would read is not what was checked; nothing was spawned`,
    { command: plan.command },
  );
}

// The spawner (node:child_process, the orphan watchdog, signal-exit) loads on
// the first spawn, not at import: ~8 ms of the package's cold start.
let spawner: typeof RunProcess | undefined;
const loadSpawner = async (): Promise<typeof RunProcess> => {
  spawner ??= (await import("./process/run.js")).runProcess;
  return spawner;
};

/** What spawning a plan needs from its resource. @internal */
export interface SpawnContext {
  readonly gate: VersionGate;
  /** Table verbs pass the version gate (the verb's floors, the shadow floor); `--version` does not. */
  readonly spec: VerbSpec | undefined;
  readonly logger: LoggerLike;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
}

/**
 * Spawns exactly `plan`. After the last await (the version gate, the
 * spawner's first load), in the tick of the spawn, the config a guard
 * checked is re-read: bytes changed since the check spawn nothing. @internal
 */
export async function spawnPlan(
  plan: SpawnPlan,
  call: CallOptions & Record<string, unknown>,
  ctx: SpawnContext,
): Promise<ProcessOutcome> {
  const { command } = plan;
  if (call.signal?.aborted)
    throw new RockyAbortError({ command, reason: call.signal.reason, spawned: false });
  checkCwd(plan.cwd, command);
  if (ctx.spec !== undefined) {
    const version = await ctx.gate.ensure(command, call.signal);
    ctx.gate.checkVerb(version, ctx.spec, call);
    if (plan.shadowed) ctx.gate.checkShadow(version, command);
  }
  // No extra event-loop turn once loaded.
  const runProcess = spawner ?? (await loadSpawner());
  // From here to the spawn (inside runProcess, before its first await): no await.
  assertConfigUnchanged(plan);
  ensureStateDir(plan);
  const log = ctx.logger.child({ invocationId: randomUUID(), command });
  if (log.isLevelEnabled("debug"))
    log.debug(
      { argv: maskArgv([plan.binaryPath, ...plan.argv], plan.secretFlags) },
      "spawning rocky",
    );
  const outcome = await runProcess({
    command,
    binaryPath: plan.binaryPath,
    args: plan.argv,
    cwd: plan.cwd,
    env: plan.env,
    timeoutMs: call.timeoutMs ?? ctx.timeoutMs,
    killGraceMs: ctx.killGraceMs,
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
