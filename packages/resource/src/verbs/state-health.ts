/**
 * `stateHealth()`: dagster-rocky's `state_health` (`health.py`). Not one
 * rocky verb but three reads: the `[state] backend` of the config file (no
 * process), the latest recorded run from `rocky history`, and, with
 * `probeWrite`, `rocky doctor --check=state_rw`. Engine failures degrade to
 * nulls (or a probe `error`) instead of throwing, so a sensor tick that
 * calls it every minute never fails because rocky could not run.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { RockyAbortError, RockyTimeoutError } from "../errors.js";
import { loadRockyConfig } from "../rocky-config.js";
import type { DoctorOutput } from "../schemas/doctor.js";
import type { Env } from "../shadow/decision.js";
import { parseOrThrow } from "../validation.js";
import { flag } from "../value-rules.js";
import { type CallOptions, CallOptionsSchema, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput, type VerbSpec } from "./types.js";

/** Options of `stateHealth()`: the call options and `probeWrite`. */
export interface StateHealthOptions extends CallOptions {
  /** Also run `rocky doctor --check=state_rw` (a put/get/delete round trip on a remote backend). */
  probeWrite?: boolean | undefined;
}

/** Options of `stateHealth()`, validated. @internal */
export const StateHealthOptionsSchema = optionsSchema<StateHealthOptions>()(
  z.strictObject({ ...callShape, probeWrite: flag("probeWrite").optional() }),
);

/** A configured state backend (`[state] backend`); anything else reads as `local`. */
export type StateBackend = "local" | "tiered" | "valkey" | "s3" | "gcs";
const STATE_BACKENDS: readonly StateBackend[] = ["local", "tiered", "valkey", "s3", "gcs"];
/** The latest run's status, normalised as dagster-rocky does. */
export type LastRunStatus = "success" | "partial_failure" | "failure";
/** The `state_rw` probe's outcome. */
export type ProbeOutcome = "ok" | "timeout" | "error";

/** What `stateHealth()` returns (dagster-rocky's `StateHealthResult`, camelCased). */
export interface StateHealthResult {
  /** `[state] backend` of the config file, lower-cased; `local` when unreadable, absent or unknown. */
  readonly backend: StateBackend;
  /** The latest run that actually ran (skipped runs are passed over); null without one or when history failed. */
  readonly lastRunStatus: LastRunStatus | null;
  /** That run's `started_at`, as rocky printed it; null with `lastRunStatus`. */
  readonly lastRunAt: string | null;
  /** The probe's outcome; null unless `probeWrite` was set. */
  readonly probeOutcome: ProbeOutcome | null;
  /** The `state_rw` check's duration; null without a probe or when doctor itself failed. */
  readonly probeDurationMs: number | null;
  /** Why the probe did not pass; null when it passed or was not run. */
  readonly probeError: string | null;
}

/**
 * `rocky history` (the run list), spawned by stateHealth only; not in the
 * verb table (a `history()` method has its own module). @internal
 */
