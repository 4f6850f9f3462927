import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";
import { argString, identifier, nonEmptyArg } from "./validation.js";

/** Options every method accepts. */
export interface CallOptions {
  /** Aborts the command: nothing is spawned if already aborted, else its process group is terminated. */
  readonly signal?: AbortSignal | undefined;
  /** Deadline for this call, overriding the resource's `timeoutMs`. */
  readonly timeoutMs?: number | undefined;
  /** Receives each stderr line (rocky's progress log) as it arrives. */
  readonly onLog?: ((line: string) => void) | undefined;
}

/** `--governance-override` payload; `workspace_ids: []` revokes every binding and needs explicit consent. */
export interface GovernanceOverride {
  readonly workspace_ids?: readonly (string | number)[];
  readonly allow_empty_workspace_ids?: boolean;
  readonly [key: string]: unknown;
}

export interface RunOptions extends CallOptions {
  /** One `key=value` pair; the key is an identifier, the value non-empty. */
  readonly filter: string;
  readonly pipeline?: string | undefined;
  /** Shadow suffix for this call (overrides the resource's resolution). */
  readonly shadowSuffix?: string | undefined;
  /**
   * `--state-namespace` for this call (overrides the resource's), so one
   * resource can run many tenants without them sharing one state lock.
   */
  readonly stateNamespace?: string | undefined;
  /** One partition selector at most: `partition`, `from`+`to`, `latest` or `missing`. */
  readonly partition?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly latest?: boolean | undefined;
  readonly missing?: boolean | undefined;
  readonly lookback?: number | undefined;
  readonly parallel?: number | undefined;
  /** Secret-like: masked in logs. */
  readonly idempotencyKey?: string | undefined;
  /** Secret-like: masked in logs. */
  readonly governanceOverride?: GovernanceOverride | undefined;
  /** Consent to an empty `workspace_ids` list (revokes every workspace binding). */
  readonly allowEmptyWorkspaceIds?: boolean | undefined;
  /** Also run the compiled models (`--models <modelsDir> --all`). */
  readonly runModels?: boolean | undefined;
  /** Run one compiled model (`--model`), shadowed like any run. */
  readonly model?: string | undefined;
  readonly defer?: boolean | undefined;
  readonly deferTo?: string | undefined;
  /** Return a partial result (non-zero exit with a JSON body) instead of throwing. Default true. */
  readonly allowPartial?: boolean | undefined;
}

export type PlanOptions = Omit<RunOptions, "defer" | "deferTo">;

export interface ApplyOptions extends CallOptions {
  readonly allowPartial?: boolean | undefined;
}

export interface DiscoverOptions extends CallOptions {
  readonly pipeline?: string | undefined;
  readonly withSchemas?: boolean | undefined;
}

export type StateOptions = CallOptions;

export interface DoctorOptions extends CallOptions {
  /** Run one check (`config`, `state`, `adapters`, `pipelines`, `state_sync`, ...). */
  readonly check?: string | undefined;
  readonly verbose?: boolean | undefined;
}

export interface CompileOptions extends CallOptions {
  readonly model?: string | undefined;
}

export type TestOptions = CompileOptions;

export interface CompareThresholds {
  /** Fraction (0.05 = 5%) of row-count difference that warns. */
  readonly row_count_diff_pct_warn?: number | undefined;
  /** Fraction of row-count difference that fails. */
  readonly row_count_diff_pct_fail?: number | undefined;
  readonly allow_column_order_diff?: boolean | undefined;
}

export interface CompareOptions extends CallOptions {
  readonly filter: string;
  readonly pipeline?: string | undefined;
  /** Suffix naming the shadow side (default: the same resolution as `run`). */
  readonly shadowSuffix?: string | undefined;
  /** Compare against a shadow schema instead of a suffix. */
  readonly shadowSchema?: string | undefined;
  readonly thresholds?: CompareThresholds | undefined;
}

// ---------------------------------------------------------------------------
// Schemas. Strict objects: a misspelt option is an error, not silently ignored.

const common = {
  signal: z
    .custom<AbortSignal>((v) => v instanceof AbortSignal, {
      error: "signal must be an AbortSignal",
    })
    .optional(),
  timeoutMs: z
    .number()
    .int({ error: "timeoutMs must be a whole number of milliseconds" })
    .positive({ error: "timeoutMs must be > 0" })
    .max(2_147_483_647, { error: "timeoutMs must be at most 2147483647" })
    .optional(),
  onLog: z
    .custom<(line: string) => void>((v) => typeof v === "function", {
      error: "onLog must be a function",
    })
    .optional(),
};

const filter = argString("filter").superRefine((v, ctx) => {
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
    ctx.addIssue({ code: "custom", message: 'filter value must not be empty, e.g. "tenant=acme"' });
  }
});

