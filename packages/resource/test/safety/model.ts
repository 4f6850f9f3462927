/**
 * An independent model of the shadow rules, written from the documented
 * rules (README, SECURITY.md, @dagster-rocky/core docs) rather than from the
 * resource's code, plus fast-check arbitraries for environments, options and
 * misbehaving subclasses. Used by fail-closed.property.test.ts.
 */
import fc from "fast-check";
import {
  RockyResource,
  type RockyResourceOptions,
  type ShadowSuffixContext,
} from "../../src/index.js";
import type { RockyVerb } from "../../src/verbs/index.js";

export const IDENT = /^[A-Za-z0-9_]+$/;
export const isIdent = (v: unknown): v is string => typeof v === "string" && IDENT.test(v);
export const GLOBALS = ["--config=rocky.toml", "--output", "json"] as const;

export type Env = Record<string, string>;
export type Mode = "off" | "branch_deploy" | "always" | "preview";

/** `DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT`, trimmed, is "1" or case-insensitively "true". */
export function isBranchEnv(env: Env): boolean {
  const raw = env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT;
  if (raw === undefined) return false;
  const v = raw.trim();
  return v === "1" || v.toLowerCase() === "true";
}

/** Set, non-empty, and neither 1/true nor 0/false (trimmed, any case): the SDK cannot tell. */
export function isUnrecognisedFlag(env: Env): boolean {
  const raw = env.DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT;
  if (raw === undefined || raw === "") return false;
  return !["1", "true", "0", "false"].includes(raw.trim().toLowerCase());
}

/** The documented default shadowMode. */
export const DEFAULT_MODE: Mode = "branch_deploy";

/**
 * Detection refuses (`deployment_unknown`) where a mode that detects sees no
 * deployment but an unrecognised Dagster+ flag (process.env is clean in these tests).
 */
export function detectionRefuses(mode: Mode, env: Env): boolean {
  return (
    (mode === "branch_deploy" || mode === "preview") && !isBranchEnv(env) && isUnrecognisedFlag(env)
  );
}

/** `.rocky-state/shadow<suffix>.redb`: the state file of a shadowed write on a resource without a namespace. */
export const shadowStateFile = (suffix: string) => `.rocky-state/shadow${suffix}.redb`;
/** `shadow<suffix>:<key>`: an idempotency key of a shadowed write. */
export const shadowKey = (suffix: string, key: string) => `shadow${suffix}:${key}`;

/** The global flags of a call: the state file of a shadowed write, when one. */
export function globalsFor(isolation: string | null): string[] {
  return isolation === null
    ? [...GLOBALS]
    : ["--config=rocky.toml", `--state-path=${shadowStateFile(isolation)}`, "--output", "json"];
}

/** The first `--shadow-suffix` value of an argv (either form). */
export function firstArgvSuffix(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const t = args[i] as string;
    if (t === "--shadow-suffix") return args[i + 1] ?? null;
    if (t.startsWith("--shadow-suffix=")) return t.slice("--shadow-suffix=".length);
  }
  return null;
}

/** `_dagster_pr_<id>` for a positive ASCII id, else `_dagster_<name, non-alnum code points as _>`, else `_dagster_branch`. */
export function branchSuffix(env: Env): string | null {
  if (!isBranchEnv(env)) return null;
  const pr = env.DAGSTER_CLOUD_PULL_REQUEST_ID;
  if (pr !== undefined && /^[0-9]+$/.test(pr) && /[1-9]/.test(pr)) return `_dagster_pr_${pr}`;
  const name = env.DAGSTER_CLOUD_DEPLOYMENT_NAME;
  if (name !== undefined && name !== "") {
    return `_dagster_${Array.from(name, (c) => (/^[A-Za-z0-9]$/.test(c) ? c : "_")).join("")}`;
  }
  return "_dagster_branch";
}

/** One `key=value` pair: identifier key, non-empty value, no NUL anywhere. */
export function isValidFilter(f: string): boolean {
  const eq = f.indexOf("=");
  const value = f.slice(eq + 1);
  // One pair with one value (rocky's parse_filter splits on the first "="): no second "=" or ",".
  return (
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule refuses them
    !/[\u0000-\u001f\u007f]/.test(f) &&
    eq > 0 &&
    IDENT.test(f.slice(0, eq)) &&
    value !== "" &&
    !value.includes("=") &&
    !value.includes(",")
  );
}

