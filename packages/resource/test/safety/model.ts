/**
 * An independent model of the shadow rules, written from the documented
 * rules (README, SECURITY.md, @dagster-rocky/core docs) rather than from the
 * resource's code, plus fast-check arbitraries for environments, options and
 * misbehaving subclasses. Used by fail-closed.property.test.ts.
 */
import fc from "fast-check";
import { z } from "zod";
import {
  type ResolverContext,
  RockyResource,
  type RockyResourceOptions,
  type ShadowSuffixContext,
} from "../../src/index.js";
import type { RockyVerb } from "../../src/verbs/index.js";

export const IDENT = /^[A-Za-z0-9_]+$/;
export const isIdent = (v: unknown): v is string => typeof v === "string" && IDENT.test(v);
export const GLOBALS = ["--config=rocky.toml", "--output", "json"] as const;

type Env = Record<string, string>;
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

// ------------------------------------------------- every verb of the table

/**
 * The shadow policies the suite knows, and what each must guarantee where
 * shadowing is required. A verb with any other policy fails the suite: a new
 * policy needs its rule written here first.
 */
export const KNOWN_POLICIES = [
  "none",
  "shadowed_write",
  "guarded_apply",
  "needs_suffix",
  "refused_when_shadowed",
] as const;
export type KnownPolicy = (typeof KNOWN_POLICIES)[number];
export const isKnownPolicy = (p: unknown): p is KnownPolicy =>
  (KNOWN_POLICIES as readonly unknown[]).includes(p);
/** Policies of verbs that write tables: from a shadowed deployment each may write shadow tables only. */
export const WRITE_POLICIES: readonly KnownPolicy[] = [
  "shadowed_write",
  "guarded_apply",
  "refused_when_shadowed",
];

/** One resolver hook's behaviour: the default (none), a value, or a throw. */
export type ResolverSpec =
  | { kind: "default" }
  | { kind: "return"; label: string; value: unknown }
  | { kind: "throw"; label: string };

const governanceValueArb: fc.Arbitrary<unknown> = fc.oneof(
  // rocky-core's GovernanceOverride shapes (valid), then the shapes rocky or the SDK refuse.
  {
    weight: 4,
    arbitrary: fc.constant({ workspace_ids: [{ id: 1 }, { id: 2, binding_type: "READ_ONLY" }] }),
  },
  {
    weight: 2,
    arbitrary: fc.constant({
      grants: [{ principal: "analysts", permissions: ["SELECT", "USE CATALOG"] }],
      schema_grants: [{ principal: "analysts", permissions: ["USE SCHEMA"] }],
    }),
  },
  fc.constant({}),
  fc.constant({ workspace_ids: [], allow_empty_workspace_ids: true }),
  fc.constant({ workspace_ids: [] }),
  fc.constant({ workspace_ids: [1, "ws_2"] }),
  fc.constant({ workspace_ids: [{ id: "1" }] }),
  fc.constant({ schema_grants: [{ principal: "analysts", permissions: ["MANAGE"] }] }),
  fc.constant({ workspace_ids: "ws" }),
  fc.constant({ tags: { team: "data" } }),
  fc.dictionary(identArb, fc.jsonValue(), { maxKeys: 3 }),
  fc.constantFrom<unknown>([], "x", 1, true, new Map(), { n: 1n }),
);
const keyValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: identArb },
  anyString,
  fc.constantFrom<unknown>("-k", "k".repeat(256), "k".repeat(257), "a\u0085b", 7, ["k"]),
);
const timeoutValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) },
  fc.constantFrom<unknown>(0, -1, 1.5, Number.NaN, 2_147_483_648, "1000", Number.POSITIVE_INFINITY),
);

const resolverArb = (value: fc.Arbitrary<unknown>): fc.Arbitrary<ResolverSpec> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: "default" } as const) },
    fc
      .constantFrom(null, undefined)
      .map((v) => ({ kind: "return", label: String(v), value: v }) as const),
    {
      weight: 4,
      arbitrary: value.map((v) => ({ kind: "return", label: "value", value: v }) as const),
    },
    fc.constant({ kind: "throw", label: "Error" } as const),
  );

