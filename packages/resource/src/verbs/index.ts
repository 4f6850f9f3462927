/**
 * The verb table: the one list of rocky verbs this SDK wraps. Adding a verb
 * is one module in this folder, one line here and one method on
 * `RockyResource`; every type below follows from the table.
 */
import type { z } from "zod";
import { applyVerb } from "./apply.js";
import { branchCompareVerb } from "./branch-compare.js";
import { branchListVerb } from "./branch-list.js";
import { branchShowVerb } from "./branch-show.js";
import { compareVerb } from "./compare.js";
import { compileVerb } from "./compile.js";
import { discoverVerb } from "./discover.js";
import { doctorVerb } from "./doctor.js";
import { planVerb } from "./plan.js";
import { runVerb } from "./run.js";
import { CallOptionsSchema } from "./shared.js";
import { stateVerb } from "./state.js";
import { testVerb } from "./test.js";
import type { VerbSpec } from "./types.js";

export const VERBS = Object.freeze({
  run: runVerb,
  plan: planVerb,
  apply: applyVerb,
  discover: discoverVerb,
  state: stateVerb,
  doctor: doctorVerb,
  compile: compileVerb,
  test: testVerb,
  compare: compareVerb,
  branchList: branchListVerb,
  branchShow: branchShowVerb,
  branchCompare: branchCompareVerb,
});

type Verbs = typeof VERBS;

/** The rocky verbs this SDK wraps. */
export type RockyVerb = keyof Verbs;

/** The verbs whose runs take a shadow suffix (shadowed writes, and compare). */
export type ShadowVerb = {
  [V in RockyVerb]: Verbs[V]["shadow"] extends "shadowed_write" | "needs_suffix" ? V : never;
}[RockyVerb];

/** What a verb's method accepts (the schema's input type). */
export type OptionsOf<V extends RockyVerb> = z.input<Verbs[V]["options"]>;

/** Options of each verb as `buildArgs` receives them: validated, with the shadow suffix resolved. */
export type VerbArgsOptions = { [V in RockyVerb]: Readonly<z.output<Verbs[V]["options"]>> };

/** What a verb's method resolves to. */
export type ResultOf<V extends RockyVerb> =
  Verbs[V] extends VerbSpec<z.ZodType, infer T> ? T : never;

/** The spec of `verb`, typed loosely for the generic invoke. @internal */
export function verbSpec(verb: RockyVerb): VerbSpec {
  return VERBS[verb] as unknown as VerbSpec;
}

/** True when `verb` is in the table. @internal */
export function isRockyVerb(verb: unknown): verb is RockyVerb {
  return typeof verb === "string" && Object.hasOwn(VERBS, verb);
}

/** Options every method accepts: `signal`, `timeoutMs`, `onLog`. */
export type CallOptions = z.input<typeof CallOptionsSchema>;
/** Options of `run()`. */
export type RunOptions = OptionsOf<"run">;
/** Options of `plan()`. */
export type PlanOptions = OptionsOf<"plan">;
/** Options of `apply()` (the plan id is its first argument). */
export type ApplyOptions = Omit<OptionsOf<"apply">, "planId">;
/** Options of `discover()`. */
export type DiscoverOptions = OptionsOf<"discover">;
/** Options of `state()`. */
export type StateOptions = OptionsOf<"state">;
/** Options of `doctor()`. */
export type DoctorOptions = OptionsOf<"doctor">;
/** Options of `compile()`. */
export type CompileOptions = OptionsOf<"compile">;
/** Options of `test()`. */
export type TestOptions = OptionsOf<"test">;
/** Options of `compare()`. */
export type CompareOptions = OptionsOf<"compare">;
/** Options of `branchList()`. */
export type BranchListOptions = OptionsOf<"branchList">;
/** Options of `branchShow()` (the branch name is its first argument). */
export type BranchShowOptions = Omit<OptionsOf<"branchShow">, "name">;
/** Options of `branchCompare()` (the branch name is its first argument). */
export type BranchCompareOptions = Omit<OptionsOf<"branchCompare">, "name">;
/** `compare()`'s thresholds. */
export type CompareThresholds = NonNullable<CompareOptions["thresholds"]>;

export type { ApplyResult } from "./apply.js";
export type { GovernanceOverride } from "./shared.js";
export type {
  LastRunStatus,
  ProbeOutcome,
  StateBackend,
  StateHealth,
  StateHealthOptions,
} from "./state-health.js";
export type { ArgsContext } from "./types.js";
export { CallOptionsSchema };