// ------------------------------------------------------------ arbitraries

/** Strings of every kind: ASCII, any code point (incl. NUL and controls), graphemes, known-nasty constants. */
export const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "",
    " ",
    "_x; DROP TABLE t",
    "_pr-42",
    "--shadow",
    "$(touch /tmp/x)",
    "_é",
    "_\u0000",
    "_x\n",
    "١٢",
    "_ok\u200b",
  ),
);

export const identArb = fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/);
/** A suffix that is not an identifier. */
export const badSuffixArb = anyString.filter((s) => !IDENT.test(s));
const suffixArb = fc.oneof({ weight: 2, arbitrary: identArb }, badSuffixArb);

const branchFlagArb = fc.oneof(
  fc.constantFrom(
    "1",
    "true",
    "TRUE",
    "True",
    " 1 ",
    "\ttrue\n",
    "0",
    "false",
    "FALSE",
    "",
    "yes",
    "1.0",
    "01",
    "tru e",
    "\u00a01",
  ),
  anyString,
);
const prArb = fc.oneof(
  fc.constantFrom("42", "0", "007", "-1", "4 2", "٤٢", "1e3", "", "99999999999999999999", "+5"),
  fc.nat().map(String),
  anyString,
);
const nameArb = fc.oneof(fc.constantFrom("feat/x.y", "", "💥", "ёжик", "a b", "-"), anyString);

export const envArb: fc.Arbitrary<Env> = fc
  .record(
    {
      DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: branchFlagArb,
      DAGSTER_CLOUD_PULL_REQUEST_ID: prArb,
      DAGSTER_CLOUD_DEPLOYMENT_NAME: nameArb,
    },
    { requiredKeys: [] },
  )
  .map((e) => e as Env);

/** An environment the OS can carry (a NUL in a value is refused by the options, tested in the main property). */
export const envNoNulArb = envArb.filter((e) =>
  Object.values(e).every((v) => !v.includes("\u0000")),
);

export const filterArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("tenant=acme", "a=b", "k_1=-x", "t=$(touch /tmp/x)") },
  fc
    .tuple(
      identArb,
      anyString.filter((s) => s !== "" && !s.includes("\u0000")),
    )
    .map(([k, v]) => `${k}=${v}`),
  anyString,
);

export type HookSpec =
  | { kind: "default" }
  | { kind: "return"; label: string; make: () => unknown }
  | { kind: "throw"; label: string; make: () => unknown };

const exotic: [string, () => unknown][] = [
  ["promise of an identifier", () => Promise.resolve("_ok")],
  ["boxed string", () => new String("_ok")],
  ["array", () => ["_ok"]],
  ["symbol", () => Symbol("_ok")],
  ["bigint", () => 42n],
  ["null-prototype object", () => Object.create(null)],
  [
    "object whose toString/toJSON throw",
    () => ({
      toString() {
        throw new Error("no toString");
      },
      toJSON() {
        throw new Error("no toJSON");
      },
    }),
  ],
  ["function", () => () => "_ok"],
];

const returnValueArb: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.oneof(
  { weight: 4, arbitrary: identArb.map((v) => ({ label: `ident ${v}`, make: () => v })) },
  anyString.map((v) => ({ label: `string ${JSON.stringify(v)}`, make: () => v })),
  fc.oneof(fc.integer(), fc.double()).map((v) => ({ label: `number ${v}`, make: () => v })),
  fc.constantFrom(null, undefined).map((v) => ({ label: String(v), make: () => v })),
  fc.object().map((v) => ({ label: "object", make: () => v })),
  fc.constantFrom(...exotic).map(([label, make]) => ({ label, make })),
);

const thrownArb: fc.Arbitrary<{ label: string; make: () => unknown }> = fc.oneof(
  anyString.map((m) => ({ label: "Error", make: () => new Error(m) })),
  fc.anything().map((v) => ({ label: "anything", make: () => v })),
  fc.constantFrom(...exotic).map(([label, make]) => ({ label, make })),
);

