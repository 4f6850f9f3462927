// The result type of every RockyResource method that drives a rocky verb, by one rule: method
// `x` resolves to `XResult` (re-exported at the package root). Written by hand: each is the
// generated output type the verb's module parses with (verbs/<verb>.ts), and
// test/types/public-types.test.ts checks every one against the method's `ResultOf<"x">`.
// `lineage()`, `history()` and `run()` resolve to `LineageResult`, `HistoryResult` and `RunResult`,
// defined beside their dispatching schemas and re-exported here.

import type { AiGenerateOutput } from "./ai.js";
import type { AiContractOutput } from "./ai-contract.js";
import type { AiExplainOutput } from "./ai-explain.js";
import type { AiSyncOutput } from "./ai-sync.js";
import type { AiTestOutput } from "./ai-test.js";
import type { ApplyKindResult } from "./apply-result.js";
import type { BranchOutput } from "./branch.js";
import type { ApproveOutput } from "./branch-approve.js";
import type { BranchListOutput } from "./branch-list.js";
import type { BranchPromoteOutput } from "./branch-promote.js";
import type { CatalogOutput } from "./catalog.js";
import type { CiOutput } from "./ci.js";
import type { CompareOutput } from "./compare.js";
import type { CompileOutput } from "./compile.js";
import type { ComplianceOutput } from "./compliance.js";
import type { CostOutput } from "./cost.js";
import type { DagOutput } from "./dag.js";
import type { DiscoverOutput } from "./discover.js";
import type { DoctorOutput } from "./doctor.js";
import type { HooksListOutput } from "./hooks-list.js";
import type { HooksTestOutput } from "./hooks-test.js";
import type { MetricsOutput } from "./metrics.js";
import type { OptimizeOutput } from "./optimize.js";
import type { PlanOutput } from "./plan.js";
import type { PreviewCostOutput } from "./preview-cost.js";
import type { PreviewCreateOutput } from "./preview-create.js";
import type { PreviewDiffOutput } from "./preview-diff.js";
import type { ProductApproveOutput } from "./product-approve.js";
import type { ProductCompileOutput } from "./product-compile.js";
import type { ProductStatusOutput } from "./product-status.js";
import type { ProductVerifyOutput } from "./product-verify.js";
import type { RetentionStatusOutput } from "./retention-status.js";
import type { ReviewStatusOutput } from "./review-status.js";
import type { RunOutput } from "./run.js";
import type { RunResult } from "./run-result.js";
import type { StateOutput } from "./state.js";
import type { TestOutput } from "./test.js";
import type { TestAdapterOutput } from "./test-adapter.js";
import type { ValidateMigrationOutput } from "./validate-migration.js";

/** What `resumeRun()` resolves to: the resumed run's report (a load report for a load pipeline), as `run()`. */
export type ResumeRunResult = RunResult;
/** What `runModel()` resolves to: the run report of the one model. */
export type RunModelResult = RunOutput;
/** What `plan()` resolves to. */
export type PlanResult = PlanOutput;
/** What `planPromote()` resolves to: the plan `rocky plan promote` printed. */
export type PlanPromoteResult = PlanOutput;
/** What `apply()` resolves to: the applied plan kind's output, tagged `kind`. */
export type ApplyResult = ApplyKindResult;
/** What `discover()` resolves to. */
export type DiscoverResult = DiscoverOutput;
/** What `state()` resolves to. */
export type StateResult = StateOutput;
/** What `doctor()` resolves to. */
export type DoctorResult = DoctorOutput;
/** What `compile()` resolves to. */
export type CompileResult = CompileOutput;
/** What `test()` resolves to. */
export type TestResult = TestOutput;
/** What `compare()` resolves to. */
export type CompareResult = CompareOutput;
/** What `branchCompare()` resolves to: `rocky compare` of the branch's shadow tables. */
export type BranchCompareResult = CompareOutput;
/** What `branchApprove()` resolves to. */
export type BranchApproveResult = ApproveOutput;
/** What `branchPromote()` resolves to. */
export type BranchPromoteResult = BranchPromoteOutput;
/** What `branchList()` resolves to. */
export type BranchListResult = BranchListOutput;
/** What `branchShow()` resolves to. */
export type BranchShowResult = BranchOutput;
/** What `productVerify()` resolves to. */
export type ProductVerifyResult = ProductVerifyOutput;
/** What `productCompile()` resolves to. */
export type ProductCompileResult = ProductCompileOutput;
/** What `productApprove()` resolves to. */
export type ProductApproveResult = ProductApproveOutput;
/** What `productStatus()` resolves to. */
export type ProductStatusResult = ProductStatusOutput;
/** What `previewCreate()` resolves to. */
export type PreviewCreateResult = PreviewCreateOutput;
/** What `previewDiff()` resolves to. */
export type PreviewDiffResult = PreviewDiffOutput;
/** What `previewCost()` resolves to. */
export type PreviewCostResult = PreviewCostOutput;
/** What `catalog()` resolves to. */
export type CatalogResult = CatalogOutput;
/** What `dag()` resolves to. */
export type DagResult = DagOutput;
/** What `metrics()` resolves to. */
export type MetricsResult = MetricsOutput;
/** What `optimize()` resolves to. */
export type OptimizeResult = OptimizeOutput;
/** What `cost()` resolves to. */
export type CostResult = CostOutput;
/** What `ci()` resolves to. */
export type CiResult = CiOutput;
/** What `compliance()` resolves to. */
export type ComplianceResult = ComplianceOutput;
/** What `retentionStatus()` resolves to. */
export type RetentionStatusResult = RetentionStatusOutput;
/** What `reviewStatus()` resolves to. */
export type ReviewStatusResult = ReviewStatusOutput;
/** What `hooksList()` resolves to. */
export type HooksListResult = HooksListOutput;
/** What `hooksTest()` resolves to. */
export type HooksTestResult = HooksTestOutput;
/** What `validateMigration()` resolves to. */
export type ValidateMigrationResult = ValidateMigrationOutput;
/** What `testAdapter()` resolves to. */
export type TestAdapterResult = TestAdapterOutput;
/** What `ai()` resolves to. */
export type AiResult = AiGenerateOutput;
/** What `aiSync()` resolves to. */
export type AiSyncResult = AiSyncOutput;
/** What `aiExplain()` resolves to. */
export type AiExplainResult = AiExplainOutput;
/** What `aiTest()` resolves to. */
export type AiTestResult = AiTestOutput;
/** What `aiContract()` resolves to. */
export type AiContractResult = AiContractOutput;

export type { HistoryResult } from "./history-result.js";
export type { LineageResult } from "./lineage-result.js";
export type { RunResult } from "./run-result.js";