/** The three resolvers' behaviour in one case. */
export interface Resolvers {
  governance: ResolverSpec;
  key: ResolverSpec;
  timeout: ResolverSpec;
}
export const resolversArb: fc.Arbitrary<Resolvers> = fc.record({
  governance: resolverArb(governanceValueArb),
  key: resolverArb(keyValueArb),
  timeout: resolverArb(timeoutValueArb),
});

/** The documented checks on what each resolver returns (README: "Resolvers"), written independently. */
const plain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));
export function resolverValueOk(
  which: keyof Resolvers,
  v: unknown,
  call: Record<string, unknown>,
): boolean {
  switch (which) {
    case "governance": {
      if (!plain(v)) return false;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
      } catch {
        return false;
      }
      // rocky-core config.rs GovernanceOverride: four keys; bindings and grants deny unknown fields.
      const only = (x: unknown, keys: string[]): x is Record<string, unknown> =>
        plain(x) && Object.keys(x).every((k) => keys.includes(k));
      const binding = (b: unknown) =>
        only(b, ["id", "binding_type"]) &&
        Number.isSafeInteger(b.id) &&
        (b.id as number) >= 0 &&
        (b.binding_type === undefined ||
          ["READ_WRITE", "READ_ONLY"].includes(String(b.binding_type)));
      const grants = (g: unknown, perms: string[]) =>
        g === undefined ||
        (Array.isArray(g) &&
          g.every(
            (x) =>
              only(x, ["principal", "permissions"]) &&
              typeof x.principal === "string" &&
              x.principal !== "" &&
              Array.isArray(x.permissions) &&
              x.permissions.every((p) => perms.includes(p)),
          ));
      const ws = o.workspace_ids;
      return (
        only(o, ["workspace_ids", "allow_empty_workspace_ids", "grants", "schema_grants"]) &&
        (ws === undefined || (Array.isArray(ws) && ws.every(binding))) &&
        (o.allow_empty_workspace_ids === undefined ||
          typeof o.allow_empty_workspace_ids === "boolean") &&
        grants(o.grants, ["BROWSE", "USE CATALOG", "USE SCHEMA", "SELECT", "MODIFY", "MANAGE"]) &&
        grants(o.schema_grants, ["USE SCHEMA", "SELECT", "MODIFY"]) &&
        (!Array.isArray(ws) ||
          ws.length > 0 ||
          o.allow_empty_workspace_ids === true ||
          call.allowEmptyWorkspaceIds === true)
      );
    }
    case "key":
      return (
        typeof v === "string" &&
        v.length > 0 &&
        v.length <= 256 &&
        !v.startsWith("-") &&
        !Array.from(v).some((c) => {
          const cp = c.codePointAt(0) ?? 0;
          return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
        })
      );
    case "timeout":
      return typeof v === "number" && Number.isSafeInteger(v) && v > 0 && v <= 2_147_483_647;
  }
}

const HOOK_NAMES = {
  governance: "resolveGovernanceOverride",
  key: "resolveIdempotencyKey",
  timeout: "resolveTimeoutMs",
} as const;
const OPTION_NAMES = {
  governance: "governanceOverride",
  key: "idempotencyKey",
  timeout: "timeoutMs",
} as const;

/**
 * What the resolvers do to a call with valid options: the first hook (in the
 * order governance, key, timeout) that throws or returns a bad value names
 * the error; else the values that reach argv. A hook fires only when its
 * option is accepted by the verb and left out by the caller.
 */
export function resolverVerdict(
  r: Resolvers,
  accepts: (option: string) => boolean,
  call: Record<string, unknown>,
): { error: string } | { governance?: unknown; key?: unknown } {
  const out: { governance?: unknown; key?: unknown } = {};
  for (const which of ["governance", "key", "timeout"] as const) {
    const option = OPTION_NAMES[which];
    if (call[option] !== undefined || (which !== "timeout" && !accepts(option))) continue;
    const spec = r[which];
    if (spec.kind === "default") continue;
    if (spec.kind === "throw") return { error: HOOK_NAMES[which] };
    if (spec.value === null || spec.value === undefined) continue;
    if (!resolverValueOk(which, spec.value, call)) return { error: HOOK_NAMES[which] };
    if (which === "key") out.key = spec.value;
    if (which === "governance") {
      // The call's consent to an empty workspace_ids reaches rocky inside the override.
      const g = JSON.parse(JSON.stringify(spec.value)) as Record<string, unknown>;
      const empty = Array.isArray(g.workspace_ids) && g.workspace_ids.length === 0;
      out.governance =
        empty && call.allowEmptyWorkspaceIds === true
          ? { ...g, allow_empty_workspace_ids: true }
          : g;
    }
  }
  return out;
}

