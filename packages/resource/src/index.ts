export type { ArgsContext, RockyVerb, VerbArgsOptions } from "./argv.js";
export type {
  ApplyOptions,
  CallOptions,
  CompareOptions,
  CompareThresholds,
  CompileOptions,
  DiscoverOptions,
  DoctorOptions,
  GovernanceOverride,
  PlanOptions,
  RunOptions,
  StateOptions,
  TestOptions,
} from "./call-options.js";
export {
  type CompareReportFormat,
  type CompareReportOptions,
  type JobSummaryOptions,
  renderCompareReport,
  writeJobSummary,
} from "./compare-report.js";
export {
  type ConfigIssue,
  RockyAbortError,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyConfigError,
  RockyError,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyShadowError,
  RockyTimeoutError,
  RockyVersionError,
} from "./errors.js";
export {
  type ResolvedOptions,
  RockyResourceConfigSchema,
  type RockyResourceOptions,
  SHADOW_MODES,
  type ShadowMode,
} from "./options.js";
export { MAX_STDOUT_CHARS, STDERR_TAIL_LINES } from "./process-runner.js";
export {
  type ApplyResult,
  RockyResource,
  type ShadowContext,
  type ShadowSuffixContext,
  type ShadowVerb,
} from "./resource.js";
export * from "./schemas/index.js";
export { MINIMUM_ROCKY_VERSION, parseRockyVersion, type RockyVersionInfo } from "./version.js";
