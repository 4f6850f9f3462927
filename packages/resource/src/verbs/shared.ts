/**
 * Option schemas shared by several verbs. Strict objects everywhere: a
 * misspelt option is an error, not silently ignored.
 */
import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";
import { identifier, nonEmptyArg } from "../validation.js";
import {
  emptyWorkspaceIdsProblem,
  GovernanceOverrideSchema,
  governanceOverrideArg,
} from "./governance-override.js";

export type { GovernanceOverride } from "./governance-override.js";

const MAX_TIMEOUT_MS = 2_147_483_647;

/** The options every call accepts: signal, timeoutMs, onLog. */
export const callShape = {
  /** Aborts the command: nothing is spawned if already aborted, else its process group is terminated. */
  signal: z
    .custom<AbortSignal>((v) => v instanceof AbortSignal, {
      error: "signal must be an AbortSignal",
    })
    .optional(),
  /** Deadline for this call in ms, overriding the resource's `timeoutMs`. */
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
  /** Receives each stderr line (rocky's progress log) as it arrives. */
  onLog: z
    .custom<(line: string) => void>((v) => typeof v === "function", {
      error: "onLog must be a function",
    })
    .optional(),
};

/**
 * `shadowSuffix` on verbs that take no shadow flags: the suffix of the
 * deployment the call acts for (a fleet worker handed a PR's job). `apply`
 * proves the persisted plan shadowed with it; promotions and approvals are
 * refused with it. @internal
 */
export const actingSuffix = identifier("shadowSuffix").optional();

/** Options every method accepts. */
export const CallOptionsSchema = z.strictObject(callShape);

const FILTER_REQUIRED =
  'filter is required: pass filter such as "tenant=acme"; the SDK requires it, like rocky-sdk, although rocky without --filter would run every source';

/** One `key=value` pair; the key an identifier, the value non-empty. Required. */
export const filter = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? FILTER_REQUIRED
        : 'filter must be a string: one "key=value" pair, e.g. "tenant=acme"',
  })
  .refine((v) => !v.includes("\u0000"), { error: "filter must not contain a NUL character" })
  .superRefine((v, ctx) => {
    const eq = v.indexOf("=");
    if (eq < 0) {
      ctx.addIssue({
        code: "custom",
        message: 'filter must be one "key=value" pair, e.g. "tenant=acme"',
      });
      return;
    }
    const key = v.slice(0, eq);
    if (!isRockyIdentifier(key)) {
      ctx.addIssue({
        code: "custom",
        message: `filter key ${JSON.stringify(key)} must match ^[A-Za-z0-9_]+$, e.g. "tenant=acme"`,
      });
    }
    if (eq === v.length - 1) {
      ctx.addIssue({
        code: "custom",
        message: 'filter value must not be empty, e.g. "tenant=acme"',
      });
    }
  });

/** An optional boolean switch. @internal */
export const flag = (what: string) => z.boolean({ error: `${what} must be a boolean` }).optional();

/** An optional whole number in [min, 2^32). @internal */
export const count = (what: string, min: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(min, { error: `${what} must be >= ${min}` })
    .max(4_294_967_295, { error: `${what} must fit in 32 bits` })
    .optional();

const governanceOverride = GovernanceOverrideSchema.optional();

/** The options of `run` (plan takes all but defer/deferTo). */
export const runShape = {
  ...callShape,
  /** One `key=value` pair; the key is an identifier, the value non-empty. */
  filter,
  /** The pipeline to run (default: rocky's). */
  pipeline: nonEmptyArg("pipeline").optional(),
  /** Shadow suffix for this call (overrides the resource's resolution). */
  shadowSuffix: identifier("shadowSuffix").optional(),
  /**
   * `--state-namespace` for this call (overrides the resource's), so one
   * resource can run many tenants without them sharing one state lock.
   */
  stateNamespace: identifier("stateNamespace").optional(),
  /** One partition selector at most: `partition`, `from`+`to`, `latest` or `missing`. */
  partition: nonEmptyArg("partition").optional(),
  from: nonEmptyArg("from").optional(),
  to: nonEmptyArg("to").optional(),
  latest: flag("latest"),
  missing: flag("missing"),
  lookback: count("lookback", 0),
  parallel: count("parallel", 1),
  /** Secret-like: masked in logs. */
  idempotencyKey: nonEmptyArg("idempotencyKey").optional(),
  /** Secret-like: masked in logs. */
  governanceOverride,
  /** Consent to an empty `workspace_ids` list (revokes every workspace binding). */
  allowEmptyWorkspaceIds: flag("allowEmptyWorkspaceIds"),
  /** Also run the compiled models (`--models <modelsDir> --all`). */
  runModels: flag("runModels"),
  /** Run one compiled model (`--model`), shadowed like any run. */
  model: nonEmptyArg("model").optional(),
  defer: flag("defer"),
  deferTo: nonEmptyArg("deferTo").optional(),
  /** Return a partial result (non-zero exit with a JSON body) instead of throwing. Default true. */
  allowPartial: flag("allowPartial"),
};

/** The run options the cross-field rules read. */
type RunRuleInput = Partial<z.output<z.ZodObject<typeof runShape>>>;

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
export function runOrPlanArgs(
  verb: "run" | "plan",
  o: RunRuleInput & { readonly filter: string },
  modelsDir: string,
): string[] {
  const args = [verb, `--filter=${o.filter}`];
  if (o.pipeline !== undefined) args.push(`--pipeline=${o.pipeline}`);
  if (o.governanceOverride !== undefined) {
    args.push(governanceOverrideArg(o.governanceOverride, o.allowEmptyWorkspaceIds));
  }
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

/**
 * The options every run path shares (run, plan and runModel): the shadow
 * suffix, the per-call state namespace, the partition selectors, the
 * parallelism and allowPartial. @internal
 */
export const runTailShape = pickRunShape(
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
);

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
