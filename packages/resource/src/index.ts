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
  type RockyBinaryCode,
  RockyBinaryNotFoundError,
  RockyCommandError,
  RockyConfigError,
  RockyDoctorError,
  RockyError,
  type RockyErrorCode,
  type RockyFailureReport,
  RockyOutputParseError,
  RockyPartialFailure,
  RockyPartialFailureError,
  type RockyServerCode,
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
export type { ResolverContext } from "./resolvers.js";
export { isRetryable, retryAfterMs } from "./retry.js";
export type { ShadowContext } from "./shadow/decision.js";
export type { ShadowRecord } from "./shadow/record.js";
export type { ShadowCallOptions, ShadowSuffixContext } from "./shadow/suffix.js";
export { DOCTOR_CHECKS, type DoctorCheckName, type StrictDoctor } from "./startup-gate.js";
export { type WithUnknownFields, withUnknownFields } from "./unknown-fields.js";
export type { CompareThresholds } from "./verbs/compare.js";
export type {
  OptionsOf,
  RequiredKeys,
  ResultOf,
  RockyVerb,
  ShadowVerb,
  VerbArgsOptions,
} from "./verbs/index.js";
/**
 * Each method's options and result, one name each (`XOptions` and `XResult`
 * for `x()`), generated from the verb table. The types results are made of
 * (`Materialization`, `CheckResult`...) and the zod schemas are at
 * `@dagster-rocky/resource/schemas`.
 */
export type * from "./verbs/public.js";
export type { RunCliOptions, RunCliResult } from "./verbs/run-cli.js";
export type { CallOptions, GovernanceOverride } from "./verbs/shared.js";
export type {
  LastRunStatus,
  ProbeOutcome,
  StateBackend,
  StateHealthOptions,
  StateHealthResult,
} from "./verbs/state-health.js";
export type { ArgsContext, DocumentedInput } from "./verbs/types.js";
export {
  MINIMUM_ROCKY_VERSION,
  parseRockyVersion,
  type RockyVersionInfo,
  SHADOW_MIN_ROCKY_VERSION,
} from "./version.js";