/** A case of the all-verbs property. */
export interface VerbCase {
  verb: RockyVerb;
  env: Env;
  mode: Mode | undefined;
  resourceSuffix: string | undefined;
  callSuffix: string | undefined;
  callKey: string | undefined;
  hook: HookSpec;
  resolvers: Resolvers;
  alter: Alter;
}

/** A resource whose suffix hook, resolvers and buildArgs do what the case says. */
export class VerbSubject extends RockyResource {
  constructor(
    private readonly spec: Pick<VerbCase, "hook" | "alter" | "resolvers">,
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
  #resolve(which: keyof Resolvers): never {
    const s = this.spec.resolvers[which];
    if (s.kind === "throw") throw new Error(`resolver ${which} failed`);
    return (s.kind === "default" ? undefined : s.value) as never;
  }
  protected override resolveGovernanceOverride(_ctx: ResolverContext) {
    return this.#resolve("governance");
  }
  protected override resolveIdempotencyKey(_ctx: ResolverContext) {
    return this.#resolve("key");
  }
  protected override resolveTimeoutMs(_ctx: ResolverContext) {
    return this.#resolve("timeout");
  }
  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: Parameters<RockyResource["buildArgs"]>[1],
  ): string[] {
    return alter(super.buildArgs(verb, options as never), this.spec.alter) as string[];
  }
}

/** A suffix (`--shadow-suffix=v` or `--shadow-suffix v`, all identifiers) or a `--shadow-schema` is in the argv. */
export function carriesShadowTarget(argv: readonly string[]): boolean {
  if (argv.some((t) => /^--shadow-schema=[A-Za-z0-9_]+$/.test(t))) return true;
  const suffixes: string[] = [];
  argv.forEach((t, i) => {
    if (t === "--shadow-suffix") suffixes.push(argv[i + 1] ?? "");
    else if (t.startsWith("--shadow-suffix=")) suffixes.push(t.slice("--shadow-suffix=".length));
  });
  return suffixes.length > 0 && suffixes.every((s) => IDENT.test(s));
}

/** The keys a verb's options schema accepts (a strict object, possibly refined or piped). */
export function optionKeys(schema: z.ZodType): readonly string[] {
  // A `never` field (resumeRun's idempotencyKey) is named only to be refused: not an option it takes.
  const takes = (f: unknown) =>
    !(f instanceof z.ZodOptional ? f.unwrap() instanceof z.ZodNever : f instanceof z.ZodNever);
  if (schema instanceof z.ZodObject)
    return Object.keys(schema.shape).filter((k) => takes(schema.shape[k]));
  if (schema instanceof z.ZodPipe) return optionKeys(schema.in as z.ZodType);
  return [];
}

/**
 * Whether a verb takes a resolvable option: the field exists and accepts a value
 * (resumeRun's idempotencyKey exists only to refuse one). The oracle for the resolvers.
 */
