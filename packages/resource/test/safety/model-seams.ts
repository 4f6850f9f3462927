// The fail-closed model of the seams: one boundary whatever the call shape (the suffix's
// origin, the env's shape, a mutation later, the config), and apply's plan vs the config now.
import fc from "fast-check";
import {
  RockyResource,
  type RockyResourceOptions,
  type ShadowSuffixContext,
} from "../../src/index.js";
import type { RockyVerb } from "../../src/verbs/index.js";
import { type Env, globalsFor, shadowKey } from "./model.js";

// ------------------------------------------------ seams: one boundary, every call shape

/**
 * Where a shadowed write's suffix comes from: the mode (the default one, or
 * "branch_deploy" given), the call's `shadowSuffix` on a production worker, or
 * a `resolveShadowSuffix` hook on a production worker.
 */
export type SuffixOrigin = "mode-default" | "mode-explicit" | "call" | "hook";
/**
 * How the deployment reaches detection (mode origins): in the env option, in
 * process.env next to a curated env option, in both, two different ones, or
 * an unrecognised Dagster+ flag in either.
 */
export type EnvShape =
  | "option"
  | "process"
  | "both"
  | "conflicting"
  | "unrecognised-option"
  | "unrecognised-process";
/** When a subclass does something to the argv array or the cwd after buildArgs returned. */
export type Later = "none" | "microtask" | "timeout" | "immediate";
/** The config when the guard reads it, or replaced by a quality one while the version is probed. */
export type ConfigShape = "replication" | "quality" | "swapped";

/** One call shape through the spawn boundary. */
export interface SeamCase {
  verb: "run" | "plan" | "resumeRun" | "runModel";
  origin: SuffixOrigin;
  envShape: EnvShape;
  /** buildArgs' array stripped of its shadow flags (and pointed at a quality pipeline), later. */
  mutation: Later;
  /** process.chdir into a project with a quality config, later. */
  cwdChange: Later;
  config: ConfigShape;
  /** An idempotency key on the call (run, plan), or ROCKY_IDEMPOTENCY_KEY in the child env. */
  key: "none" | "call" | "env";
}

const laterArb = fc.constantFrom<Later>("none", "microtask", "timeout", "immediate");
export const seamCaseArb: fc.Arbitrary<SeamCase> = fc.record({
  verb: fc.constantFrom("run", "plan", "resumeRun", "runModel"),
  origin: fc.constantFrom("mode-default", "mode-explicit", "call", "hook"),
  envShape: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<EnvShape>("option", "process", "both") },
    fc.constantFrom<EnvShape>("conflicting", "unrecognised-option", "unrecognised-process"),
  ),
  mutation: laterArb,
  cwdChange: laterArb,
  config: fc.oneof(
    { weight: 2, arbitrary: fc.constant<ConfigShape>("replication") },
    fc.constantFrom<ConfigShape>("quality", "swapped"),
  ),
  key: fc.constantFrom("none", "call", "env"),
});

export const SEAM_SUFFIX = "_dagster_pr_42";
const PR = (n: number): Env => ({
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: String(n),
});
/** A least-privilege child environment: no Dagster+ variable. */
export const CURATED_ENV: Env = { PATH: "/usr/bin:/bin", API_TOKEN: "t0k" };

/** The env option and the process.env additions a case runs with. */
export function seamEnvs(c: SeamCase): { option: Env; process: Env } {
  const key: Env = c.key === "env" ? { ROCKY_IDEMPOTENCY_KEY: "nightly" } : {};
  if (c.origin === "call" || c.origin === "hook")
    return { option: { ...CURATED_ENV, ...key }, process: {} };
  const flag = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" };
  const shapes: Record<EnvShape, { option: Env; process: Env }> = {
    option: { option: PR(42), process: {} },
    process: { option: CURATED_ENV, process: PR(42) },
    both: { option: { ...CURATED_ENV, ...PR(42) }, process: PR(42) },
    conflicting: { option: PR(42), process: PR(7) },
    "unrecognised-option": { option: { ...CURATED_ENV, ...flag }, process: {} },
    "unrecognised-process": { option: CURATED_ENV, process: flag },
  };
  const s = shapes[c.envShape];
  return { option: { ...s.option, ...key }, process: s.process };
}

/** The call a case makes (idempotencyKey only where the verb takes one). */
export function seamCall(c: SeamCase): Record<string, unknown> {
  const base: Record<string, unknown> = c.verb === "runModel" ? {} : { filter: "tenant=acme" };
  if (c.origin === "call") base.shadowSuffix = SEAM_SUFFIX;
  if (c.key === "call" && (c.verb === "run" || c.verb === "plan")) base.idempotencyKey = "nightly";
  return base;
}

/** What the rules say a seam case does: a typed refusal (nothing spawned), or exactly one spawn. */
export type SeamExpected =
  | { refused: string; probed: boolean }
  | { argv: string[]; envKey: string | undefined };

