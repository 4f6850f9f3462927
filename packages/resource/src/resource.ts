import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { loadConfigFile } from "./config-file.js";
import { RockyConfigError } from "./errors.js";
import { commandError, interpretExit } from "./exit-codes.js";
import { type LoggerLike, silentLogger } from "./logger.js";
import { installNewerMethods, type NewerVerbMethods } from "./newer-methods.js";
import {
  type ResolvedOptions,
  type ResourceOptionsOf,
  RockyResourceConfigSchema,
  type RockyResourceOptions,
  resolveOptions,
} from "./options.js";
import type { ProcessOutcome } from "./process/run.js";
import { applyResolvers, type ResolverContext } from "./resolvers.js";
import {
  defaultShadowSuffix,
  type Env,
  type ShadowContext,
  type ShadowSuffixContext,
} from "./shadow/index.js";
import { recordShadowSuffix, type ShadowRecord } from "./shadow/record.js";
import {
  callSite,
  type PlanHost,
  prepareCall,
  type SpawnPlan,
  shadowContextOf,
  spawnPlan,
  suffixRanWith,
  versionPlan,
  warnOnceInDeployment,
} from "./spawn-plan.js";
import { parseStrictDoctor, type StrictDoctor, strictDoctorGate } from "./startup-gate.js";
import { parseOrThrow } from "./validation.js";
import { validateGovernanceOverride } from "./verbs/governance-override.js";
import {
  loadVerb,
  type OptionsOf,
  type ResultOf,
  type RockyVerb,
  type VerbArgsOptions,
  verbLoaded,
  verbSpec,
} from "./verbs/index.js";
import type * as V from "./verbs/public.js";
import { type CallOptions, CallOptionsSchema, type GovernanceOverride } from "./verbs/shared.js";
import type { StateHealthOptions, StateHealthResult } from "./verbs/state-health.js";
import { loadOutput, type VerbSpec } from "./verbs/types.js";
import { parseRockyVersion, type RockyVersionInfo } from "./version.js";
import { VersionGate } from "./version-gate.js";

const VERSION_PROBE_TIMEOUT_MS = 60_000;

/**
 * The full argv (global flags included), child environment and spawn plan a
 * call would spawn with, after every check; throws exactly what the call
 * would throw. @internal For the safety property tests and the bench.
 */
export let prepareInvocation: (
  resource: RockyResource,
  verb: RockyVerb,
  options: unknown,
) => Promise<{ argv: string[]; env: Env; plan: SpawnPlan }>;

export interface RockyResource extends NewerVerbMethods {}

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: NewerVerbMethods (./newer-methods.ts, the newer verbs and runCli), installed by the static block
export class RockyResource {
  /**
   * The options this class accepts, in code and in a config file: `RockyResourceConfigSchema`. A
   * subclass with options of its own declares them by extending it, and takes them in its
   * constructor (`RockyResourceOptions & { defaultFilter?: string }`), passing the options on to
   * `super`: the constructor, `fromConfig` and `fromConfigFile` then accept and check them, and
   * still refuse an unknown key with the nearest known name.
   *
   * ```ts
   * static override readonly optionsSchema = RockyResource.optionsSchema.extend({
   *   defaultFilter: z.string().optional(),
   * });
   * ```
   */
  static readonly optionsSchema: typeof RockyResourceConfigSchema = RockyResourceConfigSchema;
  /**
   * The resolved options, defaults applied (after `fromConfigFile`: the file's values, its
   * relative paths resolved, and the overrides), frozen. Without `env` and `serverToken`, which
   * stay private.
   */
  readonly options: Readonly<Omit<ResolvedOptions, "env" | "serverToken">>;
  /** The resource's logger (a silent one when none was given). */
  protected readonly logger: LoggerLike;
  readonly #gate: VersionGate;
  /** Kept apart from `options` so that inspecting or logging the resource never shows it. */
  readonly #serverToken: string | undefined;
  /** The `env` option (a private copy), for the same reason; undefined: `process.env` per call. */
  readonly #env: Env | undefined;
  /** `shadowMode: "off"` was given explicitly (the default is "branch_deploy"). */
  readonly #explicitOff: boolean;
  readonly #host: PlanHost;