const flag = (what: string) => z.boolean({ error: `${what} must be a boolean` }).optional();
const count = (what: string, min: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(min, { error: `${what} must be >= ${min}` })
    .max(4_294_967_295, { error: `${what} must fit in 32 bits` })
    .optional();

const governanceOverride = z
  .custom<GovernanceOverride>(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      !Array.isArray(v) &&
      Object.getPrototypeOf(v) === Object.prototype,
    { error: "governanceOverride must be a plain JSON object" },
  )
  .superRefine((v, ctx) => {
    try {
      JSON.stringify(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "governanceOverride must be JSON-serializable" });
      return;
    }
    if ("workspace_ids" in v && !Array.isArray(v.workspace_ids)) {
      ctx.addIssue({
        code: "custom",
        path: ["workspace_ids"],
        message: "workspace_ids must be a list",
      });
    }
  })
  .optional();

const runShape = {
  ...common,
  filter,
  pipeline: nonEmptyArg("pipeline").optional(),
  shadowSuffix: identifier("shadowSuffix").optional(),
  stateNamespace: identifier("stateNamespace").optional(),
  partition: nonEmptyArg("partition").optional(),
  from: nonEmptyArg("from").optional(),
  to: nonEmptyArg("to").optional(),
  latest: flag("latest"),
  missing: flag("missing"),
  lookback: count("lookback", 0),
  parallel: count("parallel", 1),
  idempotencyKey: nonEmptyArg("idempotencyKey").optional(),
  governanceOverride,
  allowEmptyWorkspaceIds: flag("allowEmptyWorkspaceIds"),
  runModels: flag("runModels"),
  model: nonEmptyArg("model").optional(),
  defer: flag("defer"),
  deferTo: nonEmptyArg("deferTo").optional(),
  allowPartial: flag("allowPartial"),
};

function checkRunRules(o: z.output<z.ZodObject<typeof runShape>>, ctx: z.RefinementCtx): void {
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
  const ws = o.governanceOverride?.workspace_ids;
  if (
    Array.isArray(ws) &&
    ws.length === 0 &&
    o.allowEmptyWorkspaceIds !== true &&
    o.governanceOverride?.allow_empty_workspace_ids !== true
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["governanceOverride", "workspace_ids"],
      message:
        "an empty workspace_ids list revokes every workspace binding on the catalog; pass allowEmptyWorkspaceIds: true if that is intended, or omit workspace_ids",
    });
  }
}

export const RunOptionsSchema = z.strictObject(runShape).superRefine(checkRunRules);

const { defer: _defer, deferTo: _deferTo, ...planShape } = runShape;
export const PlanOptionsSchema = z
  .strictObject(planShape)
  .superRefine((o, ctx) => checkRunRules(o as z.output<z.ZodObject<typeof runShape>>, ctx));

export const ApplyOptionsSchema = z.strictObject({ ...common, allowPartial: flag("allowPartial") });
export const PlanIdSchema = z
  .string({ error: "planId must be a string" })
  .regex(/^[0-9a-fA-F]{64}$/, {
    error: "planId must be the 64-character hex id that plan() returned",
  });

export const DiscoverOptionsSchema = z.strictObject({
  ...common,
  pipeline: nonEmptyArg("pipeline").optional(),
  withSchemas: flag("withSchemas"),
});
export const StateOptionsSchema = z.strictObject(common);
export const DoctorOptionsSchema = z.strictObject({
  ...common,
  check: nonEmptyArg("check").optional(),
  verbose: flag("verbose"),
});
export const CompileOptionsSchema = z.strictObject({
  ...common,
  model: nonEmptyArg("model").optional(),
});
export const TestOptionsSchema = CompileOptionsSchema;

const fraction = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be a fraction >= 0 (0.05 = 5%)` })
    .refine(Number.isFinite, { error: `${what} must be finite` })
    .optional();

export const CompareOptionsSchema = z
  .strictObject({
    ...common,
    filter,
    pipeline: nonEmptyArg("pipeline").optional(),
    shadowSuffix: identifier("shadowSuffix").optional(),
    shadowSchema: identifier("shadowSchema").optional(),
    thresholds: z
      .strictObject({
        row_count_diff_pct_warn: fraction("thresholds.row_count_diff_pct_warn"),
        row_count_diff_pct_fail: fraction("thresholds.row_count_diff_pct_fail"),
        allow_column_order_diff: flag("thresholds.allow_column_order_diff"),
      })
      .superRefine((t, ctx) => {
        if (
          t.row_count_diff_pct_warn !== undefined &&
          t.row_count_diff_pct_fail !== undefined &&
          t.row_count_diff_pct_warn > t.row_count_diff_pct_fail
        ) {
          ctx.addIssue({
            code: "custom",
            path: ["row_count_diff_pct_warn"],
            message: "row_count_diff_pct_warn must not exceed row_count_diff_pct_fail",
          });
        }
      })
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.shadowSuffix !== undefined && o.shadowSchema !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["shadowSchema"],
        message: "shadowSuffix and shadowSchema are mutually exclusive; pass one",
      });
    }
  });
