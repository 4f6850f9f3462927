export type {
  PipesAssetKeyInput,
  PipesContext,
  PipesLogger,
  PipesLogLevel,
  ReportAssetCheckParams,
  ReportAssetMaterializationParams,
} from "./context.js";
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
  inferMetadataValue,
  type PipesMetadataInput,
  type PipesMetadataInputMap,
  pipesMetadata,
} from "./metadata.js";
export {
  loadContextData,
  normalizeContextData,
  type OpenDagsterPipesOptions,
  openDagsterPipes,
  withDagsterPipes,
} from "./open.js";
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
  type ReportRunOptions,
  type ReportRunSummary,
  type RockyAnomaly,
  type RockyAssetKeySource,
  type RockyCheckResult,
  type RockyDriftAction,
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
