/**
 * rocky-sim's grammar: every verb, sub-verb, flag and positional it accepts, in one table. Each
 * entry follows the clap derive of rocky's engine/rocky/src/main.rs (`struct Cli`, `enum Command`
 * and the `*Action` / `*Subcommand` enums); nothing here is stricter than the engine. The parser
 * (parser.ts), the help text (help.ts), the handler table (verbs/registry.ts) and the public
 * `SimVerb` / `SimSubVerb` types are all read from this table.
 */

export type ValueKind = "string" | "u32" | "u64" | "enum";

export interface FlagSpec {
  readonly name: string;
  /** Undefined for boolean switches. */
  readonly kind?: ValueKind;
  readonly values?: readonly string[];
  readonly repeat?: boolean;
  readonly short?: string;
  readonly valueName?: string;
  /** clap `global = true`: accepted before and after the verb. */
  readonly global?: boolean;
  /** The first engine version with this flag; an older simulated engine does not know it. */
  readonly since?: string;
  /** A switch that may also take one of these values inline (`--flag=false`). */
  readonly inlineValues?: readonly string[];
}

export interface PositionalSpec {
  readonly name: string;
  readonly required: boolean;
  /** clap `required_unless_present`: not required when this flag is given. */
  readonly requiredUnless?: string;
}

export interface VerbSpec {
  readonly about: string;
  readonly flags: readonly FlagSpec[];
  /** Pairs of flags that cannot be used together. */
  readonly conflicts: readonly (readonly [string, string])[];
  /** [flag, requiredFlag]: flag requires requiredFlag. */
  readonly requires: readonly (readonly [string, string])[];
  readonly required: readonly string[];
  /** Positional arguments, in order. */
  readonly positionals: readonly PositionalSpec[];
  /**
   * clap subcommands: the first positional picks one (before any flag of the verb), which then
   * owns every following argument with its own flags and positionals.
   */
  readonly subverbs?: Readonly<Record<string, VerbSpec>>;
  /** clap `subcommand_required`: the verb alone is a usage error. */
  readonly subverbRequired?: boolean;
  /** The arguments after this (sub-)verb are kept raw, unparsed (sub-commands not emulated). */
  readonly rawTail?: boolean;
  /** The first engine version with this (sub-)verb; an older simulated engine does not know it. */
  readonly since?: string;
}

type Pairs = readonly (readonly [string, string])[];

const b = (name: string): FlagSpec => ({ name });
const s = (name: string, valueName?: string): FlagSpec =>
  valueName === undefined ? { name, kind: "string" } : { name, kind: "string", valueName };
const n = (name: string): FlagSpec => ({ name, kind: "u32" });
const u64 = (name: string, valueName?: string): FlagSpec =>
  valueName === undefined ? { name, kind: "u64" } : { name, kind: "u64", valueName };
const e = (name: string, values: readonly string[]): FlagSpec => ({ name, kind: "enum", values });
const r = (name: string, valueName: string): FlagSpec => ({
  name,
  kind: "string",
  repeat: true,
  valueName,
});
const req = (name: string): PositionalSpec => ({ name, required: true });
const opt = (name: string): PositionalSpec => ({ name, required: false });

interface VerbParts {
  flags?: readonly FlagSpec[];
  positionals?: readonly PositionalSpec[];
  conflicts?: Pairs;
  requires?: Pairs;
  required?: readonly string[];
  subverbs?: Readonly<Record<string, VerbSpec>>;
  subverbRequired?: boolean;
  rawTail?: boolean;
  since?: string;
}

/** The sub-verbs a `verb()` call was given (undefined when none). */
type SubverbsGiven<P> = P extends { readonly subverbs: infer S } ? S : never;

/** One (sub-)verb of the table; its sub-verb names stay in its type (for `SubVerbKey`). */
// biome-ignore lint/complexity/noBannedTypes: `{}` is "no parts given", so no sub-verbs are typed.
function verb<P extends VerbParts = {}>(
  about: string,
  parts?: P,
): Omit<VerbSpec, "subverbs"> & { readonly subverbs?: SubverbsGiven<P> } {
  const p: VerbParts = parts ?? {};
  const spec: VerbSpec = {
    about,
    flags: p.flags ?? [],
    conflicts: p.conflicts ?? [],
    requires: p.requires ?? [],
    required: p.required ?? [],
    positionals: p.positionals ?? [],
  };
  return {
    ...spec,
    ...(p.subverbs === undefined ? {} : { subverbs: p.subverbs }),
    ...(p.subverbRequired === true ? { subverbRequired: true } : {}),
    ...(p.rawTail === true ? { rawTail: true } : {}),
    ...(p.since === undefined ? {} : { since: p.since }),
  } as Omit<VerbSpec, "subverbs"> & { readonly subverbs?: SubverbsGiven<P> };
}