  /** Validates `options` (every bad field named at once); spawns nothing. */
  constructor(options: RockyResourceOptions = {}) {
    const { serverToken, env, ...resolved } = resolveOptions(
      options,
      undefined,
      new.target.optionsSchema,
    );
    // Frozen to the last array: settings.previewDetectors is read by every call.
    if (resolved.previewDetectors !== undefined) Object.freeze(resolved.previewDetectors);
    this.options = Object.freeze(resolved);
    this.#serverToken = serverToken;
    this.#env = env === undefined ? undefined : Object.freeze(env);
    this.#explicitOff = (options as { shadowMode?: unknown } | null)?.shadowMode === "off";
    this.logger = ((this.options.logger as LoggerLike | undefined) ?? silentLogger).child({
      component: "rocky-resource",
    });
    this.#host = Object.freeze({
      settings: this.options,
      envOption: this.#env,
      suffixHook: (ctx: ShadowSuffixContext) => this.resolveShadowSuffix(ctx),
      buildArgs: (verb: RockyVerb, o: Record<string, unknown>) =>
        this.buildArgs(verb, o as VerbArgsOptions[typeof verb]),
      argsContext: { modelsDir: this.options.modelsDir, contractsDir: this.options.contractsDir },
      resolvers: {
        resolveGovernanceOverride: (ctx: ResolverContext) => this.resolveGovernanceOverride(ctx),
        resolveIdempotencyKey: (ctx: ResolverContext) => this.resolveIdempotencyKey(ctx),
        resolveTimeoutMs: (ctx: ResolverContext) => this.resolveTimeoutMs(ctx),
      },
      onDecision: this.#explicitOff ? warnOnceInDeployment(this.logger) : () => {},
    });
    // A hung `--version` must not hold every call for the full command timeout.
    const probe = () =>
      this.version({ timeoutMs: Math.min(this.options.timeoutMs, VERSION_PROBE_TIMEOUT_MS) });
    // The binary as the spawn resolves it: from the cwd and the env of a call starting now.
    this.#gate = new VersionGate(probe, this.logger, this.options.binaryPath, () => {
      const { cwd, env } = callSite(this.options, this.#env);
      return { cwd, env };
    });
  }

  /**
   * A resource from a plain config object (as parsed from JSON or YAML); `overrides` (typed as
   * the class's own options) win over it.
   */
  static fromConfig<T extends typeof RockyResource>(
    this: T,
    config: unknown,
    overrides: Partial<ResourceOptionsOf<T>> = {},
  ): InstanceType<T> {
    const merged =
      typeof config === "object" && config !== null && !Array.isArray(config)
        ? { ...config, ...overrides }
        : config;
    return new this(merged as RockyResourceOptions) as InstanceType<T>;
  }

  /**
   * A resource from a JSON or YAML file; errors name the file and the field. The file may hold
   * the class's `optionsSchema` keys (a subclass's own too). `overrides` (a logger, an env, a
   * binaryPath found at run time...; typed as the class's own options) win over the file.
   */
  static async fromConfigFile<T extends typeof RockyResource>(
    this: T,
    path: string,
    overrides: Partial<ResourceOptionsOf<T>> = {},
  ): Promise<InstanceType<T>> {
    const config = await loadConfigFile(path);
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new RockyConfigError(
        [{ path: "", message: "the file must hold an object of options" }],
        { filePath: path },
      );
    }
    // File-attributed errors, against this class's options, before overrides apply.
    // biome-ignore lint/complexity/noThisInStatic: a subclass's options are its own optionsSchema
    resolveOptions(config, path, this.optionsSchema);
    // biome-ignore lint/complexity/noThisInStatic: a subclass must get an instance of itself
    return this.fromConfig(config, overrides);
  }

  /**
   * An async factory (Pulumi's `LocalWorkspace.create` is the model): builds
   * the resource, runs the version gate, and with `strictDoctor` (`true`, or
   * a list of check names) runs `rocky doctor` once, refusing to return a
   * resource when a strict check is critical (`RockyDoctorError` listing the
   * failures). Works on subclasses and returns the subclass.
   */
  static async create<T extends typeof RockyResource>(
    this: T,
    options: ResourceOptionsOf<T> & { strictDoctor?: StrictDoctor } = {},
  ): Promise<InstanceType<T>> {
    const { strictDoctor, ...rest } = (options ?? {}) as RockyResourceOptions & {
      strictDoctor?: unknown;
    };
    const strict = parseStrictDoctor(strictDoctor);
    const resource = new this(rest) as InstanceType<T>;
    await resource.#gate.ensure("--version", undefined);
    if (strict !== null) await strictDoctorGate(() => resource.doctor(), strict, resource.logger);
    return resource;
  }

  // ------------------------------------------------------------------ verbs

  /** `rocky --version`, parsed. Always spawns. */
  async version(options: CallOptions = {}): Promise<RockyVersionInfo> {
    const parsed = parseOrThrow(CallOptionsSchema, options, { command: "version" });
    const call = applyResolvers("version", parsed, undefined, this.#host.resolvers) as CallOptions &
      Record<string, unknown>;
    const outcome = await this.#spawn(versionPlan(this.options, this.#env), call);
    if (outcome.exitCode !== 0) throw commandError("version", outcome);
    return parseRockyVersion(outcome.stdout);
  }

  /** `rocky run`: replicate (and optionally run models) for one filter. */
  run(options: V.RunOptions): Promise<V.RunResult & ShadowRecord> {
    return this.#invokeShadow("run", options);
  }

  /** `rocky plan`: persists a plan (`.rocky/plans/<plan_id>.json` under cwd) and returns it. */
  plan(options: V.PlanOptions): Promise<V.PlanResult & ShadowRecord> {
    return this.#invokeShadow("plan", options);
  }

  /**
   * `rocky apply <planId>`, `plan().plan_id` as typed (a missing id is refused: rocky did not persist
   * the plan). With a suffix in force (the deployment's, or `shadowSuffix`: a fleet worker's PR job)
   * the persisted plan must be proven shadowed with it and its pipeline checked against the current
   * config before anything is spawned.
   */
  apply(
    planId: string | null | undefined,
    options: V.ApplyOptions = {},
  ): Promise<V.ApplyResult & ShadowRecord> {
    return this.#invokeShadow("apply", { ...options, planId: planId as string });
  }

  /** `rocky discover`: the sources the adapters see. */
  discover(options: V.DiscoverOptions = {}): Promise<V.DiscoverResult> {
    return this.#invoke("discover", options);
  }

  /** `rocky state`: the stored watermarks. */
  state(options: V.StateOptions = {}): Promise<V.StateResult> {
    return this.#invoke("state", options);
  }

  /** `rocky doctor`; a critical finding (exit 3 with a report) is a result, not an error. */
  doctor(options: V.DoctorOptions = {}): Promise<V.DoctorResult> {
    return this.#invoke("doctor", options);
  }

  /** `rocky compile`; a failed compilation (exit 1 with a report) is a result. */
  compile(options: V.CompileOptions = {}): Promise<V.CompileResult> {
    return this.#invoke("compile", options);
  }

  /** `rocky test`; failing tests (exit 1 with a report) are a result, not an error. */
  test(options: V.TestOptions = {}): Promise<V.TestResult> {
    return this.#invoke("test", options);
  }

  /**
   * `rocky compare`: shadow tables vs production, with the same suffix `run`
   * would use. Refuses when no suffix is in force rather than comparing
   * rocky's default `_rocky_shadow` tables by accident. A failing comparison
   * (exit 1 with a report) is a result.
   */
  compare(options: V.CompareOptions): Promise<V.CompareResult & ShadowRecord> {
    return this.#invokeShadow("compare", options);
  }

  /**
   * `rocky run --resume=<runId>`, or `--resume-latest` without a run id:
   * re-runs what that run left unfinished. Shadowed exactly like `run()`
   * (fail closed). rocky runs everything afresh, without `resumed_from` in the
   * result, when it has no progress for the id.
   */
  resumeRun(options: V.ResumeRunOptions): Promise<V.ResumeRunResult & ShadowRecord>;
  resumeRun(
    runId: string | undefined,
    options: V.ResumeRunOptions,
  ): Promise<V.ResumeRunResult & ShadowRecord>;
  resumeRun(
    runIdOrOptions: string | undefined | V.ResumeRunOptions,
    options?: V.ResumeRunOptions,
  ): Promise<V.ResumeRunResult & ShadowRecord> {
    if (typeof runIdOrOptions === "object" && runIdOrOptions !== null && options === undefined) {
      return this.#invokeShadow("resumeRun", runIdOrOptions);
    }
    return this.#invokeShadow("resumeRun", { ...options, runId: runIdOrOptions } as never);
  }

  /**
   * `rocky run --model=<name>`: one compiled model, no replication, no filter.
   * Shadowed exactly like `run()` (fail closed); `pipeline` needs rocky >= 1.69.0.
   */
  runModel(
    name: string,
    options: V.RunModelOptions = {},
  ): Promise<V.RunModelResult & ShadowRecord> {
    return this.#invokeShadow("runModel", { ...options, name });
  }

  /**
   * `rocky branch approve <name>`. Refused where runs are shadowed (an
   * automated PR deployment's sign-off is no human approval).
   */
  branchApprove(
    name: string,
    options: V.BranchApproveOptions = {},
  ): Promise<V.BranchApproveResult> {
    return this.#invoke("branchApprove", { ...options, name });
  }

  /**
   * `rocky branch promote <name>`: writes production. Refused where runs are
   * shadowed (RockyShadowError, nothing spawned). A promotion that did not
   * fully succeed throws RockyPartialFailureError with the report, unless
   * `allowPartial: true`.
   */
  branchPromote(
    name: string,
    options: V.BranchPromoteOptions = {},
  ): Promise<V.BranchPromoteResult> {
    return this.#invoke("branchPromote", { ...options, name });
  }

  /**
   * `rocky plan promote <name>`: persists a promote plan. Refused where runs
   * are shadowed, as is `apply()` of a promote plan there.
   */
  planPromote(name: string, options: V.PlanPromoteOptions = {}): Promise<V.PlanPromoteResult> {
    return this.#invoke("planPromote", { ...options, name });
  }

  /** `rocky product verify <product>`; needs_input (exit 1) and fail (exit 2) are results. */
  productVerify(
    product: string,
    options: V.ProductVerifyOptions = {},
  ): Promise<V.ProductVerifyResult> {
    return this.#invoke("productVerify", { ...options, product });
  }

  /** `rocky product compile <product>`: writes the product's model and contract files. */
  productCompile(
    product: string,
    options: V.ProductCompileOptions = {},
  ): Promise<V.ProductCompileResult> {
    return this.#invoke("productCompile", { ...options, product });
  }

  /** `rocky product approve <product>`. Refused where runs are shadowed (a human authority transition). */
  productApprove(
    product: string,
    options: V.ProductApproveOptions = {},
  ): Promise<V.ProductApproveResult> {
    return this.#invoke("productApprove", { ...options, product });
  }

  /** `rocky product status <product>` (read-only). */
  productStatus(
    product: string,
    options: V.ProductStatusOptions = {},
  ): Promise<V.ProductStatusResult> {
    return this.#invoke("productStatus", { ...options, product });
  }

  /** `rocky preview create`: a per-PR branch schema (`branch__<name>`); allowed anywhere. */
  previewCreate(options: V.PreviewCreateOptions = {}): Promise<V.PreviewCreateResult> {
    return this.#invoke("previewCreate", options);
  }

  /** `rocky preview diff`: the preview branch against its base, with PR-comment markdown. */
  previewDiff(options: V.PreviewDiffOptions): Promise<V.PreviewDiffResult> {
    return this.#invoke("previewDiff", options);
  }

  /** `rocky preview cost`: the preview branch's cost against its base, with PR-comment markdown. */
  previewCost(options: V.PreviewCostOptions): Promise<V.PreviewCostResult> {
    return this.#invoke("previewCost", options);
  }

  // ------------------------------------------- report and inspection verbs

  /**
   * `rocky lineage <target>`: a model's lineage, or one column's trace when
   * `target` is `model.column` or `column` is given. Narrow on `kind`
   * (`"model"` | `"column"`).
   */
  lineage(target: string, options: V.LineageOptions = {}): Promise<V.LineageResult> {
    return this.#invoke("lineage", { ...options, target });
  }

  /** `rocky catalog`: assets and column edges (rocky also writes them under `out`). */
  catalog(options: V.CatalogOptions = {}): Promise<V.CatalogResult> {
    return this.#invoke("catalog", options);
  }

  /** `rocky dag`: the unified DAG, with column lineage when `columnLineage` is set. */
  dag(options: V.DagOptions = {}): Promise<V.DagResult> {
    return this.#invoke("dag", options);
  }

  /** `rocky history`: runs, one model's executions or one recipe's; narrow on `kind`. */
  history(options: V.HistoryOptions = {}): Promise<V.HistoryResult> {
    return this.#invoke("history", options);
  }

  /** `rocky metrics <model>`; a model without snapshots is a result with `message` set. */
  metrics(model: string, options: V.MetricsOptions = {}): Promise<V.MetricsResult> {
    return this.#invoke("metrics", { ...options, model });
  }

  /** `rocky optimize`: materialization strategy recommendations. */
  optimize(options: V.OptimizeOptions = {}): Promise<V.OptimizeResult> {
    return this.#invoke("optimize", options);
  }

  /** `rocky cost <run-id | latest>`: a run's recorded cost per model. */
  cost(target = "latest", options: V.CostOptions = {}): Promise<V.CostResult> {
    return this.#invoke("cost", { ...options, target });
  }

  /** `rocky ci`: compile + test; a failing gate (exit 1 with its report) is a result. */
  ci(options: V.CiOptions = {}): Promise<V.CiResult> {
    return this.#invoke("ci", options);
  }

  /** `rocky compliance`; with `failOnException`, exceptions (exit 1 with the report) are a result. */
  compliance(options: V.ComplianceOptions = {}): Promise<V.ComplianceResult> {
    return this.#invoke("compliance", options);
  }

  /** `rocky retention-status`: configured retention per model. */
  retentionStatus(options: V.RetentionStatusOptions = {}): Promise<V.RetentionStatusResult> {
    return this.#invoke("retentionStatus", options);
  }

  /** `rocky review --status <planId>`: a plan's review state (rocky >= 1.71). */
  reviewStatus(planId: string, options: V.ReviewStatusOptions = {}): Promise<V.ReviewStatusResult> {
    return this.#invoke("reviewStatus", { ...options, planId });
  }

  /** `rocky hooks list`: the configured hooks. */
  hooksList(options: V.HooksListOptions = {}): Promise<V.HooksListResult> {
    return this.#invoke("hooksList", options);
  }

  /**
   * `rocky hooks test <event>`: fires a synthetic event, which RUNS the
   * configured hook commands and webhooks; `status: "abort"` is a result.
   */
  hooksTest(event: string, options: V.HooksTestOptions = {}): Promise<V.HooksTestResult> {
    return this.#invoke("hooksTest", { ...options, event });
  }

  /** `rocky validate-migration`: a dbt project imported and checked. */
  validateMigration(options: V.ValidateMigrationOptions): Promise<V.ValidateMigrationResult> {
    return this.#invoke("validateMigration", options);
  }

  /** `rocky test-adapter`: adapter conformance; failed tests (exit 1 with the report) are a result. */
  testAdapter(options: V.TestAdapterOptions): Promise<V.TestAdapterResult> {
    return this.#invoke("testAdapter", options);
  }

  /** `rocky ai <intent>`: generates a model (files in the models directory). */
  ai(intent: string, options: V.AiOptions = {}): Promise<V.AiResult> {
    return this.#invoke("ai", { ...options, intent });
  }

  /** `rocky ai-sync`: proposed model edits for upstream schema changes. */
  aiSync(options: V.AiSyncOptions = {}): Promise<V.AiSyncResult> {
    return this.#invoke("aiSync", options);
  }

  /** `rocky ai-explain [model]`: intent drafted from code; pass a model or `all: true`. */
  aiExplain(model?: string, options: V.AiExplainOptions = {}): Promise<V.AiExplainResult> {
    return this.#invoke("aiExplain", model === undefined ? options : { ...options, model });
  }

  /** `rocky ai-test [model]`: assertions drafted from intent; pass a model or `all: true`. */
  aiTest(model?: string, options: V.AiTestOptions = {}): Promise<V.AiTestResult> {
    return this.#invoke("aiTest", model === undefined ? options : { ...options, model });
  }

  /** `rocky ai-contract <model>`: a contract drafted from observed data (rocky >= 1.44). */
  aiContract(model: string, options: V.AiContractOptions = {}): Promise<V.AiContractResult> {
    return this.#invoke("aiContract", { ...options, model });
  }

  /** `rocky branch list`: the branches registered in the state store. */
  branchList(options: V.BranchListOptions = {}): Promise<V.BranchListResult> {
    return this.#invoke("branchList", options);
  }

  /** `rocky branch show <name>`; an unknown branch is a RockyCommandError (exit 1). */
  branchShow(name: string, options: V.BranchShowOptions = {}): Promise<V.BranchShowResult> {
    return this.#invoke("branchShow", { ...options, name });
  }

  /**
   * `rocky branch compare <name>`: the branch's schema against production,
   * as `compare()` reports it; a failing comparison (exit 1 with the report) is a result.
   */
  branchCompare(
    name: string,
    options: V.BranchCompareOptions = {},
  ): Promise<V.BranchCompareResult> {
    return this.#invoke("branchCompare", { ...options, name });
  }

  /**
   * dagster-rocky's `state_health`: the configured `[state] backend`, the
   * latest recorded run (`rocky history`) and, with `probeWrite`, the
   * `state_rw` probe (`rocky doctor --check=state_rw`). Engine failures
   * degrade to nulls (a failed probe to `probeOutcome: "error"`) instead of
   * throwing; bad options and an abort still throw.
   */
  async stateHealth(options: StateHealthOptions = {}): Promise<StateHealthResult> {
    // Loaded on first use, like a table verb.
    const { stateHealth } = await import("./verbs/state-health.js");
    return stateHealth(options, {
      callSite: () => callSite(this.options, this.#env),
      configPath: this.options.configPath,
      run: (spec, call) => this.#run(spec, call),
      doctor: (call) => this.#invoke("doctor", call),
    });
  }

  /** rocky-sdk's `validate_governance_override`: a RockyConfigError naming the field unless `override`
   * is nullish, or rocky-core's `GovernanceOverride` with consent to an empty `workspace_ids`. */
  static validateGovernanceOverride(override: GovernanceOverride | null | undefined): void {
    validateGovernanceOverride(override);
  }

  /**
   * The shadow decision for the current environment: branch info and the
   * suffix a run with these options would carry. Throws what run() would.
   */
  shadowContext(options: Partial<V.RunOptions> = {}): ShadowContext {
    return shadowContextOf(this.#host, options);
  }

  // ------------------------------------------------------------------ hooks

  /**
   * The suffix for a run, plan or compare when the call gives none. Return
   * null for production tables. Whatever this returns is checked: a value
   * that is not an identifier throws, and inside a branch deployment (or
   * preview, or "always") a missing suffix throws; nothing is spawned.
   */
  protected resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    return defaultShadowSuffix(ctx, this.options.shadowSuffix);
  }

  /**
   * `--governance-override` for a call that gives none (run, plan, and any
   * verb whose options take `governanceOverride`). Return null for none.
   * The value is checked after it returns (a plain JSON object; an empty
   * `workspace_ids` needs `allow_empty_workspace_ids: true`) and masked in
   * logs; a throw or a bad value is a RockyConfigError naming this hook, and
   * nothing is spawned.
   */
  protected resolveGovernanceOverride(
    _ctx: ResolverContext,
  ): GovernanceOverride | null | undefined {
    return undefined;
  }

  /**
   * `--idempotency-key` for a call that gives none (verbs whose options take
   * `idempotencyKey`). Return null for none. Checked after it returns
   * (non-empty, at most 256 characters, no control character, no leading
   * `-`) and masked in logs; a throw or a bad value is a RockyConfigError
   * naming this hook, and nothing is spawned.
   */
  protected resolveIdempotencyKey(_ctx: ResolverContext): string | null | undefined {
    return undefined;
  }

  /**
   * The deadline in ms for a call that gives no `timeoutMs` (every method);
   * null keeps the resource's `timeoutMs`. Checked after it returns (a whole
   * number in [1, 2147483647]); a throw or a bad value is a RockyConfigError
   * naming this hook, and nothing is spawned.
   */
  protected resolveTimeoutMs(_ctx: ResolverContext): number | null | undefined {
    return undefined;
  }

  /**
   * The verb and its flags (global flags are added before them). Override to
   * add defaults; values must stay argv-safe. Shadow flags are re-checked
   * after this returns.
   */
  protected buildArgs<V extends RockyVerb>(verb: V, options: VerbArgsOptions[V]): string[] {
    return verbSpec(verb).args(options, this.#host.argsContext);
  }

  // -------------------------------------------------------------- internals

  /**
   * One call of a table verb: prepare, gate, spawn, interpret; or, for a
   * verb with an HTTP route while `serverUrl` is set, one GET on rocky serve.
   */
  async #invoke<V extends RockyVerb>(verb: V, input: OptionsOf<V>): Promise<ResultOf<V>> {
    // The verb's module loads on its first call; no extra event-loop turn after that.
    const spec = (verbLoaded(verb) ?? (await loadVerb(verb))) as unknown as VerbSpec;
    const serverUrl = this.options.serverUrl;
    // The HTTP client loads only for a resource with serverUrl, and a verb whose module declares a route.
    if (serverUrl !== undefined && spec.http !== undefined) {
      const http = await import("./http/index.js");
      // The verb's own schema first (a misspelt option is named as on the CLI path),
      // then the route refuses what the API cannot honour.
      const call = parseOrThrow(spec.options, input ?? {}, { command: verb });
      const log = this.logger.child({ invocationId: randomUUID(), command: verb });
      return http.serverGet(verb, spec, call as Record<string, unknown>, {
        serverUrl,
        token: this.#serverToken,
        timeoutMs: this.options.serverTimeoutMs,
        debug: log.isLevelEnabled("debug") ? (fields, msg) => log.debug(fields, msg) : undefined,
      }) as Promise<ResultOf<V>>;
    }
    return this.#run(spec, input, verb) as Promise<ResultOf<V>>;
  }

  /** A call of a verb whose result records the shadow suffix it ran with (`ShadowRecord`). */
  #invokeShadow<V extends RockyVerb>(
    verb: V,
    input: OptionsOf<V>,
  ): Promise<ResultOf<V> & ShadowRecord> {
    return this.#invoke(verb, input) as Promise<ResultOf<V> & ShadowRecord>;
  }

  /** prepare, gate, spawn, interpret; `verb` (a table verb) routes argv through `buildArgs`. */
  async #run<T>(spec: VerbSpec<z.ZodType, T>, input: unknown, verb?: RockyVerb): Promise<T> {
    const { call, plan } = await prepareCall(this.#host, spec as VerbSpec, input, verb);
    // First call of a verb: its output schema loads while rocky runs.
    let output = loadOutput(spec.output);
    if (output instanceof Promise) output.catch(() => {}); // awaited below; no unhandled rejection meanwhile
    const outcome = await this.#spawn(plan, call, spec as VerbSpec);
    if (output instanceof Promise) output = await output;
    const ready = output;
    return recordShadowSuffix(spec.shadow, suffixRanWith(plan), () =>
      interpretExit(outcome, {
        command: plan.command,
        resultExitCodes: spec.resultExitCodes,
        allowPartial: (call as { allowPartial?: boolean }).allowPartial,
        output: ready,
      }),
    );
  }

  static {
    // Test seam (not exported from the package): what a call would spawn, without spawning.
    prepareInvocation = async (resource, verb, options) => {
      const spec = (await loadVerb(verb)) as unknown as VerbSpec;
      const { plan } = await prepareCall(resource.#host, spec, options, verb);
      return { argv: [...plan.argv], env: plan.env, plan };
    };
    installNewerMethods<RockyResource>(RockyResource.prototype, {
      invoke: (self, verb, input) => self.#invoke(verb, input),
      run: (self, spec, input) => self.#run(spec, input) as never,
      shadowContext: (self) => shadowContextOf(self.#host, {}),
    });
  }

  /** Spawns exactly `plan`; table verbs pass the version gate first (`spec` given). */
  #spawn(
    plan: SpawnPlan,
    call: CallOptions & Record<string, unknown>,
    spec?: VerbSpec,
  ): Promise<ProcessOutcome> {
    const { timeoutMs, killGraceMs } = this.options;
    return spawnPlan(plan, call, {
      gate: this.#gate,
      spec,
      logger: this.logger,
      timeoutMs,
      killGraceMs,
    });
  }
}

// A verb added to VERBS without a method on RockyResource fails to compile here.
type MissingMethods = Exclude<RockyVerb, keyof RockyResource>;
const _everyVerbHasAMethod: [MissingMethods] extends [never] ? true : never = true;
void _everyVerbHasAMethod;
