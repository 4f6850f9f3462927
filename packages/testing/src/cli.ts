/**
 * A small clap-like argument parser for the subset of the rocky 1.71 CLI that rocky-sim emulates.
 * Every flag, conflict and requirement follows the clap derive in rocky's
 * engine/rocky/src/main.rs (`enum Command`); nothing here is stricter than the engine.
 * Errors mimic clap: `error: ...`, a blank line, `Usage: ...`, a blank line and the `--help` hint,
 * all on stderr, exit code 2.
 *
 * To add a verb: add its `VerbSpec` to `VERBS` below and its handler to `HANDLERS` in sim.ts.
 */

type ValueKind = "string" | "u32" | "u64" | "enum";

interface FlagSpec {
  readonly name: string;
  /** Undefined for boolean switches. */
  readonly kind?: ValueKind;
  readonly values?: readonly string[];
  readonly repeat?: boolean;
  readonly short?: string;
  readonly valueName?: string;
  /** clap `global = true`: accepted before and after the verb. */
  readonly global?: boolean;
}

interface VerbSpec {
  readonly flags: readonly FlagSpec[];
  /** Pairs of flags that cannot be used together. */
  readonly conflicts: readonly (readonly [string, string])[];
  /** [flag, requiredFlag]: flag requires requiredFlag. */
  readonly requires: readonly (readonly [string, string])[];
  readonly required: readonly string[];
  /** Positional arguments, in order. */
  readonly positionals: readonly { name: string; required: boolean }[];
  /** Optional subcommands (first positional). */
  readonly subcommands?: readonly string[];
  /**
   * Subcommands parsed with their own flags and positionals (clap `#[command(subcommand)]`, e.g.
   * `hooks list`): the first positional picks one, which then owns every following argument.
   */
  readonly subverbs?: Readonly<Record<string, VerbSpec>>;
  readonly about: string;
}

const b = (name: string): FlagSpec => ({ name });
const s = (name: string, valueName?: string): FlagSpec =>
  valueName === undefined ? { name, kind: "string" } : { name, kind: "string", valueName };
const n = (name: string): FlagSpec => ({ name, kind: "u32" });
const e = (name: string, values: readonly string[]): FlagSpec => ({ name, kind: "enum", values });
const r = (name: string, valueName: string): FlagSpec => ({
  name,
  kind: "string",
  repeat: true,
  valueName,
});

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: "config", kind: "string", short: "c" },
  { name: "output", kind: "enum", values: ["json", "table", "md"], short: "o", global: true },
  { name: "state-path", kind: "string" },
  { name: "state-namespace", kind: "string", valueName: "KEY" },
  { name: "cache-ttl", kind: "u64", valueName: "SECS", global: true },
  { name: "principal", kind: "enum", values: ["human", "agent"], global: true },
];

