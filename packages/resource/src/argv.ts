/**
 * Builds rocky's argv. Every user value travels as `--flag=value`, so a value
 * that starts with `-` can never be parsed as a flag, and the array goes to
 * the OS as is: no shell is involved anywhere.
 */
import type {
  ApplyOptions,
  CompareOptions,
  CompileOptions,
  DiscoverOptions,
  DoctorOptions,
  PlanOptions,
  RunOptions,
  StateOptions,
  TestOptions,
} from "./call-options.js";

/** The rocky verbs this SDK wraps. */
export type RockyVerb =
  | "run"
  | "plan"
  | "apply"
  | "discover"
  | "state"
  | "doctor"
  | "compile"
  | "test"
  | "compare";

/** Options of each verb as `buildArgs` receives them: validated, with the shadow suffix resolved. */
export interface VerbArgsOptions {
  run: RunOptions & { readonly shadowSuffix?: string | undefined };
  plan: PlanOptions & { readonly shadowSuffix?: string | undefined };
  apply: ApplyOptions & { readonly planId: string };
  discover: DiscoverOptions;
  state: StateOptions;
  doctor: DoctorOptions;
  compile: CompileOptions;
  test: TestOptions;
  compare: CompareOptions;
}

/** Resource-level paths the verb arguments need. */
export interface ArgsContext {
  readonly modelsDir: string;
  readonly contractsDir?: string | undefined;
}

/** Global flags, which rocky only accepts before the verb. */
export function globalArgs(o: {
  configPath: string;
  statePath?: string | undefined;
  stateNamespace?: string | undefined;
}): string[] {
  const args = [`--config=${o.configPath}`];
  if (o.statePath !== undefined) args.push(`--state-path=${o.statePath}`);
  else if (o.stateNamespace !== undefined) args.push(`--state-namespace=${o.stateNamespace}`);
  args.push("--output", "json");
  return args;
}

const opt = (args: string[], name: string, value: string | number | undefined): void => {
  if (value !== undefined) args.push(`--${name}=${value}`);
};
const sw = (args: string[], name: string, on: boolean | undefined): void => {
  if (on === true) args.push(`--${name}`);
};

function runOrPlanArgs(verb: "run" | "plan", o: RunOptions, ctx: ArgsContext): string[] {
  const args = [verb, `--filter=${o.filter}`];
  opt(args, "pipeline", o.pipeline);
  if (o.governanceOverride !== undefined) {
    args.push(`--governance-override=${JSON.stringify(o.governanceOverride)}`);
  }
  if (o.runModels === true) args.push(`--models=${ctx.modelsDir}`, "--all");
  opt(args, "model", o.model);
  if (o.shadowSuffix !== undefined) args.push("--shadow", `--shadow-suffix=${o.shadowSuffix}`);
  opt(args, "partition", o.partition);
  if (o.from !== undefined && o.to !== undefined) args.push(`--from=${o.from}`, `--to=${o.to}`);
  sw(args, "latest", o.latest);
  sw(args, "missing", o.missing);
  opt(args, "lookback", o.lookback);
  opt(args, "parallel", o.parallel);
  opt(args, "idempotency-key", o.idempotencyKey);
  if (verb === "run") {
    sw(args, "defer", o.defer);
    opt(args, "defer-to", o.deferTo);
  }
  return args;
}

/** The verb and its flags, after the global flags. */
export function verbArgs<V extends RockyVerb>(
  verb: V,
  options: VerbArgsOptions[V],
  ctx: ArgsContext,
): string[] {
  switch (verb) {
    case "run":
    case "plan":
      return runOrPlanArgs(verb, options as RunOptions, ctx);
    case "apply":
      return ["apply", (options as VerbArgsOptions["apply"]).planId];
    case "discover": {
      const o = options as DiscoverOptions;
      const args = ["discover"];
      opt(args, "pipeline", o.pipeline);
      sw(args, "with-schemas", o.withSchemas);
      return args;
    }
    case "state":
      return ["state"];
    case "doctor": {
      const o = options as DoctorOptions;
      const args = ["doctor"];
      opt(args, "check", o.check);
      sw(args, "verbose", o.verbose);
      return args;
    }
    case "compile":
    case "test": {
      const o = options as CompileOptions;
      const args = [verb, `--models=${ctx.modelsDir}`];
      opt(args, "contracts", ctx.contractsDir);
      opt(args, "model", o.model);
      return args;
    }
    case "compare": {
      const o = options as CompareOptions;
      const args = ["compare", `--filter=${o.filter}`];
      opt(args, "pipeline", o.pipeline);
      if (o.shadowSchema !== undefined) opt(args, "shadow-schema", o.shadowSchema);
      else opt(args, "shadow-suffix", o.shadowSuffix);
      if (o.thresholds !== undefined) args.push(`--thresholds=${JSON.stringify(o.thresholds)}`);
      return args;
    }
  }
  throw new TypeError(`unknown rocky verb ${JSON.stringify(verb)}`);
}

/** Flags whose values are secret-like and never logged. */
const MASKED_FLAGS = ["--governance-override", "--idempotency-key"];

/** A copy of argv safe to log: masked values for secret-like flags, in both `--f=v` and `--f v` forms. */
export function maskArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  let maskNext = false;
  for (const token of argv) {
    if (maskNext) {
      out.push("***");
      maskNext = false;
      continue;
    }
    const flag = MASKED_FLAGS.find((f) => token === f || token.startsWith(`${f}=`));
    if (flag === undefined) out.push(token);
    else if (token === flag) {
      out.push(token);
      maskNext = true;
    } else out.push(`${flag}=***`);
  }
  return out;
}