/** The rules, computed without the resource. */
export function seamExpected(c: SeamCase): SeamExpected {
  const mode = c.origin === "mode-default" || c.origin === "mode-explicit";
  if (mode && c.envShape === "conflicting")
    return { refused: "DEPLOYMENT_AMBIGUOUS", probed: false };
  if (mode && c.envShape.startsWith("unrecognised"))
    return { refused: "DEPLOYMENT_UNKNOWN", probed: false };
  // runModel without a pipeline never reaches the quality arm: no config is read or re-read.
  const readsConfig = c.verb !== "runModel";
  if (readsConfig && c.config === "quality")
    return { refused: "PIPELINE_NOT_SHADOWABLE", probed: false };
  if (readsConfig && c.config === "swapped") return { refused: "CONFIG_CHANGED", probed: true };
  const s = SEAM_SUFFIX;
  const shadow = ["--shadow", `--shadow-suffix=${s}`];
  const key = c.key === "call" && (c.verb === "run" || c.verb === "plan");
  const verbArgs: Record<SeamCase["verb"], string[]> = {
    run: ["run", "--filter=tenant=acme", ...shadow],
    plan: ["plan", "--filter=tenant=acme", ...shadow],
    resumeRun: ["run", "--filter=tenant=acme", "--resume-latest", ...shadow],
    runModel: ["run", "--model=orders", "--models=models", ...shadow],
  };
  return {
    argv: [
      ...globalsFor(s),
      ...verbArgs[c.verb],
      ...(key ? [`--idempotency-key=${shadowKey(s, "nightly")}`] : []),
    ],
    envKey: c.key === "env" ? shadowKey(s, "nightly") : undefined,
  };
}

/** Schedules `f` at a case's timing. */
export function later(when: Later, f: () => void): void {
  if (when === "microtask") queueMicrotask(f);
  else if (when === "timeout") setTimeout(f, 0);
  else if (when === "immediate") setImmediate(f);
}

/**
 * A resource whose buildArgs misbehaves as a case says: it mutates its
 * returned array and changes the process's cwd at the case's timings; and
 * whose hook names the suffix for the "hook" origin.
 */
export class SeamSubject extends RockyResource {
  constructor(
    private readonly c: SeamCase,
    private readonly elsewhere: string,
    options: RockyResourceOptions,
  ) {
    super(options);
  }
  protected override resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    return this.c.origin === "hook" ? SEAM_SUFFIX : super.resolveShadowSuffix(ctx);
  }
  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: Parameters<RockyResource["buildArgs"]>[1],
  ): string[] {
    const args = super.buildArgs(verb, options as never);
    later(this.c.mutation, () => {
      const keep = args.filter((t) => t !== "--shadow" && !t.startsWith("--shadow-suffix"));
      args.splice(0, args.length, ...keep, "--pipeline=checks");
    });
    later(this.c.cwdChange, () => process.chdir(this.elsewhere));
    return args;
  }
}

/** Resource options of a seam case (no cwd: rocky's cwd is the process's when the call starts). */
export function seamOptions(c: SeamCase, binaryPath: string, option: Env): RockyResourceOptions {
  return {
    binaryPath,
    env: option,
    ...(c.origin === "mode-explicit" ? { shadowMode: "branch_deploy" as const } : {}),
  };
}

// ----------------------------------------- apply: the plan's pipeline vs the current config

/** One apply of a persisted plan, on a PR deployment or a production worker naming the suffix. */
export interface ApplySeamCase {
  origin: "mode" | "call";
  planSuffix: "same" | "other";
  planPipeline: "named" | "unnamed";
  /** The plan's idempotency key: none, namespaced for the suffix, or production's raw key. */
  planKey: "none" | "namespaced" | "raw";
  /** The config when apply runs: p still replication, p turned quality, p renamed q, or p and q. */
  configNow: "replication" | "quality" | "renamed" | "several";
}

export const applySeamArb: fc.Arbitrary<ApplySeamCase> = fc.record({
  origin: fc.constantFrom("mode", "call"),
  planSuffix: fc.oneof(
    { weight: 4, arbitrary: fc.constant("same" as const) },
    fc.constant("other" as const),
  ),
  planPipeline: fc.constantFrom("named", "unnamed"),
  planKey: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom("none" as const, "namespaced" as const) },
    fc.constant("raw" as const),
  ),
  configNow: fc.constantFrom("replication", "quality", "renamed", "several"),
});

/** The persisted run plan's payload for a case. */
export function applySeamPayload(c: ApplySeamCase): Record<string, unknown> {
  const suffix = c.planSuffix === "same" ? SEAM_SUFFIX : "_dagster_pr_7";
  return {
    filter: "tenant=acme",
    shadow: true,
    shadow_suffix: suffix,
    ...(c.planPipeline === "named" ? { pipeline: "p" } : {}),
    ...(c.planKey === "none"
      ? {}
      : { idempotency_key: c.planKey === "raw" ? "nightly" : shadowKey(SEAM_SUFFIX, "nightly") }),
  };
}

/** What the rules say: refused with a code, or the apply argv on the shadow namespace. */
export function applySeamExpected(
  c: ApplySeamCase,
  id: string,
): { refused: string } | { argv: string[] } {
  if (c.planSuffix === "other") return { refused: "PLAN_NOT_SHADOWED" };
  if (c.planKey === "raw") return { refused: "STATE_NOT_ISOLATED" };
  // rocky resolves the plan's pipeline against the config as it is now (apply.rs).
  if (c.configNow === "quality") return { refused: "PIPELINE_NOT_SHADOWABLE" };
  if (c.configNow === "renamed" && c.planPipeline === "named")
    return { refused: "PIPELINE_UNKNOWN" };
  if (c.configNow === "several" && c.planPipeline === "unnamed")
    return { refused: "PIPELINE_UNKNOWN" };
  return { argv: [...globalsFor(SEAM_SUFFIX), "apply", id] };
}