export function takesOption(schema: z.ZodType, option: string): boolean {
  const sample: Record<string, unknown> = { governanceOverride: {}, idempotencyKey: "k" };
  const inner = schema instanceof z.ZodPipe ? (schema.in as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return false;
  const field = (inner.shape as Record<string, z.ZodType>)[option];
  return field?.safeParse(sample[option]).success === true;
}

/** Values tried, in order, for a verb's required options: filters, names, plan ids, numbers. */
const PROBES: readonly unknown[] = [
  "tenant=acme",
  "orders",
  "a1b2c3d4".repeat(8),
  1,
  true,
  ["orders"],
];

/**
 * Verbs whose schema requires one of several optional fields (a cross-field
 * rule no per-field probe can meet): the choice made for them.
 */
const CROSS_FIELD_MINIMUM: Partial<Record<RockyVerb, Record<string, unknown>>> = {
  testAdapter: { adapter: "duckdb" },
  aiExplain: { all: true },
  aiTest: { all: true },
};

/**
 * Minimal valid options for `verb`: each required option gets the first probe
 * its schema accepts. Throws (failing the suite) when a new verb needs a value
 * none of the probes gives: add one here rather than leaving the verb out.
 */
export function minimalOptions(verb: RockyVerb, schema: z.ZodType): Record<string, unknown> {
  const shape = (
    schema instanceof z.ZodObject
      ? schema.shape
      : schema instanceof z.ZodPipe && schema.in instanceof z.ZodObject
        ? schema.in.shape
        : {}
  ) as Record<string, z.ZodType>;
  const out: Record<string, unknown> = { ...(CROSS_FIELD_MINIMUM[verb] ?? {}) };
  for (const [key, field] of Object.entries(shape)) {
    if (key in out || field.safeParse(undefined).success) continue;
    const value = PROBES.find((p) => field.safeParse(p).success);
    if (value === undefined)
      throw new Error(`model.ts: no probe value fits the required option ${verb}.${key}; add one`);
    out[key] = value;
  }
  let whole = schema.safeParse(out);
  // Cross-field rules (e.g. aiExplain: a model or all: true) name the option they want: probe it.
  for (let round = 0; !whole.success && round < 4; round++) {
    const key = whole.error.issues.map((i) => i.path[0]).find((k) => typeof k === "string");
    const field = typeof key === "string" ? shape[key] : undefined;
    if (key === undefined || field === undefined || key in out) break;
    const value = PROBES.find((p) => field.safeParse(p).success && p !== undefined);
    if (value === undefined) break;
    out[key as string] = value;
    whole = schema.safeParse(out);
  }
  if (!whole.success)
    throw new Error(
      `model.ts: minimal options for ${verb} do not validate (${JSON.stringify(out)}): ${whole.error.message}`,
    );
  return out;
}

// ------------------------------------------------ seams: one boundary, every call shape

/**
 * Where a shadowed write's suffix comes from: the mode (the default one, or
 * "branch_deploy" given), the call's `shadowSuffix` on a production worker, or
 * a `resolveShadowSuffix` hook on a production worker.
 */
export type SuffixOrigin = "mode-default" | "mode-explicit" | "call" | "hook";
/**
 * How the deployment reaches detection (mode origins): in the env option, in
 * process.env next to a curated env option, in both, two different ones, or
 * an unrecognised Dagster+ flag in either.
 */
export type EnvShape =
  | "option"
  | "process"
  | "both"
  | "conflicting"
  | "unrecognised-option"
  | "unrecognised-process";
/** When a subclass does something to the argv array or the cwd after buildArgs returned. */
export type Later = "none" | "microtask" | "timeout" | "immediate";
/** The config when the guard reads it, or replaced by a quality one while the version is probed. */
export type ConfigShape = "replication" | "quality" | "swapped";

/** One call shape through the spawn boundary. */
export interface SeamCase {
  verb: "run" | "plan" | "resumeRun" | "runModel";
  origin: SuffixOrigin;
  envShape: EnvShape;
  /** buildArgs' array stripped of its shadow flags (and pointed at a quality pipeline), later. */
  mutation: Later;
  /** process.chdir into a project with a quality config, later. */
  cwdChange: Later;
  config: ConfigShape;
  /** An idempotency key on the call (run, plan), or ROCKY_IDEMPOTENCY_KEY in the child env. */
  key: "none" | "call" | "env";
}

const laterArb = fc.constantFrom<Later>("none", "microtask", "timeout", "immediate");
export const seamCaseArb: fc.Arbitrary<SeamCase> = fc.record({
  verb: fc.constantFrom("run", "plan", "resumeRun", "runModel"),
  origin: fc.constantFrom("mode-default", "mode-explicit", "call", "hook"),
  envShape: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<EnvShape>("option", "process", "both") },
    fc.constantFrom<EnvShape>("conflicting", "unrecognised-option", "unrecognised-process"),
  ),
  mutation: laterArb,
  cwdChange: laterArb,
  config: fc.oneof(
    { weight: 2, arbitrary: fc.constant<ConfigShape>("replication") },
    fc.constantFrom<ConfigShape>("quality", "swapped"),
  ),
  key: fc.constantFrom("none", "call", "env"),
});

