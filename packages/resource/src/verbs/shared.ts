/**
 * Options shared by several verbs: the call options every method accepts
 * and the run family's options. Strict objects everywhere: a misspelt option
 * is an error, not silently ignored. Each option type is an interface with
 * a doc line per field (what the API reference and hovers show), tied to its
 * schema by `optionsSchema` so the two cannot drift.
 */
import { z } from "zod";
import {
  filter as filterRule,
  flag,
  identifier,
  modelName,
  nonEmpty,
  pipelineName,
  secret,
  u32,
} from "../value-rules.js";
import {
  emptyWorkspaceIdsProblem,
  type GovernanceOverride,
  GovernanceOverrideSchema,
  pushGovernanceOverride,
} from "./governance-override.js";
import { optionsSchema } from "./types.js";

export type { GovernanceOverride } from "./governance-override.js";

const MAX_TIMEOUT_MS = 2_147_483_647;

/** Options every method accepts. */
export interface CallOptions {
  /**
   * Aborts the call: nothing is spawned if it is already aborted; otherwise
   * rocky's process group is terminated (SIGTERM, then SIGKILL after the
   * resource's `killGraceMs`) and the call rejects with `RockyAbortError`.
   */
  signal?: AbortSignal | undefined;
  /**
   * Deadline of this call in milliseconds (a whole number in [1, 2147483647]),
   * overriding the resource's `timeoutMs` (default 600000). Past it rocky's
   * process group is killed and the call rejects with `RockyTimeoutError`.
   */
  timeoutMs?: number | undefined;
  /** Receives each stderr line (rocky's progress log) as it arrives. */
  onLog?: ((line: string) => void) | undefined;
}

/** The options every call accepts: signal, timeoutMs, onLog. @internal */
export const callShape = {
  signal: z
    .custom<AbortSignal>((v) => v instanceof AbortSignal, {
      error: "signal must be an AbortSignal",
    })
    .optional(),
  timeoutMs: z
    .number({
      // Never quote the value: a misplaced secret must not reach an error message.
      error: (issue) =>
        typeof issue.input === "string"
          ? 'timeoutMs must be a number of milliseconds, not a string: pass 600000, not "600000" (convert a value read from the environment with Number())'
          : "timeoutMs must be a number of milliseconds, such as 600000",
    })
    .int({ error: "timeoutMs must be a whole number of milliseconds" })
    .positive({ error: "timeoutMs must be > 0" })
    .max(MAX_TIMEOUT_MS, { error: `timeoutMs must be at most ${MAX_TIMEOUT_MS}` })
    .optional(),
  onLog: z
    .custom<(line: string) => void>((v) => typeof v === "function", {
      error: "onLog must be a function",
    })
    .optional(),
};

/** Options every method accepts. @internal */
export const CallOptionsSchema = optionsSchema<CallOptions>()(z.strictObject(callShape));

/**
 * `shadowSuffix` on verbs that take no shadow flags: the suffix of the
 * deployment the call acts for (a fleet worker handed a PR's job). `apply`
 * proves the persisted plan shadowed with it; promotions and approvals are
 * refused with it. @internal
 */
export const actingSuffix = identifier("shadowSuffix", '"_dagster_pr_42"').optional();

/** The one `key=value` filter of run and compare (required there; optional on plan, resumeRun and runModel). @internal */
export const filter = filterRule();

/** Options of `run()`. */
export interface RunOptions extends CallOptions {
  /**
   * The sources to run: one `key=value` pair (`--filter`), the key a schema
   * component (`tenant`, `region`...), `id` or `table`, the value matched
   * whole, such as `"tenant=acme"`. Required. rocky reads one pair only, so a
   * value holding `=` or `,` is refused: run once per pair or value.
   */
  filter: string;
  /** The pipeline to run (`--pipeline`; default: rocky's, the only one or `default`). */
  pipeline?: string | undefined;
  /**
   * Shadow suffix for this call (`--shadow --shadow-suffix`), overriding the
   * resource's resolution (`resolveShadowSuffix`). An identifier. A call with
   * a suffix is a shadowed write: every shadow guard applies.
   */
  shadowSuffix?: string | undefined;
  /**
   * `--state-namespace` for this call (an identifier, overriding the
   * resource's), so one resource can run many tenants without sharing one
   * state lock. Not with a resource `statePath`.
   */
  stateNamespace?: string | undefined;
  /** One partition key (`--partition`). One partition selector at most. */
  partition?: string | undefined;
  /** Start of a partition range (`--from`); needs `to`. */
  from?: string | undefined;
  /** End of a partition range (`--to`); needs `from`. */
  to?: string | undefined;
  /** The latest partition (`--latest`). */
  latest?: boolean | undefined;
  /** The partitions not yet materialized (`--missing`). */
  missing?: boolean | undefined;
  /** Extra earlier partitions to recompute (`--lookback`, >= 0). */
  lookback?: number | undefined;
  /** Tables run at once (`--parallel`, >= 1). */
  parallel?: number | undefined;
  /**
   * `--idempotency-key`: rocky skips the run when a run with this key
   * already succeeded. Secret-like: masked in logs, never quoted in errors;
   * a shadowed write namespaces it by its suffix.
   */
  idempotencyKey?: string | undefined;
  /**
   * `--governance-override`: rocky-core's `GovernanceOverride` (workspace
   * bindings, grants) for this run. Secret-like: masked in logs.
   */
  governanceOverride?: GovernanceOverride | undefined;
  /** Consent to an empty `workspace_ids` list in `governanceOverride` (revokes every workspace binding). */
  allowEmptyWorkspaceIds?: boolean | undefined;
  /** Also run the compiled models (`--models <modelsDir> --all`). */
  runModels?: boolean | undefined;
  /** Run one compiled model (`--model`), shadowed like any run. */
  model?: string | undefined;
  /** Read unbuilt upstream models from production (`--defer`). */
  defer?: boolean | undefined;
  /** The state to defer to (`--defer-to`); needs `defer: true`. */
  deferTo?: string | undefined;
  /**
   * A run that failed for some tables (exit 2) or all (exit 1) with a JSON
   * report resolves to that report instead of throwing. Default true; false
   * throws `RockyPartialFailureError` carrying it.
   */
  allowPartial?: boolean | undefined;
}