export const hookArb: fc.Arbitrary<HookSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "default" } as const) },
  { weight: 3, arbitrary: returnValueArb.map((r) => ({ kind: "return", ...r }) as const) },
  { weight: 1, arbitrary: thrownArb.map((r) => ({ kind: "throw", ...r }) as const) },
);

/** What a subclass's buildArgs does to the default verb arguments. */
export type Alter =
  | { kind: "none" }
  | { kind: "dropShadow" }
  | { kind: "dropSuffix" }
  | { kind: "replaceSuffix"; value: string }
  | { kind: "splitSuffix"; value: string }
  | { kind: "appendSuffix"; value: string }
  | { kind: "addShadow"; value: string }
  | { kind: "appendFlag" }
  | { kind: "changeVerb"; value: string }
  | { kind: "nonArray" }
  | { kind: "nonString" }
  | { kind: "nul" };

export const alterArb: fc.Arbitrary<Alter> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "none" } as const) },
  fc.constantFrom(
    { kind: "dropShadow" } as const,
    { kind: "dropSuffix" } as const,
    { kind: "appendFlag" } as const,
    { kind: "nonArray" } as const,
    { kind: "nonString" } as const,
    { kind: "nul" } as const,
  ),
  fc
    .tuple(
      fc.constantFrom("replaceSuffix", "splitSuffix", "appendSuffix", "addShadow") as fc.Arbitrary<
        "replaceSuffix" | "splitSuffix" | "appendSuffix" | "addShadow"
      >,
      suffixArb,
    )
    .map(([kind, value]) => ({ kind, value })),
  fc
    .constantFrom("plan", "run", "Run", "", "apply")
    .map((value) => ({ kind: "changeVerb", value }) as const),
);

export function alter(args: string[], a: Alter): unknown {
  const isSuffix = (t: string) => t.startsWith("--shadow-suffix=");
  switch (a.kind) {
    case "none":
      return args;
    case "dropShadow":
      return args.filter((t) => t !== "--shadow");
    case "dropSuffix":
      return args.filter((t) => !isSuffix(t));
    case "replaceSuffix":
      return args.map((t) => (isSuffix(t) ? `--shadow-suffix=${a.value}` : t));
    case "splitSuffix":
      return args.flatMap((t) => (isSuffix(t) ? ["--shadow-suffix", a.value] : [t]));
    case "appendSuffix":
      return [...args, `--shadow-suffix=${a.value}`];
    case "addShadow":
      return [...args, "--shadow", `--shadow-suffix=${a.value}`];
    case "appendFlag":
      return [...args, "--parallel=4"];
    case "changeVerb":
      return [a.value, ...args.slice(1)];
    case "nonArray":
      return args.join(" ");
    case "nonString":
      return [...args, 42];
    case "nul":
      return [...args, "--pipeline=a\u0000b"];
  }
}

export interface Case {
  verb: "run" | "plan";
  env: Env;
  mode: Mode | undefined;
  resourceSuffix: string | undefined;
  filter: string;
  callSuffix: string | undefined;
  hook: HookSpec;
  alter: Alter;
}

export const caseArb: fc.Arbitrary<Case> = fc.record({
  verb: fc.constantFrom("run", "plan"),
  env: envArb,
  mode: fc.constantFrom("off", "branch_deploy", "always", "preview", undefined),
  resourceSuffix: fc.option(suffixArb, { nil: undefined, freq: 4 }),
  filter: filterArb,
  callSuffix: fc.option(suffixArb, { nil: undefined, freq: 2 }),
  hook: hookArb,
  alter: alterArb,
});

/** A resource whose hooks do what the case says. */
export class Subject extends RockyResource {
  constructor(
    private readonly spec: Pick<Case, "hook" | "alter">,
    options: RockyResourceOptions,
  ) {
    super(options);
  }
  protected override resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    const h = this.spec.hook;
    if (h.kind === "default") return super.resolveShadowSuffix(ctx);
    if (h.kind === "throw") throw h.make();
    return h.make() as string;
  }
  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: Parameters<RockyResource["buildArgs"]>[1],
  ): string[] {
    return alter(super.buildArgs(verb, options as never), this.spec.alter) as string[];
  }
}