export const SEAM_SUFFIX = "_dagster_pr_42";
const PR = (n: number): Env => ({
  DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "1",
  DAGSTER_CLOUD_PULL_REQUEST_ID: String(n),
});
/** A least-privilege child environment: no Dagster+ variable. */
export const CURATED_ENV: Env = { PATH: "/usr/bin:/bin", API_TOKEN: "t0k" };

/** The env option and the process.env additions a case runs with. */
export function seamEnvs(c: SeamCase): { option: Env; process: Env } {
  const key: Env = c.key === "env" ? { ROCKY_IDEMPOTENCY_KEY: "nightly" } : {};
  if (c.origin === "call" || c.origin === "hook")
    return { option: { ...CURATED_ENV, ...key }, process: {} };
  const flag = { DAGSTER_CLOUD_IS_BRANCH_DEPLOYMENT: "yes" };
  const shapes: Record<EnvShape, { option: Env; process: Env }> = {
    option: { option: PR(42), process: {} },
    process: { option: CURATED_ENV, process: PR(42) },
    both: { option: { ...CURATED_ENV, ...PR(42) }, process: PR(42) },
    conflicting: { option: PR(42), process: PR(7) },
    "unrecognised-option": { option: { ...CURATED_ENV, ...flag }, process: {} },
    "unrecognised-process": { option: CURATED_ENV, process: flag },
  };
  const s = shapes[c.envShape];
  return { option: { ...s.option, ...key }, process: s.process };
}

/** The call a case makes (idempotencyKey only where the verb takes one). */
export function seamCall(c: SeamCase): Record<string, unknown> {
  const base: Record<string, unknown> = c.verb === "runModel" ? {} : { filter: "tenant=acme" };
  if (c.origin === "call") base.shadowSuffix = SEAM_SUFFIX;
  if (c.key === "call" && (c.verb === "run" || c.verb === "plan")) base.idempotencyKey = "nightly";
  return base;
}

/** What the rules say a seam case does: a typed refusal (nothing spawned), or exactly one spawn. */
export type SeamExpected =
  | { refused: string; probed: boolean }
  | { argv: string[]; envKey: string | undefined };

/** The rules, computed without the resource. */
export function seamExpected(c: SeamCase): SeamExpected {
  const mode = c.origin === "mode-default" || c.origin === "mode-explicit";
  if (mode && c.envShape === "conflicting")
    return { refused: "DEPLOYMENT_AMBIGUOUS", probed: false };
  if (mode && c.envShape.startsWith("unrecognised"))
    return { refused: "DEPLOYMENT_UNKNOWN", probed: false };
  // runModel without a pipeline never reaches the quality arm: no config is read or re-read.
  const readsConfig = c.verb !== "runModel";
  if (readsConfig && c.config === "quality")
    return { refused: "PIPELINE_NOT_SHADOWABLE", probed: false };
  if (readsConfig && c.config === "swapped") return { refused: "CONFIG_CHANGED", probed: true };
  const s = SEAM_SUFFIX;
  const shadow = ["--shadow", `--shadow-suffix=${s}`];
  const key = c.key === "call" && (c.verb === "run" || c.verb === "plan");
  const verbArgs: Record<SeamCase["verb"], string[]> = {
    run: ["run", "--filter=tenant=acme", ...shadow],
    plan: ["plan", "--filter=tenant=acme", ...shadow],
    resumeRun: ["run", "--filter=tenant=acme", "--resume-latest", ...shadow],
    runModel: ["run", "--model=orders", "--models=models", ...shadow],
  };
  return {
    argv: [
      ...globalsFor(s),
      ...verbArgs[c.verb],
      ...(key ? [`--idempotency-key=${shadowKey(s, "nightly")}`] : []),
    ],
    envKey: c.key === "env" ? shadowKey(s, "nightly") : undefined,
  };
}

/** Schedules `f` at a case's timing. */
export function later(when: Later, f: () => void): void {
  if (when === "microtask") queueMicrotask(f);
  else if (when === "timeout") setTimeout(f, 0);
  else if (when === "immediate") setImmediate(f);
}

