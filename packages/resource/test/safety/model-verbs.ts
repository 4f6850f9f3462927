// The fail-closed model for every verb of the table: the shadow policies it knows, the
// resolvers and hooks, what each verb's options take (the oracle of fail-closed-verbs).
import fc from "fast-check";
import { z } from "zod";
import {
  type ResolverContext,
  RockyResource,
  type RockyResourceOptions,
  type ShadowSuffixContext,
} from "../../src/index.js";
import type { RockyVerb } from "../../src/verbs/index.js";
import {
  type Alter,
  alter,
  anyString,
  type Env,
  type HookSpec,
  IDENT,
  identArb,
  type Mode,
} from "./model.js";

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
      // An override with no field set sends nothing (as rocky-sdk's `if governance_override:`).
      if (Object.keys(g).length === 0) continue;
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
  "2026-04",
  "fivetran/stripe@>=1.0.0,<2.0.0",
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
