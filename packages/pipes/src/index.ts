// Node's types (Buffer, NodeJS.*, Disposable) appear in the published declarations: this keeps
// them compiling for an app whose tsconfig lists no `types` (TypeScript 6+ includes none by default).
/// <reference types="node" preserve="true" />
export {
  ANOMALY_CHECK_NAME,
  anomalyCheckResults,
  type RockyAnomaly,
  type RockyAnomalyEvaluation,
} from "./anomalies.js";
export {
  type RockyAssetKeys,
  type RockyAssetKeysOptions,
  type RockyDagNodeLike,
  type RockyDiscoveredSource,
  type RockyDiscoveredTable,
  type RockyDiscoverLike,
  type RockyModelLike,
  rockyAssetKeys,
  rockyDagNodeAssetKey,
  rockyGroupName,
  rockyModelAssetKey,
  rockyNativeAssetKey,
  rockySourceAssetKey,
} from "./asset-keys.js";
export {
  type DeclaredCheck,
  type ReportCheckResultsOptions,
  type ReportCheckResultsSummary,
  type RockyAssetCheckResult,
  reportCheckResultsToPipes,
} from "./check-results.js";
export {
  COMPLIANCE_CHECK_NAME,
  COMPLIANCE_FALLBACK_ASSET_KEY,
  complianceCheckResults,
  type RockyComplianceException,
  type RockyComplianceOutputLike,
  reportComplianceToPipes,
} from "./compliance.js";
export type {
  PipesAssetKeyInput,
  PipesContext,
  PipesLogger,
  PipesLogLevel,
  ReportAssetCheckParams,
  ReportAssetMaterializationParams,
} from "./context.js";
export {
  CONTRACT_COLUMN_CONSTRAINTS_CHECK,
  CONTRACT_PROTECTED_COLUMNS_CHECK,
  CONTRACT_REQUIRED_COLUMNS_CHECK,
  type ContractCheckInput,
  contractCheckResults,
  contractCheckResultsForModel,
  contractRulesFromToml,
  type RockyContractRules,
  type RockyDiagnosticLike,
  readContractRules,
  reportContractsToPipes,
} from "./contracts.js";
export type { PipesEchoLogger, PipesLogEcho } from "./echo.js";
export {
  decodePipesParam,
  encodePipesParam,
  toAssetKeyPath,
  toAssetKeyString,
} from "./encoding.js";
export {
  DAGSTER_PIPES_NOT_LAUNCHED_WARNING,
  DagsterPipesError,
  type DagsterPipesErrorCode,
  PipesProcessExitError,
} from "./errors.js";
export { serializeError } from "./exception.js";
export {
  type FreshnessCheckOptions,
  freshnessCheckResults,
  MODEL_FRESHNESS_CHECK_NAME,
  type RockyFreshnessEntry,
  type RockyFreshnessOutputLike,
  reportFreshnessToPipes,
  SOURCE_FRESHNESS_CHECK_NAME,
} from "./freshness.js";
export {
  inferMetadataValue,
  type PipesMetadataInput,
  type PipesMetadataInputMap,
  pipesMetadata,
} from "./metadata.js";
export type { ModelKeyOptions } from "./model-keys.js";
export {
  loadContextData,
  normalizeContextData,
  type OpenDagsterPipesOptions,
  openDagsterPipes,
  withDagsterPipes,
} from "./open.js";
export {
  dagsterToRockyPartitionKey,
  normalizeRockyGrain,
  type PartitionKeyDirection,
  PipesPartitionKeyError,
  type PipesPartitionKeyErrorCode,
  ROCKY_TIME_GRAINS,
  type RockyPartitionSelector,
  type RockyTimeGrain,
  rockyPartitionSelector,
  rockyToDagsterPartitionKey,
} from "./partitions.js";
export {
  DAGSTER_PIPES_CONTEXT_ENV_VAR,
  DAGSTER_PIPES_ENV_VARS,
  DAGSTER_PIPES_MESSAGES_ENV_VAR,
  PIPES_METADATA_TYPES,
  PIPES_PROTOCOL_VERSION,
  PIPES_PROTOCOL_VERSION_FIELD,
  type PipesAssetCheckSeverity,
  type PipesContextData,
  type PipesDataProvenance,
  type PipesException,
  type PipesMessage,
  type PipesMetadataRawValue,
  type PipesMetadataType,
  type PipesMetadataValue,
  type PipesMethod,
  type PipesPartitionKeyRange,
  type PipesTimeWindow,
} from "./protocol.js";
export {
  RETENTION_CHECK_NAME,
  type RockyRetentionModel,
  type RockyRetentionStatusOutputLike,
  reportRetentionToPipes,
  retentionCheckResults,
} from "./retention.js";
export {
  type ReportRunOptions,
  type ReportRunSummary,
  type RockyAssetKeySource,
  type RockyCheckResult,
  type RockyContainedModel,
  type RockyDriftAction,
  type RockyExcludedTable,
  type RockyMaterialization,
  type RockyMaterializationMetadata,
  type RockyPartitionInfo,
  type RockyRunResultLike,
  type RockyTableChecks,
  type RockyTableError,
  reportRunToPipes,
  sanitizeCheckName,
} from "./rocky.js";
export { openPipesSessionCount, PIPES_SESSION_KEY, PIPES_SESSION_SYMBOL } from "./session.js";
export type { PipesMessageDestination, PipesTextSink } from "./writer.js";