/**
 * A resource whose buildArgs misbehaves as a case says: it mutates its
 * returned array and changes the process's cwd at the case's timings; and
 * whose hook names the suffix for the "hook" origin.
 */
export class SeamSubject extends RockyResource {
  constructor(
    private readonly c: SeamCase,
    private readonly elsewhere: string,
    options: RockyResourceOptions,
  ) {
    super(options);
  }
  protected override resolveShadowSuffix(ctx: ShadowSuffixContext): string | null | undefined {
    return this.c.origin === "hook" ? SEAM_SUFFIX : super.resolveShadowSuffix(ctx);
  }
  protected override buildArgs<V extends RockyVerb>(
    verb: V,
    options: Parameters<RockyResource["buildArgs"]>[1],
  ): string[] {
    const args = super.buildArgs(verb, options as never);
    later(this.c.mutation, () => {
      const keep = args.filter((t) => t !== "--shadow" && !t.startsWith("--shadow-suffix"));
      args.splice(0, args.length, ...keep, "--pipeline=checks");
    });
    later(this.c.cwdChange, () => process.chdir(this.elsewhere));
    return args;
  }
}

/** Resource options of a seam case (no cwd: rocky's cwd is the process's when the call starts). */
export function seamOptions(c: SeamCase, binaryPath: string, option: Env): RockyResourceOptions {
  return {
    binaryPath,
    env: option,
    ...(c.origin === "mode-explicit" ? { shadowMode: "branch_deploy" as const } : {}),
  };
}

// ----------------------------------------- apply: the plan's pipeline vs the current config

/** One apply of a persisted plan, on a PR deployment or a production worker naming the suffix. */
export interface ApplySeamCase {
  origin: "mode" | "call";
  planSuffix: "same" | "other";
  planPipeline: "named" | "unnamed";
  /** The plan's idempotency key: none, namespaced for the suffix, or production's raw key. */
  planKey: "none" | "namespaced" | "raw";
  /** The config when apply runs: p still replication, p turned quality, p renamed q, or p and q. */
  configNow: "replication" | "quality" | "renamed" | "several";
}

export const applySeamArb: fc.Arbitrary<ApplySeamCase> = fc.record({
  origin: fc.constantFrom("mode", "call"),
  planSuffix: fc.oneof(
    { weight: 4, arbitrary: fc.constant("same" as const) },
    fc.constant("other" as const),
  ),
  planPipeline: fc.constantFrom("named", "unnamed"),
  planKey: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom("none" as const, "namespaced" as const) },
    fc.constant("raw" as const),
  ),
  configNow: fc.constantFrom("replication", "quality", "renamed", "several"),
});

/** The persisted run plan's payload for a case. */
export function applySeamPayload(c: ApplySeamCase): Record<string, unknown> {
  const suffix = c.planSuffix === "same" ? SEAM_SUFFIX : "_dagster_pr_7";
  return {
    filter: "tenant=acme",
    shadow: true,
    shadow_suffix: suffix,
    ...(c.planPipeline === "named" ? { pipeline: "p" } : {}),
    ...(c.planKey === "none"
      ? {}
      : { idempotency_key: c.planKey === "raw" ? "nightly" : shadowKey(SEAM_SUFFIX, "nightly") }),
  };
}

/** What the rules say: refused with a code, or the apply argv on the shadow namespace. */
export function applySeamExpected(
  c: ApplySeamCase,
  id: string,
): { refused: string } | { argv: string[] } {
  if (c.planSuffix === "other") return { refused: "PLAN_NOT_SHADOWED" };
  if (c.planKey === "raw") return { refused: "STATE_NOT_ISOLATED" };
  // rocky resolves the plan's pipeline against the config as it is now (apply.rs).
  if (c.configNow === "quality") return { refused: "PIPELINE_NOT_SHADOWABLE" };
  if (c.configNow === "renamed" && c.planPipeline === "named")
    return { refused: "PIPELINE_UNKNOWN" };
  if (c.configNow === "several" && c.planPipeline === "unnamed")
    return { refused: "PIPELINE_UNKNOWN" };
  return { argv: [...globalsFor(SEAM_SUFFIX), "apply", id] };
}
