/**
 * The shadow suffix a call ran with, recorded on its result: run, plan, apply, resumeRun,
 * runModel and compare (the verbs whose policy decides a suffix). A non-enumerable property, so
 * the result stays rocky's document for JSON.stringify, spreads, structuredClone and deep
 * equality, while `result.shadowSuffix` is typed and readable.
 */
import { RockyPartialFailureError } from "../errors.js";
import type { ShadowPolicy } from "../verbs/types.js";

/** What `run`, `plan`, `apply`, `resumeRun`, `runModel` and `compare` add to rocky's output. */
export interface ShadowRecord {
  /**
   * The shadow suffix the call ran with (`"_dagster_pr_42"`): the one rocky got as
   * `--shadow-suffix`, or for `apply` the one the plan was proven shadowed with; null when it
   * wrote production tables (or, for `compare`, named a `shadowSchema`). Set by RockyResource, not
   * printed by rocky: non-enumerable, so `JSON.stringify(result)` is rocky's document.
   */
  readonly shadowSuffix: string | null;
}

const RECORDED: ReadonlySet<ShadowPolicy> = new Set([
  "shadowed_write",
  "guarded_apply",
  "needs_suffix",
]);

function record(value: unknown, suffix: string | null): void {
  if (typeof value !== "object" || value === null || Object.hasOwn(value, "shadowSuffix")) return;
  Object.defineProperty(value, "shadowSuffix", { value: suffix, enumerable: false });
}

/**
 * What `interpret` gives (or the result a RockyPartialFailureError it throws carries) with the
 * suffix recorded, for a verb whose policy decides one; other verbs' results pass through. @internal
 */
export async function recordShadowSuffix<T>(
  policy: ShadowPolicy,
  suffix: string | null,
  interpret: () => T | Promise<T>,
): Promise<T> {
  if (!RECORDED.has(policy)) return interpret();
  try {
    const value = await interpret();
    record(value, suffix);
    return value;
  } catch (error) {
    if (error instanceof RockyPartialFailureError) record(error.result, suffix);
    throw error;
  }
}
