// Node's types (Buffer, NodeJS.*, Disposable) appear in the published declarations: this keeps
// them compiling for an app whose tsconfig lists no `types` (TypeScript 6+ includes none by default).
/// <reference types="node" preserve="true" />
/**
 * `@dagster-rocky/resource`: the RockyResource class, its option and result
 * types, its errors and a few helpers. The output schemas (zod) are at the
 * subpath `@dagster-rocky/resource/schemas`.
 * @packageDocumentation
 */
import { SHADOW_MODES as MODES } from "./options.js";

export {
  type CompareReportFormat,
  type CompareReportOptions,
  type JobSummaryOptions,
  renderCompareReport,
  writeJobSummary,
} from "./compare-report.js";
export {
  type BinaryProblem,
  type ConfigIssue,
  type DoctorFailure,
  isRockyError,
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyConfigError,
  RockyDoctorError,
  RockyError,
  type RockyFailureReport,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyPartialFailureError,
  RockyServerError,
  type RockyShadowCode,
  RockyShadowError,
  type RockyShadowReason,
  RockyTimeoutError,
  RockyVersionError,
} from "./errors.js";
export type { LogFn, LoggerLike } from "./logger.js";
export {
  type ResolvedOptions,
  type ResourceOptionsOf,
  RockyResourceConfigSchema,
  type RockyResourceOptions,
  type ShadowMode,
} from "./options.js";
export {
  type PreviewReportInput,
  type PreviewReportOptions,
  renderPreviewReport,
} from "./preview-report.js";
export { STDERR_TAIL_LINES } from "./process/stderr-lines.js";
export { MAX_STDOUT_CHARS } from "./process/stdout-buffer.js";
export { RockyResource } from "./resource.js";

/** The accepted `shadowMode` values: "off", "branch_deploy", "always", "preview". */
export const SHADOW_MODES = MODES;
// Issue 17 (v17b): per-call resolvers, the startup gate, retry classification.
export type { ResolverContext } from "./resolvers.js";
export { isRetryable, retryAfterMs } from "./retry.js";
/**
 * What each method resolves to, one name per method (`XResult` for `x()`). The types they are
 * made of (`Materialization`, `CheckResult`...) and the zod schemas are at
 * `@dagster-rocky/resource/schemas`.
 */
export type {
  AiContractResult,
  AiExplainResult,
  AiResult,
  AiSyncResult,
  AiTestResult,
  ApplyResult,
  BranchApproveResult,
  BranchCompareResult,
  BranchListResult,
  BranchPromoteResult,
  BranchShowResult,
  CatalogResult,
  CiResult,
  CompareResult,
  CompileResult,
  ComplianceResult,
  CostResult,
  DagResult,
  DiscoverResult,
  DoctorResult,
  HistoryResult,
  HooksListResult,
  HooksTestResult,
  LineageResult,
  MetricsResult,
  OptimizeResult,
  PlanPromoteResult,
  PlanResult,
  PreviewCostResult,
  PreviewCreateResult,
  PreviewDiffResult,
  ProductApproveResult,
  ProductCompileResult,
  ProductStatusResult,
  ProductVerifyResult,
  ResumeRunResult,
  RetentionStatusResult,
  ReviewStatusResult,
  RunModelResult,
  RunResult,
  StateResult,
  TestAdapterResult,
  TestResult,
  ValidateMigrationResult,
} from "./schemas/results.js";
export type { ShadowContext } from "./shadow/decision.js";
export type { ShadowRecord } from "./shadow/record.js";
export type { ShadowSuffixContext } from "./shadow/suffix.js";
export { DOCTOR_CHECKS, type DoctorCheckName, type StrictDoctor } from "./startup-gate.js";
export { type WithUnknownFields, withUnknownFields } from "./unknown-fields.js";
// Issue 16: options of the report and inspection verbs.
export type {
  AiContractOptions,
  AiExplainOptions,
  AiOptions,
  AiSyncOptions,
  AiTestOptions,
  ApplyOptions,
  ArgsContext,
  BranchApproveOptions,
  BranchCompareOptions,
  BranchListOptions,
  BranchPromoteOptions,
  BranchShowOptions,
  CallOptions,
  CatalogOptions,
  CiOptions,
  CompareOptions,
  CompareThresholds,
  CompileOptions,
  ComplianceOptions,
  CostOptions,
  DagOptions,
  DiscoverOptions,
  DoctorOptions,
  GovernanceOverride,
  HistoryOptions,
  HooksListOptions,
  HooksTestOptions,
  LastRunStatus,
  LineageOptions,
  MetricsOptions,
  OptimizeOptions,
  OptionsOf,
  PlanOptions,
  PlanPromoteOptions,
  PreviewCostOptions,
  PreviewCreateOptions,
  PreviewDiffOptions,
  ProbeOutcome,
  ProductApproveOptions,
  ProductOptions,
  ResultOf,
  ResumeRunOptions,
  RetentionStatusOptions,
  ReviewStatusOptions,
  RockyVerb,
  RunModelOptions,
  RunOptions,
  ShadowVerb,
  StateBackend,
  StateHealth,
  StateHealthOptions,
  StateOptions,
  TestAdapterOptions,
  TestOptions,
  ValidateMigrationOptions,
  VerbArgsOptions,
} from "./verbs/index.js";
export {
  MINIMUM_ROCKY_VERSION,
  parseRockyVersion,
  type RockyVersionInfo,
  SHADOW_MIN_ROCKY_VERSION,
} from "./version.js";