export function resourceOptions(c: Case, extra: RockyResourceOptions = {}): RockyResourceOptions {
  return {
    env: c.env,
    ...(c.mode === undefined ? {} : { shadowMode: c.mode }),
    ...(c.resourceSuffix === undefined ? {} : { shadowSuffix: c.resourceSuffix }),
    ...extra,
  };
}

export function callOptions(c: Case): Record<string, unknown> {
  return {
    filter: c.filter,
    ...(c.callSuffix === undefined ? {} : { shadowSuffix: c.callSuffix }),
  };
}

export type Expected =
  | { error: "RockyConfigError"; at: "construct" | "call" }
  | { error: "RockyShadowError"; reason: string }
  | { argv: string[] };

/** Whether the rules require a suffix on every run and plan. */
export function shadowRequired(c: Pick<Case, "mode" | "env">): boolean {
  const mode = c.mode ?? DEFAULT_MODE;
  // shadowMode "preview" with the default detectors is Dagster+ only.
  return (
    mode === "always" || ((mode === "branch_deploy" || mode === "preview") && isBranchEnv(c.env))
  );
}

/** What the rules say a run/plan with this case does, computed without the resource. */
export function expected(c: Case): Expected {
  const mode = c.mode ?? DEFAULT_MODE;
  if (Object.values(c.env).some((v) => v.includes("\u0000")))
    return { error: "RockyConfigError", at: "construct" };
  if (c.resourceSuffix !== undefined && (mode !== "always" || !isIdent(c.resourceSuffix))) {
    return { error: "RockyConfigError", at: "construct" };
  }
  if (!isValidFilter(c.filter) || (c.callSuffix !== undefined && !isIdent(c.callSuffix))) {
    return { error: "RockyConfigError", at: "call" };
  }
  if (detectionRefuses(mode, c.env))
    return { error: "RockyShadowError", reason: "deployment_unknown" };
  const required = shadowRequired(c);
  let suffix: unknown;
  if (c.callSuffix !== undefined) suffix = c.callSuffix;
  else if (c.hook.kind === "throw") return { error: "RockyShadowError", reason: "hook_failed" };
  else if (c.hook.kind === "return") suffix = c.hook.make();
  else if (mode === "branch_deploy" || mode === "preview") suffix = branchSuffix(c.env);
  else if (mode === "always") suffix = c.resourceSuffix ?? "_rocky_shadow";
  else suffix = null;
  if (suffix !== null && suffix !== undefined && !isIdent(suffix)) {
    return { error: "RockyShadowError", reason: "invalid_suffix" };
  }
  if (required && (suffix === null || suffix === undefined))
    return { error: "RockyShadowError", reason: "suffix_required" };
  const base = [
    c.verb,
    `--filter=${c.filter}`,
    ...(typeof suffix === "string" ? ["--shadow", `--shadow-suffix=${suffix}`] : []),
  ];
  const args = alter(base, c.alter);
  if (
    !Array.isArray(args) ||
    args.some((a) => typeof a !== "string" || a.includes("\u0000")) ||
    args[0] !== c.verb
  ) {
    return { error: "RockyConfigError", at: "call" };
  }
  // A suffix in force (any origin), or --shadow in the final argv: a shadowed write.
  const argvShadow = (args as string[]).includes("--shadow");
  if ((typeof suffix === "string" || argvShadow) && !isShadowedArgv(args as string[]))
    return { error: "RockyShadowError", reason: "args_not_shadowed" };
  const isolation =
    typeof suffix === "string" ? suffix : argvShadow ? firstArgvSuffix(args as string[]) : null;
  return { argv: [...globalsFor(isolation), ...(args as string[])] };
}

/** `--shadow` present and at least one suffix, every suffix (`--shadow-suffix=v` or `--shadow-suffix v`) an identifier. */
export function isShadowedArgv(argv: readonly string[]): boolean {
  const suffixes: string[] = [];
  argv.forEach((t, i) => {
    if (t === "--shadow-suffix") suffixes.push(argv[i + 1] ?? "");
    else if (t.startsWith("--shadow-suffix=")) suffixes.push(t.slice("--shadow-suffix=".length));
  });
  return argv.includes("--shadow") && suffixes.length > 0 && suffixes.every((s) => IDENT.test(s));
}