export const stateHealthHistoryVerb = defineVerb({
  name: "history",
  command: ["history"],
  options: CallOptionsSchema,
  args: () => ["history"],
  output: schemaOutput(() => import("../schemas/history.js").then((m) => m.HistoryOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});

/**
 * `[state] backend` of the config file, read as rocky reads the file
 * (../rocky-config.ts: `${VAR}` substitution from the child's env, TOML),
 * then normalised as dagster-rocky's `_read_state_backend` does (trimmed,
 * lower-cased). A config rocky could not load, a missing `[state]` or
 * `backend`, or an unknown value is `local`, as in dagster-rocky. @internal
 */
export async function readStateBackend(configPath: string, env: Env): Promise<StateBackend> {
  const loaded = await loadRockyConfig({ configPath, cwd: process.cwd(), env });
  if (!loaded.ok) return "local";
  const state = loaded.value.config.document.state;
  if (typeof state !== "object" || state === null || Array.isArray(state)) return "local";
  const backend = (state as Record<string, unknown>).backend;
  if (typeof backend !== "string") return "local";
  const value = backend.trim().toLowerCase();
  return (STATE_BACKENDS as readonly string[]).includes(value) ? (value as StateBackend) : "local";
}

const STATUS: Readonly<Record<string, LastRunStatus>> = {
  success: "success",
  partialfailure: "partial_failure",
  partial_failure: "partial_failure",
  failure: "failure",
};

/** The newest run that ran (runs come newest first); unknown statuses count as failure. @internal */
export function lastRunOf(
  runs: readonly { readonly status: string; readonly started_at: string }[],
): { status: LastRunStatus; at: string } | null {
  for (const run of runs) {
    const wire = run.status.trim().toLowerCase();
    if (wire.startsWith("skipped")) continue; // idempotency-deflected: never executed
    return { status: STATUS[wire] ?? "failure", at: run.started_at };
  }
  return null;
}

/** The probe fields from doctor's report, or from the error that kept doctor from reporting. @internal */
export function probeFrom(
  report: DoctorOutput | Error,
): Pick<StateHealthResult, "probeOutcome" | "probeDurationMs" | "probeError"> {
  if (report instanceof Error) {
    return {
      probeOutcome: report instanceof RockyTimeoutError ? "timeout" : "error",
      probeDurationMs: null,
      probeError: report.message,
    };
  }
  const check = report.checks.find((c) => c.name === "state_rw");
  if (check === undefined) {
    return {
      probeOutcome: "error",
      probeDurationMs: null,
      probeError: "rocky doctor did not emit a state_rw check",
    };
  }
  if (check.status.toLowerCase() === "healthy") {
    return { probeOutcome: "ok", probeDurationMs: check.duration_ms, probeError: null };
  }
  const message = check.message;
  const lowered = message.toLowerCase();
  return {
    probeOutcome:
      lowered.includes("timed out") || lowered.includes("timeout") ? "timeout" : "error",
    probeDurationMs: check.duration_ms,
    probeError: message || `state_rw check returned status=${check.status}`,
  };
}

/** Runs `step`; an abort is rethrown, any other failure becomes the returned Error. @internal */
export async function tolerant<T>(step: () => Promise<T>): Promise<T | Error> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof RockyAbortError) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** What `stateHealth` borrows from its resource. @internal */
export interface StateHealthHost {
  /** The call's working directory and child environment, captured now. */
  readonly callSite: () => { readonly cwd: string; readonly env: Env };
  readonly configPath: string;
  /** Prepares, gates and spawns an internal verb, as the resource does. */
  readonly run: <T>(spec: VerbSpec<z.ZodType, T>, call: CallOptions) => Promise<T>;
  /** The resource's `doctor()` (with the call's options and `check`). */
  readonly doctor: (call: CallOptions & { check: string }) => Promise<DoctorOutput>;
}

/**
 * `RockyResource.stateHealth()`: the backend from the config file, the latest
 * run from `rocky history`, and with `probeWrite` the `state_rw` probe. Bad
 * options and an abort throw; engine failures degrade. @internal
 */
export async function stateHealth(
  options: StateHealthOptions,
  host: StateHealthHost,
): Promise<StateHealthResult> {
  const { probeWrite, ...call } = parseOrThrow(StateHealthOptionsSchema, options, {
    command: "stateHealth",
  });
  const site = host.callSite();
  const backend = await readStateBackend(resolve(site.cwd, host.configPath), site.env);
  const history = await tolerant(() => host.run(stateHealthHistoryVerb, call));
  const last = history instanceof Error ? null : lastRunOf(history.runs);
  const probe =
    probeWrite === true
      ? probeFrom(await tolerant(() => host.doctor({ ...call, check: "state_rw" })))
      : { probeOutcome: null, probeDurationMs: null, probeError: null };
  return Object.freeze({
    backend,
    lastRunStatus: last?.status ?? null,
    lastRunAt: last?.at ?? null,
    ...probe,
  });
}
