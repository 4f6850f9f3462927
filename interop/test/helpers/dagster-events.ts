// Dagster's event log as interop/python/dagster_harness.py dumps it (every record of a run),
// and the readers the real-Dagster tests assert through.

// biome-ignore lint/suspicious/noExplicitAny: Dagster's event log as JSON, narrowed by assertions
export type Json = any;
export interface DagsterEvent {
  type: string | null;
  partition?: string | null;
  user_message: string;
  level: number;
  asset_key?: string[];
  metadata?: Record<string, { type: string; value: Json }>;
  check_name?: string;
  passed?: boolean;
  severity?: string | null;
  error?: Json;
}
export interface RunRecord {
  name: string;
  success: boolean;
  events: DagsterEvent[];
}

export const ofType = (r: RunRecord, type: string) => r.events.filter((e) => e.type === type);
export const materializations = (r: RunRecord) => ofType(r, "ASSET_MATERIALIZATION");
export const checkEvaluations = (r: RunRecord) => ofType(r, "ASSET_CHECK_EVALUATION");
export const userLogs = (r: RunRecord) =>
  r.events.filter((e) => e.type === null).map((e) => e.user_message);
/** Every error message of the step failure, its causes and contexts, flattened. */
export function failureText(r: RunRecord): string {
  const parts: string[] = [];
  const walk = (e: Json): void => {
    if (!e) return;
    parts.push(`${e.cls_name}: ${e.message}`);
    walk(e.cause);
    walk(e.context);
  };
  for (const e of ofType(r, "STEP_FAILURE")) walk(e.error);
  return parts.join("\n");
}
/** The error the Node process sent in `closed`, as Dagster recorded it (an engine event). */
export function closedException(r: RunRecord): Json {
  return ofType(r, "ENGINE_EVENT").find((e) => e.user_message.includes("closed with exception"))
    ?.error;
}