/** The options of `run` (plan takes all but defer/deferTo). @internal */
export const runShape = {
  ...callShape,
  filter,
  pipeline: pipelineName("pipeline").optional(),
  shadowSuffix: identifier("shadowSuffix", '"_dagster_pr_42"').optional(),
  stateNamespace: identifier("stateNamespace", '"tenant_acme"').optional(),
  partition: nonEmpty("partition", '"2026-01-31"').optional(),
  from: nonEmpty("from", '"2026-01-01"').optional(),
  to: nonEmpty("to", '"2026-01-31"').optional(),
  latest: flag("latest").optional(),
  missing: flag("missing").optional(),
  lookback: u32("lookback", 0).optional(),
  parallel: u32("parallel", 1).optional(),
  idempotencyKey: secret(nonEmpty("idempotencyKey"), "--idempotency-key").optional(),
  governanceOverride: secret(GovernanceOverrideSchema, "--governance-override").optional(),
  allowEmptyWorkspaceIds: flag("allowEmptyWorkspaceIds").optional(),
  runModels: flag("runModels").optional(),
  model: modelName("model").optional(),
  defer: flag("defer").optional(),
  deferTo: nonEmpty("deferTo").optional(),
  allowPartial: flag("allowPartial").optional(),
};

/** The run options the cross-field rules read (every one optional, `filter` included). */
type RunRuleInput = {
  [K in keyof z.output<z.ZodObject<typeof runShape>>]?:
    | z.output<z.ZodObject<typeof runShape>>[K]
    | undefined;
};

/** Cross-field rules of run and plan. @internal */
export function checkRunRules(o: RunRuleInput, ctx: z.RefinementCtx): void {
  const selectors = [
    o.partition !== undefined && "partition",
    (o.from !== undefined || o.to !== undefined) && "from/to",
    o.latest === true && "latest",
    o.missing === true && "missing",
  ].filter(Boolean);
  if (selectors.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["partition"],
      message: `use one partition selector at most (partition | from+to | latest | missing); got ${selectors.join(", ")}`,
    });
  }
  if ((o.from === undefined) !== (o.to === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [o.from === undefined ? "from" : "to"],
      message: "from and to must be given together (a partition range)",
    });
  }
  if (o.deferTo !== undefined && o.defer !== true) {
    ctx.addIssue({ code: "custom", path: ["deferTo"], message: "deferTo requires defer: true" });
  }
  const empty = emptyWorkspaceIdsProblem(o.governanceOverride, o.allowEmptyWorkspaceIds);
  if (empty !== null) {
    ctx.addIssue({ code: "custom", path: ["governanceOverride", "workspace_ids"], message: empty });
  }
}

/** The flags run and plan share, in rocky's order. @internal */
export function runOrPlanArgs(verb: "run" | "plan", o: RunRuleInput, modelsDir: string): string[] {
  const args: string[] = [verb];
  if (o.filter !== undefined) args.push(`--filter=${o.filter}`);
  if (o.pipeline !== undefined) args.push(`--pipeline=${o.pipeline}`);
  pushGovernanceOverride(args, o.governanceOverride, o.allowEmptyWorkspaceIds);
  if (o.runModels === true) args.push(`--models=${modelsDir}`, "--all");
  if (o.model !== undefined) args.push(`--model=${o.model}`);
  pushRunTail(args, o);
  if (o.idempotencyKey !== undefined) args.push(`--idempotency-key=${o.idempotencyKey}`);
  return args;
}

/** Some of run's option fields, for the other verbs that drive `rocky run`. @internal */
export function pickRunShape<const K extends keyof typeof runShape>(
  ...keys: K[]
): Pick<typeof runShape, K> {
  return Object.fromEntries(keys.map((k) => [k, runShape[k]])) as Pick<typeof runShape, K>;
}

/** The run options every run path shares (run, plan and runModel). @internal */
export const RUN_TAIL_KEYS = [
  "shadowSuffix",
  "stateNamespace",
  "partition",
  "from",
  "to",
  "latest",
  "missing",
  "lookback",
  "parallel",
  "allowPartial",
] as const;

/**
 * The options every run path shares (run, plan and runModel): the shadow
 * suffix, the per-call state namespace, the partition selectors, the
 * parallelism and allowPartial. @internal
 */
export const runTailShape = pickRunShape(...RUN_TAIL_KEYS);

/** Appends the shadow flags, partition selector, lookback and parallelism, in rocky's order. @internal */
export function pushRunTail(args: string[], o: RunRuleInput): void {
  if (o.shadowSuffix !== undefined) args.push("--shadow", `--shadow-suffix=${o.shadowSuffix}`);
  if (o.partition !== undefined) args.push(`--partition=${o.partition}`);
  if (o.from !== undefined && o.to !== undefined) args.push(`--from=${o.from}`, `--to=${o.to}`);
  if (o.latest === true) args.push("--latest");
  if (o.missing === true) args.push("--missing");
  if (o.lookback !== undefined) args.push(`--lookback=${o.lookback}`);
  if (o.parallel !== undefined) args.push(`--parallel=${o.parallel}`);
}
