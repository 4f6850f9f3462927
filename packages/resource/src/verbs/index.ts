/**
 * The verb table: the one list of rocky verbs this SDK wraps. Adding a verb
 * is one module in this folder, one line here and one method on
 * `RockyResource`; every type below follows from the table.
 */
import type { z } from "zod";
import { aiVerb } from "./ai.js";
import { aiContractVerb } from "./ai-contract.js";
import { aiExplainVerb } from "./ai-explain.js";
import { aiSyncVerb } from "./ai-sync.js";
import { aiTestVerb } from "./ai-test.js";
import { applyVerb } from "./apply.js";
import { branchApproveVerb } from "./branch-approve.js";
import { branchPromoteVerb } from "./branch-promote.js";
import { catalogVerb } from "./catalog.js";
import { ciVerb } from "./ci.js";
import { compareVerb } from "./compare.js";
import { compileVerb } from "./compile.js";
import { complianceVerb } from "./compliance.js";
import { costVerb } from "./cost.js";
import { dagVerb } from "./dag.js";
import { discoverVerb } from "./discover.js";
import { doctorVerb } from "./doctor.js";
import { historyVerb } from "./history.js";
import { hooksListVerb } from "./hooks-list.js";
import { hooksTestVerb } from "./hooks-test.js";
import { lineageVerb } from "./lineage.js";
import { metricsVerb } from "./metrics.js";
import { optimizeVerb } from "./optimize.js";
import { planVerb } from "./plan.js";
import { planPromoteVerb } from "./plan-promote.js";
import { previewCostVerb } from "./preview-cost.js";
import { previewCreateVerb } from "./preview-create.js";
import { previewDiffVerb } from "./preview-diff.js";
import { productApproveVerb } from "./product-approve.js";
import { productCompileVerb } from "./product-compile.js";
import { productStatusVerb } from "./product-status.js";
import { productVerifyVerb } from "./product-verify.js";
import { resumeRunVerb } from "./resume-run.js";
import { retentionStatusVerb } from "./retention-status.js";
import { reviewStatusVerb } from "./review-status.js";
import { runVerb } from "./run.js";
import { runModelVerb } from "./run-model.js";
import { CallOptionsSchema } from "./shared.js";
import { stateVerb } from "./state.js";
import { testVerb } from "./test.js";
import { testAdapterVerb } from "./test-adapter.js";
import type { VerbSpec } from "./types.js";
import { validateMigrationVerb } from "./validate-migration.js";

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
  // Issue 17: governance verbs.
  resumeRun: resumeRunVerb,
  runModel: runModelVerb,
  branchApprove: branchApproveVerb,
  branchPromote: branchPromoteVerb,
  planPromote: planPromoteVerb,
  productVerify: productVerifyVerb,
  productCompile: productCompileVerb,
  productApprove: productApproveVerb,
  productStatus: productStatusVerb,
  previewCreate: previewCreateVerb,
  previewDiff: previewDiffVerb,
  previewCost: previewCostVerb,
  // Issue 16: report and inspection verbs.
  lineage: lineageVerb,
  catalog: catalogVerb,
  dag: dagVerb,
  history: historyVerb,
  metrics: metricsVerb,
  optimize: optimizeVerb,
  cost: costVerb,
  ci: ciVerb,
  compliance: complianceVerb,
  retentionStatus: retentionStatusVerb,
  reviewStatus: reviewStatusVerb,
  hooksList: hooksListVerb,
  hooksTest: hooksTestVerb,
  validateMigration: validateMigrationVerb,
  testAdapter: testAdapterVerb,
  ai: aiVerb,
  aiSync: aiSyncVerb,
  aiExplain: aiExplainVerb,
  aiTest: aiTestVerb,
  aiContract: aiContractVerb,
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
/** `compare()`'s thresholds. */
export type CompareThresholds = NonNullable<CompareOptions["thresholds"]>;

/** Options of `resumeRun()` (the run id is its first argument). */
export type ResumeRunOptions = Omit<OptionsOf<"resumeRun">, "runId">;
/** Options of `runModel()` (the model is its first argument). */
export type RunModelOptions = Omit<OptionsOf<"runModel">, "name">;
/** Options of `branchApprove()` (the branch is its first argument). */
export type BranchApproveOptions = Omit<OptionsOf<"branchApprove">, "name">;
/** Options of `branchPromote()` (the branch is its first argument). */
export type BranchPromoteOptions = Omit<OptionsOf<"branchPromote">, "name">;
/** Options of `planPromote()` (the branch is its first argument). */
export type PlanPromoteOptions = Omit<OptionsOf<"planPromote">, "name">;
/** Options of the `product*()` methods (the product is their first argument). */
export type ProductOptions = Omit<OptionsOf<"productVerify">, "product">;
/** Options of `previewCreate()`. */
export type PreviewCreateOptions = OptionsOf<"previewCreate">;
/** Options of `previewDiff()`. */
export type PreviewDiffOptions = OptionsOf<"previewDiff">;
/** Options of `previewCost()`. */
export type PreviewCostOptions = OptionsOf<"previewCost">;
/** Options of `lineage()` (the target is its first argument). */
export type LineageOptions = Omit<OptionsOf<"lineage">, "target">;
/** Options of `catalog()`. */
export type CatalogOptions = OptionsOf<"catalog">;
/** Options of `dag()`. */
export type DagOptions = OptionsOf<"dag">;
/** Options of `history()`. */
export type HistoryOptions = OptionsOf<"history">;
/** Options of `metrics()` (the model is its first argument). */
export type MetricsOptions = Omit<OptionsOf<"metrics">, "model">;
/** Options of `optimize()`. */
export type OptimizeOptions = OptionsOf<"optimize">;
/** Options of `cost()` (the run id or `"latest"` is its first argument). */
export type CostOptions = Omit<OptionsOf<"cost">, "target">;
/** Options of `ci()`. */
export type CiOptions = OptionsOf<"ci">;
/** Options of `compliance()`. */
export type ComplianceOptions = OptionsOf<"compliance">;
/** Options of `retentionStatus()`. */
export type RetentionStatusOptions = OptionsOf<"retentionStatus">;
/** Options of `reviewStatus()` (the plan id is its first argument). */
export type ReviewStatusOptions = Omit<OptionsOf<"reviewStatus">, "planId">;
/** Options of `hooksList()`. */
export type HooksListOptions = OptionsOf<"hooksList">;
/** Options of `hooksTest()` (the event is its first argument). */
export type HooksTestOptions = Omit<OptionsOf<"hooksTest">, "event">;
/** Options of `validateMigration()`. */
export type ValidateMigrationOptions = OptionsOf<"validateMigration">;
/** Options of `testAdapter()`. */
export type TestAdapterOptions = OptionsOf<"testAdapter">;
/** Options of `ai()` (the intent is its first argument). */
export type AiOptions = Omit<OptionsOf<"ai">, "intent">;
/** Options of `aiSync()`. */
export type AiSyncOptions = OptionsOf<"aiSync">;
/** Options of `aiExplain()` (the model, when one, is its first argument). */
export type AiExplainOptions = Omit<OptionsOf<"aiExplain">, "model">;
/** Options of `aiTest()` (the model, when one, is its first argument). */
export type AiTestOptions = Omit<OptionsOf<"aiTest">, "model">;
/** Options of `aiContract()` (the model is its first argument). */
export type AiContractOptions = Omit<OptionsOf<"aiContract">, "model">;

export type { ApplyResult } from "./apply.js";
export type { GovernanceOverride } from "./shared.js";
export type { ArgsContext } from "./types.js";
export { CallOptionsSchema };