/**
 * The engines after 1.71 (whose source rocky-sim does not have) added verbs and flags that
 * rocky-sdk 0.29.0 drives; their arguments follow rocky-sdk's client.py, and each carries the
 * first engine version that has it, the floors the SDK's verb modules gate on (profile's
 * `--sample` is rocky-sdk's own "needs engine 1.77.0"). A simulated older engine refuses them as
 * clap refuses a word it does not know.
 */
export const FLOOR_1_72 = "1.72.0";
export const FLOOR_1_74 = "1.74.0";
export const FLOOR_1_77 = "1.77.0";

function versionParts(v: string): number[] {
  return (/^(\d+)\.(\d+)\.(\d+)/.exec(v.trim()) ?? ["", "0", "0", "0"]).slice(1).map(Number);
}

/** Whether an engine of `version` has an item introduced in `since` (none: every version). */
export function knownIn(since: string | undefined, version: string): boolean {
  if (since === undefined) return true;
  const a = versionParts(version);
  const b = versionParts(since);
  for (let i = 0; i < 3; i++) {
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) > (b[i] as number);
  }
  return true;
}

/** main.rs `struct Cli`: the flags before the verb; `global` ones also after it. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: "config", kind: "string", short: "c" },
  { name: "output", kind: "enum", values: ["json", "table", "md"], short: "o", global: true },
  { name: "state-path", kind: "string" },
  { name: "state-namespace", kind: "string", valueName: "KEY" },
  { name: "cache-ttl", kind: "u64", valueName: "SECS", global: true },
  { name: "principal", kind: "enum", values: ["human", "agent"], global: true },
];

const PARTITION_CONFLICTS: Pairs = [
  ["partition", "from"],
  ["partition", "to"],
  ["partition", "latest"],
  ["partition", "missing"],
  ["from", "latest"],
  ["from", "missing"],
  ["to", "latest"],
  ["to", "missing"],
  ["latest", "missing"],
];

const RUN_LIKE_FLAGS: readonly FlagSpec[] = [
  s("filter"),
  s("pipeline"),
  s("model"),
  s("governance-override"),
  s("models"),
  b("all"),
  s("resume", "RUN_ID"),
  b("resume-latest"),
  b("shadow"),
  s("shadow-suffix"),
  s("shadow-schema"),
  s("branch"),
  s("partition"),
  s("from"),
  s("to"),
  b("latest"),
  b("missing"),
  n("lookback"),
  n("parallel"),
  b("dag"),
  s("idempotency-key", "KEY"),
  s("env"),
];

// main.rs `Run`/`Plan`: `--branch` conflicts_with_all = ["shadow", "shadow_schema"] plus the
// partition selectors. There is NO `requires = "shadow"` on `--shadow-suffix`/`--shadow-schema`
// (without `--shadow` they are accepted and inert) and no conflict between `--resume` and
// `--resume-latest` or between `--dag` and the resume flags.
const RUN_LIKE_CONFLICTS: Pairs = [
  ["branch", "shadow"],
  ["branch", "shadow-schema"],
  ...PARTITION_CONFLICTS,
];

// main.rs: `--from` requires = "to" and `--to` requires = "from"; nothing else.
const RUN_LIKE_REQUIRES: Pairs = [
  ["from", "to"],
  ["to", "from"],
];

const PRODUCT = [req("PRODUCT")];

// rocky-sdk `_package_build_args` (without `--target-schema`), `_build_empty_args`, `_dbt_run_args`.
const PACKAGE_BUILD_FLAGS: readonly FlagSpec[] = [
  r("vars", "KEY=VALUE"),
  s("compiled", "DIR"),
  // `--build-empty` or `--build-empty=false` (clap `num_args = 0..=1`).
  { name: "build-empty", inlineValues: ["true", "false"] },
  b("allow-secret-var"),
  u64("dbt-timeout", "SECS"),
];

/** main.rs `enum Command`: the verbs rocky-sim emulates, with their sub-verbs. */
export const GRAMMAR = {
  run: verb("Execute the full pipeline in one step: discover → drift → create → copy → check", {
    flags: [
      // main.rs `Run` has no `--contracts` (compile/test have it).
      ...RUN_LIKE_FLAGS,
      b("watch"),
      b("defer"),
      s("defer-to", "SCHEMA"),
      b("skip-unchanged"),
      b("force-rebuild"),
      b("no-reuse"),
      b("no-prune"),
      r("var", "NAME=VALUE"),
      b("assume-fresh-state"),
    ],
    conflicts: [
      ...RUN_LIKE_CONFLICTS,
      ["watch", "dag"],
      ["watch", "resume"],
      ["watch", "resume-latest"],
      ["watch", "idempotency-key"],
      ["watch", "model"],
      ["defer", "dag"],
      ["assume-fresh-state", "dag"],
      ["assume-fresh-state", "watch"],
    ],
    requires: [...RUN_LIKE_REQUIRES, ["defer-to", "defer"]],
  }),
  plan: verb(
    "Generate SQL without executing (dry-run) — the deliberate, auditable first half of the two-step rollout",
    {
      flags: [...RUN_LIKE_FLAGS, b("semantic"), s("base", "REF")],
      conflicts: RUN_LIKE_CONFLICTS,
      requires: RUN_LIKE_REQUIRES,
      // main.rs `PlanSubcommand::Promote`.
      subverbs: {
        promote: verb("Persist a promote plan for a branch", {
          flags: [s("base", "REF"), b("allow-breaking"), s("filter"), s("pipeline"), s("models")],
          positionals: [req("NAME")],
        }),
      },
    },
  ),
  apply: verb("Execute a previously-generated plan (compact / archive / run)", {
    flags: [s("expect-spec-digest")],
    positionals: [req("PLAN_ID")],
  }),
  discover: verb("Discover connectors and tables from the source", {
    flags: [s("pipeline"), b("with-schemas"), s("emit-fivetran-state-to", "PATH"), b("no-cache")],
  }),
  state: verb("Inspect or manage the state store", {
    // Only `state` and `state show` are emulated; the others keep their arguments raw.
    subverbs: {
      show: verb("Show stored watermarks", { rawTail: true }),
      "clear-schema-cache": verb("Clear the schema cache", { rawTail: true }),
      retention: verb("State retention", { rawTail: true }),
      // main.rs `ScheduleHoldAction` (pause, resume); `spool` from the newer engines.
      schedule: verb("Runtime schedule holds", {
        subverbs: {
          pause: verb("Pause a pipeline's schedule", { rawTail: true }),
          resume: verb("Resume a paused pipeline's schedule", { rawTail: true }),
          spool: verb("Webhook demands accepted and not yet consumed", { since: FLOOR_1_74 }),
        },
        subverbRequired: true,
      }),
      // rocky-sdk `reconcile_watermark`: `state reconcile-watermark --pipeline P [--table T]...`.
      "reconcile-watermark": verb("Set incremental cursors from the recorded physical targets", {
        flags: [s("pipeline"), r("table", "TABLE"), b("dry-run")],
        required: ["pipeline"],
        since: FLOOR_1_72,
      }),
    },
  }),
  doctor: verb("Run health checks and report system status", { flags: [s("check"), b("verbose")] }),
  compile: verb("Compile models: resolve dependencies, type check, validate contracts", {
    flags: [
      s("models"),
      s("contracts"),
      s("model"),
      b("expand-macros"),
      e("target-dialect", ["dbx", "sf", "bq", "duckdb"]),
      b("with-seed"),
      r("var", "NAME=VALUE"),
    ],
  }),
  test: verb("Run local model tests via DuckDB (no warehouse needed)", {
    flags: [
      s("models"),
      s("contracts"),
      s("model"),
      b("declarative"),
      s("pipeline"),
      r("var", "NAME=VALUE"),
    ],
  }),
  compare: verb("Compare shadow tables against production tables", {
    flags: [
      s("filter"),
      s("pipeline"),
      s("shadow-suffix"),
      s("shadow-schema"),
      s("thresholds", "JSON"),
    ],
  }),
  // main.rs `Branch { action }`. rocky-sim has no `create`/`delete` (the SDK wraps neither), so
  // they are refused as unknown sub-verbs.
  branch: verb("Manage named virtual branches (schema-prefix branches)", {
    subverbs: {
      list: verb("List registered branches"),
      show: verb("Show one branch", { positionals: [req("NAME")] }),
      compare: verb("Compare a branch's tables against production", {
        flags: [s("filter")],
        positionals: [req("NAME")],
      }),
      approve: verb("Sign an approval for a branch", {
        flags: [s("message"), s("out")],
        positionals: [req("NAME")],
      }),
      promote: verb("Promote a branch's tables to production", {
        flags: [
          s("plan", "PLAN_ID"),
          s("filter"),
          s("pipeline"),
          b("skip-approval"),
          b("allow-breaking"),
          s("base-ref"),
          s("models"),
        ],
        positionals: [opt("NAME")],
      }),
    },
    subverbRequired: true,
  }),
  product: verb("Spec-driven data products — verify posture, lower, approve", {
    subverbs: {
      verify: verb("Verify a product spec", { positionals: PRODUCT }),
      compile: verb("Compile a product", { positionals: PRODUCT }),
      approve: verb("Approve a product spec", { positionals: PRODUCT }),
      status: verb("Show a product's status", { positionals: PRODUCT }),
      list: verb("Every product, one status row each", { since: FLOOR_1_74 }),
      journal: verb("A product's fulfillment journal", { positionals: PRODUCT, since: FLOOR_1_74 }),
    },
    subverbRequired: true,
  }),
  preview: verb(
    "PR preview workflow — pruned re-run on a per-PR branch with data + cost diff vs. the base ref",
    {
      subverbs: {
        create: verb("Create a PR preview branch", {
          flags: [s("base", "REF"), s("name"), s("models")],
        }),
        diff: verb("Diff a preview branch against its base", {
          flags: [s("name"), s("base", "REF"), n("sample-size"), s("algorithm"), s("models")],
          required: ["name"],
        }),
        cost: verb("Cost of a preview branch against its base", {
          flags: [s("name"), s("models")],
          required: ["name"],
        }),
      },
      subverbRequired: true,
    },
  ),
  lineage: verb("Show column-level lineage for a model", {
    flags: [s("models"), s("column"), s("format"), b("downstream"), b("upstream")],
    positionals: [req("TARGET")],
    conflicts: [["downstream", "upstream"]],
  }),
  catalog: verb("Emit a project-wide column-level lineage snapshot", {
    flags: [s("models"), s("out"), e("format", ["json", "parquet", "both"]), s("catalog")],
  }),
  dag: verb("Show the full unified DAG (all pipeline stages and dependencies)", {
    flags: [s("models"), s("seeds"), s("contracts"), b("column-lineage")],
  }),
  history: verb("Show run history and model execution history", {
    flags: [s("model"), s("recipe"), s("since"), b("audit"), b("rolling-stats"), u64("window")],
    conflicts: [["recipe", "model"]],
  }),
  metrics: verb("Show quality metrics for a model", {
    flags: [b("trend"), s("column"), b("alerts")],
    positionals: [req("MODEL")],
  }),
  optimize: verb("Analyze materialization costs and recommend strategy changes", {
    flags: [s("models"), s("model")],
  }),
  // The newer engines add `--month YYYY-MM` (with `--by product`, rocky-sdk `cost_by_product`),
  // which takes the place of the run id.
  cost: verb("Roll up per-model cost attribution for a recorded run", {
    flags: [s("model"), s("by", "DIMENSION"), { name: "month", kind: "string", since: FLOOR_1_72 }],
    positionals: [{ name: "TARGET", required: true, requiredUnless: "month" }],
  }),
  freshness: verb("Per-source and per-model freshness against their thresholds", {
    flags: [s("pipeline")],
    since: FLOOR_1_72,
  }),
  // main.rs `Profile`; `--sample N` from 1.77 (rocky-sdk `profile`).
  profile: verb("Profile a model's target table per column (DuckDB only)", {
    flags: [s("column"), s("models"), { name: "sample", kind: "u32", since: FLOOR_1_77 }],
    positionals: [req("MODEL")],
  }),
  // rocky-sdk `package_add` / `_update` / `_list` / `_remove` and their shared flag builders.
  package: verb("Vendor dbt Hub packages as Rocky models", {
    subverbs: {
      list: verb("Vendored packages from the lockfile"),
      add: verb("Vendor a dbt Hub package", {
        flags: [...PACKAGE_BUILD_FLAGS, s("target-schema")],
        positionals: [req("SPEC")],
      }),
      update: verb("Recompile vendored packages", {
        flags: PACKAGE_BUILD_FLAGS,
        positionals: [opt("NAME")],
      }),
      remove: verb("Delete a package's vendored files and lock entry", {
        flags: [b("force")],
        positionals: [req("NAME")],
      }),
    },
    subverbRequired: true,
    since: FLOOR_1_77,
  }),
  ci: verb("Run CI pipeline: compile + test without warehouse credentials", {
    flags: [s("models"), s("contracts"), r("var", "NAME=VALUE")],
  }),
  compliance: verb("Governance compliance rollup: classification tags + `[mask]` policy", {
    flags: [s("env"), b("exceptions-only"), e("fail-on", ["exception"]), s("models")],
  }),
  "retention-status": verb("Report per-model data retention configuration", {
    flags: [s("models"), s("model"), b("drift")],
  }),
  review: verb("Review an AI-authored plan before it can be applied, or list the queue", {
    flags: [s("base"), b("approve"), b("queue"), b("status"), s("models")],
    positionals: [opt("PLAN_ID")],
    conflicts: [
      ["status", "approve"],
      ["status", "queue"],
    ],
  }),
  hooks: verb("Manage and test shell lifecycle hooks", {
    subverbs: {
      list: verb("List all configured hooks"),
      test: verb("Fire a test event", { positionals: [req("EVENT")] }),
    },
    subverbRequired: true,
  }),
  // main.rs: `--dbt-project` is a required PathBuf.
  "validate-migration": verb("Validate a dbt-to-Rocky migration (compare projects)", {
    flags: [s("dbt-project"), s("rocky-project"), u64("sample-size")],
    required: ["dbt-project"],
  }),
  "test-adapter": verb("Run conformance tests against an adapter", {
    flags: [s("adapter"), s("command"), s("adapter-config")],
  }),
  ai: verb("Generate a model from natural language intent using AI", {
    flags: [
      s("format"),
      s("models"),
      s("materialization"),
      s("watermark"),
      r("unique-key", "UNIQUE_KEY"),
      s("target"),
      b("overwrite"),
    ],
    positionals: [req("INTENT")],
  }),
  "ai-sync": verb("Detect schema changes and propose intent-guided model updates", {
    flags: [b("apply"), s("model"), b("with-intent"), s("models")],
  }),
  "ai-explain": verb("Generate intent descriptions from existing model code", {
    flags: [b("all"), b("save"), s("models")],
    positionals: [opt("MODEL")],
  }),
  "ai-test": verb("Generate test assertions from model intent", {
    flags: [b("all"), b("save"), s("models")],
    positionals: [opt("MODEL")],
  }),
  "ai-contract": verb("AI-draft a data contract from a model's observed data (DuckDB only)", {
    flags: [b("save"), b("with-data"), s("models")],
    positionals: [req("MODEL")],
  }),
  // main.rs `Serve`: the HTTP API (serve/server.ts), on 127.0.0.1 by default.
  serve: verb("Start HTTP API server exposing the compiler's semantic graph", {
    flags: [
      s("models"),
      s("contracts"),
      s("host"),
      { name: "port", kind: "u32", valueName: "PORT" },
      b("watch"),
      s("token"),
      r("allowed-origin", "ORIGIN"),
    ],
  }),
} as const satisfies Readonly<Record<string, VerbSpec>>;

/** A verb rocky-sim emulates, as rocky spells it. */
export type VerbName = keyof typeof GRAMMAR;

type SubverbsOf<V> = V extends { readonly subverbs?: infer S }
  ? [S] extends [never]
    ? never
    : keyof NonNullable<S> & string
  : never;

/** A `"<verb> <sub-verb>"` key of the table (e.g. `"plan promote"`). */
export type SubVerbKey = {
  [V in VerbName]: `${V} ${SubverbsOf<(typeof GRAMMAR)[V]>}`;
}[VerbName];

/** The table entry of `verb`, or undefined for a word that is not a verb. */
export function verbSpec(name: string): VerbSpec | undefined {
  return Object.hasOwn(GRAMMAR, name) ? (GRAMMAR as Record<string, VerbSpec>)[name] : undefined;
}

/** The table entry of `"<verb> <sub> [<sub>]"` or of a verb. */
export function specOfKey(key: string): VerbSpec | undefined {
  const [head, ...subs] = key.split(" ") as [string, ...string[]];
  let spec = verbSpec(head);
  for (const sub of subs) {
    spec =
      spec?.subverbs !== undefined && Object.hasOwn(spec.subverbs, sub)
        ? spec.subverbs[sub]
        : undefined;
  }
  return spec;
}