const PARTITION_CONFLICTS: readonly (readonly [string, string])[] = [
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
const RUN_LIKE_CONFLICTS: readonly (readonly [string, string])[] = [
  ["branch", "shadow"],
  ["branch", "shadow-schema"],
  ...PARTITION_CONFLICTS,
];

// main.rs: `--from` requires = "to" and `--to` requires = "from"; nothing else.
const RUN_LIKE_REQUIRES: readonly (readonly [string, string])[] = [
  ["from", "to"],
  ["to", "from"],
];

// Issue 16: report and inspection verbs (main.rs `enum Command`, one entry per clap variant).
const sub = (
  about: string,
  flags: readonly FlagSpec[],
  positionals: VerbSpec["positionals"] = [],
  conflicts: VerbSpec["conflicts"] = [],
): VerbSpec => ({ about, flags, conflicts, requires: [], required: [], positionals });

const REPORT_VERBS: Readonly<Record<string, VerbSpec>> = {
  lineage: sub(
    "Show column-level lineage for a model",
    [s("models"), s("column"), s("format"), b("downstream"), b("upstream")],
    [{ name: "TARGET", required: true }],
    [["downstream", "upstream"]],
  ),
  catalog: sub("Emit the project catalog", [
    s("models"),
    s("out"),
    e("format", ["json", "parquet", "both"]),
    s("catalog"),
  ]),
  dag: sub("Show the unified DAG", [s("models"), s("seeds"), s("contracts"), b("column-lineage")]),
  history: sub(
    "Show run history and model execution history",
    [
      s("model"),
      s("recipe"),
      s("since"),
      b("audit"),
      b("rolling-stats"),
      { name: "window", kind: "u64" },
    ],
    [],
    [["recipe", "model"]],
  ),
  metrics: sub(
    "Show quality metrics for a model",
    [b("trend"), s("column"), b("alerts")],
    [{ name: "MODEL", required: true }],
  ),
  optimize: sub("Analyze materialization costs", [s("models"), s("model")]),
  cost: sub(
    "Show the recorded cost of a run",
    [s("model"), s("by", "DIMENSION")],
    [{ name: "TARGET", required: true }],
  ),
  ci: sub("Compile and test as one CI gate", [s("models"), s("contracts"), r("var", "NAME=VALUE")]),
  compliance: sub("Governance compliance rollup", [
    s("env"),
    b("exceptions-only"),
    e("fail-on", ["exception"]),
    s("models"),
  ]),
  "retention-status": sub("Report data retention per model", [s("models"), s("model"), b("drift")]),
  review: sub(
    "Review a plan",
    [s("base"), b("approve"), b("queue"), b("status"), s("models")],
    [{ name: "PLAN_ID", required: false }],
    [
      ["status", "approve"],
      ["status", "queue"],
    ],
  ),
  hooks: {
    ...sub("Manage lifecycle hooks", []),
    subverbs: {
      list: sub("List all configured hooks", []),
      test: sub("Fire a test event", [], [{ name: "EVENT", required: true }]),
    },
  },
  // main.rs: `--dbt-project` is a required PathBuf.
  "validate-migration": {
    ...sub("Validate a dbt migration", [
      s("dbt-project"),
      s("rocky-project"),
      { name: "sample-size", kind: "u64" },
    ]),
    required: ["dbt-project"],
  },
  "test-adapter": sub("Run the adapter conformance suite", [
    s("adapter"),
    s("command"),
    s("adapter-config"),
  ]),
  ai: sub(
    "Generate a model from natural language intent",
    [
      s("format"),
      s("models"),
      s("materialization"),
      s("watermark"),
      r("unique-key", "UNIQUE_KEY"),
      s("target"),
      b("overwrite"),
    ],
    [{ name: "INTENT", required: true }],
  ),
  "ai-sync": sub("Propose intent-guided model updates", [
    b("apply"),
    s("model"),
    b("with-intent"),
    s("models"),
  ]),
  "ai-explain": sub(
    "Generate intent descriptions",
    [b("all"), b("save"), s("models")],
    [{ name: "MODEL", required: false }],
  ),
  "ai-test": sub(
    "Generate test assertions",
    [b("all"), b("save"), s("models")],
    [{ name: "MODEL", required: false }],
  ),
  "ai-contract": sub(
    "AI-draft a data contract",
    [b("save"), b("with-data"), s("models")],
    [{ name: "MODEL", required: true }],
  ),
};

export const VERBS: Readonly<Record<string, VerbSpec>> = {
  run: {
    about: "Execute the full pipeline: discover → drift → create → copy → check → watermark",
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
    // `--filter` is an Option on run, plan and compare (main.rs).
    required: [],
    positionals: [],
  },
  plan: {
    about: "Preview the SQL a run would execute and persist the plan",
    flags: [...RUN_LIKE_FLAGS, b("semantic"), s("base", "REF")],
    conflicts: RUN_LIKE_CONFLICTS,
    requires: RUN_LIKE_REQUIRES,
    required: [],
    positionals: [],
    // Issue 17: `plan promote` (its flags in SUBCOMMANDS).
    subcommands: ["promote"],
  },
  apply: {
    about: "Execute a persisted plan by id",
    flags: [s("expect-spec-digest")],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [{ name: "PLAN_ID", required: true }],
  },
  discover: {
    about: "List sources and their tables",
    flags: [s("pipeline"), b("with-schemas"), s("emit-fivetran-state-to", "PATH"), b("no-cache")],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
  },
  state: {
    about: "Show stored watermarks",
    flags: [],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
    subcommands: ["show", "clear-schema-cache", "retention", "schedule"],
  },
  doctor: {
    about: "Run health checks",
    flags: [s("check"), b("verbose")],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
  },
  compile: {
    about: "Compile models",
    flags: [
      s("models"),
      s("contracts"),
      s("model"),
      b("expand-macros"),
      e("target-dialect", ["dbx", "sf", "bq", "duckdb"]),
      b("with-seed"),
      r("var", "NAME=VALUE"),
    ],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
  },
  test: {
    about: "Run model tests locally",
    flags: [
      s("models"),
      s("contracts"),
      s("model"),
      b("declarative"),
      s("pipeline"),
      r("var", "NAME=VALUE"),
    ],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
  },
  compare: {
    about: "Compare shadow tables against production",
    flags: [
      s("filter"),
      s("pipeline"),
      s("shadow-suffix"),
      s("shadow-schema"),
      s("thresholds", "JSON"),
    ],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
  },
  // Issue 17: governance verbs; each subcommand's flags are in SUBCOMMANDS.
  branch: {
    about: "Manage branches (approve, promote)",
    flags: [],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
    subcommands: ["approve", "promote"],
  },
  product: {
    about: "Data products: verify, compile, approve, status",
    flags: [],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
    subcommands: ["verify", "compile", "approve", "status"],
  },
  preview: {
    about: "PR previews: create, diff, cost",
    flags: [],
    conflicts: [],
    requires: [],
    required: [],
    positionals: [],
    subcommands: ["create", "diff", "cost"],
  },
  ...REPORT_VERBS,
};

const subSpec = (
  flags: readonly FlagSpec[],
  positionals: VerbSpec["positionals"],
  about: string,
) => ({
  about,
  flags,
  conflicts: [],
  requires: [],
  required: [],
  positionals,
});
const PRODUCT = [{ name: "PRODUCT", required: true }] as const;

/**
 * Subcommands parsed with their own flags (main.rs): `"<verb> <sub>"` → spec. A verb that lists
 * subcommands without an entry here (`state`) keeps the rest of argv as raw positionals.
 */
export const SUBCOMMANDS: Readonly<Record<string, VerbSpec>> = {
  "plan promote": subSpec(
    [s("base", "REF"), b("allow-breaking"), s("filter"), s("pipeline"), s("models")],
    [{ name: "NAME", required: true }],
    "Persist a promote plan for a branch",
  ),
  "branch approve": subSpec(
    [s("message"), s("out")],
    [{ name: "NAME", required: true }],
    "Sign an approval for a branch",
  ),
  "branch promote": subSpec(
    [
      s("plan", "PLAN_ID"),
      s("filter"),
      s("pipeline"),
      b("skip-approval"),
      b("allow-breaking"),
      s("base-ref"),
      s("models"),
    ],
    [{ name: "NAME", required: false }],
    "Promote a branch's tables to production",
  ),
  "product verify": subSpec([], PRODUCT, "Verify a product spec"),
  "product compile": subSpec([], PRODUCT, "Compile a product"),
  "product approve": subSpec([], PRODUCT, "Approve a product spec"),
  "product status": subSpec([], PRODUCT, "Show a product's status"),
  "preview create": subSpec(
    [s("base", "REF"), s("name"), s("models")],
    [],
    "Create a PR preview branch",
  ),
  "preview diff": {
    ...subSpec(
      [s("name"), s("base", "REF"), n("sample-size"), s("algorithm"), s("models")],
      [],
      "Diff a preview branch against its base",
    ),
    required: ["name"],
  },
  "preview cost": {
    ...subSpec([s("name"), s("models")], [], "Cost of a preview branch against its base"),
    required: ["name"],
  },
};

export type FlagValue = string | true | string[];

export interface ParsedArgs {
  /** Global flags (wherever they appeared). */
  globals: Map<string, string>;
  verb: string | null;
  subcommand: string | null;
  flags: Map<string, FlagValue>;
  positionals: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
  render(): string {
    return `error: ${this.message}\n\nUsage: ${this.usage}\n\nFor more information, try '--help'.\n`;
  }
}

function valueName(spec: FlagSpec): string {
  return spec.valueName ?? spec.name.toUpperCase().replace(/-/g, "_");
}

function display(spec: FlagSpec): string {
  return spec.kind === undefined ? `--${spec.name}` : `--${spec.name} <${valueName(spec)}>`;
}

export function usageFor(verb: string | null, present?: readonly string[]): string {
  if (verb === null) return "rocky [OPTIONS] <COMMAND>";
  const spec = SUBCOMMANDS[verb] ?? VERBS[verb];
  if (spec === undefined) return "rocky [OPTIONS] <COMMAND>";
  const parts = [`rocky ${verb}`];
  const shown = new Set<string>();
  for (const name of present ?? []) {
    const f = spec.flags.find((x) => x.name === name);
    if (f !== undefined && !shown.has(name)) {
      parts.push(display(f));
      shown.add(name);
    }
  }
  for (const name of spec.required) {
    const f = spec.flags.find((x) => x.name === name);
    if (f !== undefined && !shown.has(name)) parts.push(display(f));
  }
  if (present === undefined) parts.splice(1, 0, "[OPTIONS]");
  for (const p of spec.positionals) parts.push(p.required ? `<${p.name}>` : `[${p.name}]`);
  if (spec.subcommands !== undefined && present === undefined) parts.push("[COMMAND]");
  return parts.join(" ");
}

function looksLikeFlag(v: string): boolean {
  return v.length > 1 && v.startsWith("-") && !/^-\d/.test(v);
}

function checkValue(spec: FlagSpec, value: string, usage: string): void {
  const shown = display(spec);
  if (spec.kind === "u32" || spec.kind === "u64") {
    if (!/^\d+$/.test(value)) {
      const why =
        value === ""
          ? "cannot parse integer from empty string"
          : value.startsWith("-")
            ? "invalid digit found in string"
            : "invalid digit found in string";
      throw new UsageError(`invalid value '${value}' for '${shown}': ${why}`, usage);
    }
    if (spec.kind === "u32" && Number(value) > 4294967295) {
      throw new UsageError(
        `invalid value '${value}' for '${shown}': number too large to fit in target type`,
        usage,
      );
    }
  } else if (spec.kind === "enum" && spec.values !== undefined && !spec.values.includes(value)) {
    throw new UsageError(
      `invalid value '${value}' for '${shown}'\n  [possible values: ${spec.values.join(", ")}]`,
      usage,
    );
  }
}

/** Parse rocky's argv. Throws UsageError (exit 2) for anything clap would refuse. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = {
    globals: new Map(),
    verb: null,
    subcommand: null,
    flags: new Map(),
    positionals: [],
    help: false,
    version: false,
  };
  const order: string[] = [];
  let onlyPositionals = false;
  // The spec whose flags and positionals apply: the verb's, or its chosen subverb's.
  let active: VerbSpec | undefined;

  const lookup = (name: string): { spec: FlagSpec; isGlobal: boolean } | undefined => {
    const g = GLOBAL_FLAGS.find((f) => f.name === name);
    if (out.verb === null) return g === undefined ? undefined : { spec: g, isGlobal: true };
    if (g?.global === true) return { spec: g, isGlobal: true };
    const v = active?.flags.find((f) => f.name === name);
    return v === undefined ? undefined : { spec: v, isGlobal: false };
  };
  const lookupShort = (c: string): FlagSpec | undefined =>
    GLOBAL_FLAGS.find((f) => f.short === c && (out.verb === null || f.global === true));

  const key = (): string | null =>
    out.verb !== null && out.subcommand !== null && SUBCOMMANDS[`${out.verb} ${out.subcommand}`]
      ? `${out.verb} ${out.subcommand}`
      : out.verb;
  const store = (spec: FlagSpec, isGlobal: boolean, value: string | true): void => {
    const usage = usageFor(key(), out.verb === null ? undefined : [...order, spec.name]);
    if (typeof value === "string") checkValue(spec, value, usage);
    if (isGlobal) {
      if (out.globals.has(spec.name)) {
        throw new UsageError(
          `the argument '${display(spec)}' cannot be used multiple times`,
          usage,
        );
      }
      out.globals.set(spec.name, value === true ? "true" : value);
      return;
    }
    const prev = out.flags.get(spec.name);
    if (spec.repeat === true && typeof value === "string") {
      out.flags.set(spec.name, [...(Array.isArray(prev) ? prev : []), value]);
    } else {
      if (prev !== undefined) {
        throw new UsageError(
          `the argument '${display(spec)}' cannot be used multiple times`,
          usage,
        );
      }
      out.flags.set(spec.name, value);
    }
    order.push(spec.name);
  };

  let i = 0;
  // A flag's value: inline (`--f=v`, `-fv`), else the next argument unless it looks like a flag (clap's rule).
  const takeValue = (spec: FlagSpec, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const next = argv[i + 1];
    if (next !== undefined && !looksLikeFlag(next)) {
      i++;
      return next;
    }
    throw new UsageError(
      `a value is required for '${display(spec)}' but none was supplied`,
      usageFor(out.verb),
    );
  };
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!onlyPositionals && arg === "--") {
      onlyPositionals = true;
      continue;
    }
    if (!onlyPositionals && arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      if (name === "help" && inline === undefined) {
        out.help = true;
        continue;
      }
      if (name === "version" && inline === undefined && out.verb === null) {
        out.version = true;
        continue;
      }
      const found = lookup(name);
      if (found === undefined) {
        throw new UsageError(`unexpected argument '${arg}' found`, usageFor(out.verb));
      }
      const { spec, isGlobal } = found;
      if (spec.kind === undefined) {
        if (inline !== undefined) {
          throw new UsageError(
            `unexpected value '${inline}' for '--${spec.name}' found; no more were expected`,
            usageFor(out.verb),
          );
        }
        store(spec, isGlobal, true);
        continue;
      }
      store(spec, isGlobal, takeValue(spec, inline));
      continue;
    }
    if (!onlyPositionals && arg.length > 1 && arg.startsWith("-")) {
      const c = arg[1] as string;
      if (c === "h") {
        out.help = true;
        continue;
      }
      if (c === "V" && arg.length === 2 && out.verb === null) {
        out.version = true;
        continue;
      }
      const spec = lookupShort(c);
      if (spec === undefined) {
        throw new UsageError(`unexpected argument '${arg}' found`, usageFor(out.verb));
      }
      let inline: string | undefined = arg.length > 2 ? arg.slice(2) : undefined;
      if (inline?.startsWith("=")) inline = inline.slice(1);
      store(spec, true, takeValue(spec, inline));
      continue;
    }
    // Positional.
    if (out.verb === null) {
      if (VERBS[arg] === undefined) {
        throw new UsageError(`unrecognized subcommand '${arg}'`, usageFor(null));
      }
      out.verb = arg;
      active = VERBS[arg];
      continue;
    }
    const vspec = active as VerbSpec;
    if (vspec.subverbs !== undefined && out.subcommand === null) {
      const chosen = vspec.subverbs[arg];
      if (chosen === undefined) {
        throw new UsageError(`unrecognized subcommand '${arg}'`, `rocky ${out.verb} <COMMAND>`);
      }
      out.subcommand = arg;
      active = chosen;
      continue;
    }
    if (
      vspec.subcommands !== undefined &&
      out.subcommand === null &&
      out.positionals.length === 0 &&
      out.flags.size === 0
    ) {
      if (!vspec.subcommands.includes(arg)) {
        throw new UsageError(`unrecognized subcommand '${arg}'`, `rocky ${out.verb} [COMMAND]`);
      }
      out.subcommand = arg;
      // A subcommand with its own flags is parsed like a verb.
      const own = SUBCOMMANDS[`${out.verb} ${arg}`];
      if (own !== undefined) {
        active = own;
        continue;
      }
      // Deeper subcommand arguments (e.g. `state schedule pause x`) are kept as positionals.
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    const pspec = active as VerbSpec;
    if (out.positionals.length >= pspec.positionals.length) {
      throw new UsageError(`unexpected argument '${arg}' found`, usageFor(key()));
    }
    out.positionals.push(arg);
  }

  if (out.help || out.version) return out;
  if (out.verb === null) {
    throw new UsageError(
      `'rocky' requires a subcommand but one was not provided\n  [subcommands: ${Object.keys(VERBS).join(", ")}]`,
      usageFor(null),
    );
  }
  if (active?.subverbs !== undefined && out.subcommand === null) {
    throw new UsageError(
      `'rocky ${out.verb}' requires a subcommand but one was not provided\n  [subcommands: ${Object.keys(active.subverbs).join(", ")}]`,
      `rocky ${out.verb} <COMMAND>`,
    );
  }
  validateRelations(out, order, active as VerbSpec);
  return out;
}

function validateRelations(out: ParsedArgs, order: readonly string[], spec: VerbSpec): void {
  const verb = out.subcommand === null ? (out.verb as string) : `${out.verb} ${out.subcommand}`;
  const has = (f: string): boolean => out.flags.has(f);
  const specOf = (f: string): FlagSpec => spec.flags.find((x) => x.name === f) as FlagSpec;
  for (const name of order) {
    for (const [a, c] of spec.conflicts) {
      const other = a === name ? c : c === name ? a : undefined;
      if (other !== undefined && has(other) && order.indexOf(other) < order.indexOf(name)) {
        throw new UsageError(
          `the argument '${display(specOf(other))}' cannot be used with '${display(specOf(name))}'`,
          usageFor(verb, order),
        );
      }
    }
  }
  const missing: string[] = [];
  for (const [a, req] of spec.requires) {
    if (has(a) && !has(req) && !missing.includes(req)) missing.push(req);
  }
  for (const req of spec.required) {
    if (!has(req) && !missing.includes(req)) missing.push(req);
  }
  for (const p of spec.positionals) {
    if (p.required && out.positionals.length === 0) missing.push(`<${p.name}>`);
  }
  if (missing.length > 0) {
    const lines = missing.map((m) => `  ${m.startsWith("<") ? m : display(specOf(m))}`);
    throw new UsageError(
      `the following required arguments were not provided:\n${lines.join("\n")}`,
      usageFor(verb, [...order, ...missing.filter((m) => !m.startsWith("<"))]),
    );
  }
}

/** `rocky --help` / `rocky <verb> --help` text. */
export function helpText(verb: string | null): string {
  if (verb === null || VERBS[verb] === undefined) {
    const cmds = Object.entries(VERBS)
      .map(([k, v]) => `  ${k.padEnd(10)}${v.about}`)
      .join("\n");
    const opts = GLOBAL_FLAGS.map((f) => {
      const short = f.short === undefined ? "    " : `-${f.short}, `;
      return `  ${short}${display(f)}`;
    }).join("\n");
    return `Rocky — SQL transformation engine (rocky-sim: a simulator, not rocky)\n\nUsage: ${usageFor(null)}\n\nCommands:\n${cmds}\n\nOptions:\n${opts}\n  -h, --help                Print help\n  -V, --version             Print version\n`;
  }
  const spec = VERBS[verb] as VerbSpec;
  const opts = spec.flags.map((f) => `      ${display(f)}`).join("\n");
  return `${spec.about}\n\nUsage: ${usageFor(verb)}\n\nOptions:\n${opts}\n  -o, --output <OUTPUT>\n  -h, --help                Print help\n`;
}
