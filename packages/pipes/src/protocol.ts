/**
 * Wire-level constants and types of the Dagster Pipes protocol (external-process side).
 *
 * Source: dagster-io/dagster `python_modules/dagster-pipes/dagster_pipes/__init__.py`
 * (PIPES_PROTOCOL_VERSION, PIPES_PROTOCOL_VERSION_FIELD, Method, PipesContextData,
 * PipesMetadataType, PipesException).
 */

/** Version of the protocol (not of this package). */
export const PIPES_PROTOCOL_VERSION = "0.1";
/** Key of the protocol version in every message. */
export const PIPES_PROTOCOL_VERSION_FIELD = "__dagster_pipes_version";

/** Bootstrap environment variable holding the context-injector params. */
export const DAGSTER_PIPES_CONTEXT_ENV_VAR = "DAGSTER_PIPES_CONTEXT";
/** Bootstrap environment variable holding the message-reader params. */
export const DAGSTER_PIPES_MESSAGES_ENV_VAR = "DAGSTER_PIPES_MESSAGES";
/** Both bootstrap variables; strip them from the env of child processes that speak Pipes themselves. */
export const DAGSTER_PIPES_ENV_VARS = [
  DAGSTER_PIPES_CONTEXT_ENV_VAR,
  DAGSTER_PIPES_MESSAGES_ENV_VAR,
] as const;

/** Message methods defined by the protocol. */
export type PipesMethod =
  | "opened"
  | "closed"
  | "log"
  | "report_asset_materialization"
  | "report_asset_check"
  | "report_custom_message"
  | "log_external_stream";

/** One message line as written to the messages channel. */
export interface PipesMessage {
  readonly __dagster_pipes_version: string;
  readonly method: PipesMethod;
  readonly params: Readonly<Record<string, unknown>> | null;
}

/** A range of partition keys, both ends included. */
export interface PipesPartitionKeyRange {
  readonly start: string;
  readonly end: string;
}

/** A time window of a time-partitioned step (ISO 8601 strings). */
export interface PipesTimeWindow {
  readonly start: string;
  readonly end: string;
}

/** The provenance of an asset's data version, as Dagster passes it. */
export interface PipesDataProvenance {
  readonly code_version: string;
  readonly input_data_versions: Readonly<Record<string, string>>;
  readonly is_user_provided: boolean;
}

/** The context payload written by the orchestration side (normalized: absent keys become null). */
export interface PipesContextData {
  readonly asset_keys: readonly string[] | null;
  readonly code_version_by_asset_key: Readonly<Record<string, string | null>> | null;
  readonly provenance_by_asset_key: Readonly<Record<string, PipesDataProvenance | null>> | null;
  readonly partition_key: string | null;
  readonly partition_key_range: PipesPartitionKeyRange | null;
  readonly partition_time_window: PipesTimeWindow | null;
  readonly run_id: string;
  readonly job_name: string | null;
  readonly retry_number: number;
  readonly extras: Readonly<Record<string, unknown>>;
}

/** Severity of an asset check result on the wire. */
export type PipesAssetCheckSeverity = "WARN" | "ERROR";

/** Metadata types the orchestration side resolves (`__infer__` lets Dagster infer). */
export const PIPES_METADATA_TYPES = [
  "__infer__",
  "text",
  "url",
  "path",
  "notebook",
  "json",
  "md",
  "float",
  "int",
  "bool",
  "dagster_run",
  "asset",
  "null",
  "table",
  "table_schema",
  "table_column_lineage",
  "timestamp",
] as const;
/** A metadata `type` tag the protocol knows (see PIPES_METADATA_TYPES). */
export type PipesMetadataType = (typeof PIPES_METADATA_TYPES)[number];

/** JSON-compatible raw metadata value. */
export type PipesMetadataRawValue =
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** A metadata value with an explicit type, exactly as sent on the wire. */
export interface PipesMetadataValue {
  readonly raw_value: PipesMetadataRawValue;
  readonly type: PipesMetadataType;
}

/** Serialized error carried by the `closed` message. */
export interface PipesException {
  readonly message: string;
  readonly stack: readonly string[];
  readonly name: string | null;
  readonly cause: PipesException | null;
  readonly context: PipesException | null;
}
