/**
 * Per-call resolvers (`resolveGovernanceOverride`, `resolveIdempotencyKey`,
 * `resolveTimeoutMs`): fired only for an option the caller left out, and only
 * on verbs whose options accept it; whatever they return is checked here
 * before anything is spawned. The override and the key may be secrets: no
 * message built here ever quotes a returned value.
 */
import { z } from "zod";
import { RockyConfigError } from "./errors.js";
import { safeString } from "./strings.js";
import { toIssues } from "./validation.js";
import { emptyWorkspaceIdsProblem, GovernanceOverrideSchema } from "./verbs/governance-override.js";

/** What each resolver hook is given (a frozen copy; changing it changes nothing). */
export interface ResolverContext {
  /** The method being called (`run`, `plan`, ..., or `version`). */
  readonly method: string;
  /** The call's filter, when the method takes one. */
  readonly filter?: string;
  /** The options the caller passed, validated (the resolved option is absent from them). */
  readonly suppliedOptions: Readonly<Record<string, unknown>>;
}

/** The three hooks, bound to their resource. @internal */
export interface ResolverHooks {
  readonly resolveGovernanceOverride: (ctx: ResolverContext) => unknown;
  readonly resolveIdempotencyKey: (ctx: ResolverContext) => unknown;
  readonly resolveTimeoutMs: (ctx: ResolverContext) => unknown;
}

/** Longest idempotency key accepted from the hook. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 256;
// setTimeout fires at once above this: a bigger budget would be no budget at all.
const MAX_TIMEOUT_MS = 2_147_483_647;
// C0 controls, DEL and C1 controls: a key must survive logs, argv and rocky's state store unchanged.
const hasControl = (s: string): boolean =>
  Array.from(s).some((c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
  });

/** The value to use, or why it is refused. */
type Checked = { readonly value: unknown } | { readonly problem: string };
type Check = (value: unknown, call: Readonly<Record<string, unknown>>) => Checked;
const ok = (value: unknown): Checked => ({ value });
const refuse = (problem: string): Checked => ({ problem });

/** Describes a value by its type only: the value itself may be a secret. */
function kind(value: unknown): string {
  try {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    if (typeof value === "object" && typeof (value as { then?: unknown }).then === "function")
      return "a Promise (resolvers are synchronous: resolve the value before the call)";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
  } catch {
    return "an unreadable object"; // a hostile Proxy
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const checkGovernanceOverride: Check = (value, call) => {
  if (!isPlainObject(value))
    return refuse(`must return a plain JSON object (or null for none); got ${kind(value)}`);
  // Checked and sent as one JSON snapshot: a getter or toJSON cannot show one value and send another.
  let copy: unknown;
  try {
    const json = JSON.stringify(value);
    copy = json === undefined ? undefined : JSON.parse(json);
  } catch {
    copy = undefined;
  }
  if (!isPlainObject(copy)) return refuse("must return a JSON-serializable plain object");
  // rocky-core's GovernanceOverride, field by field; messages name fields, never values.
  const parsed = GovernanceOverrideSchema.safeParse(copy);
  if (!parsed.success) {
    const problems = toIssues(parsed.error, { schema: GovernanceOverrideSchema }).map(
      (i) => `${i.path === "" ? "" : `${i.path}: `}${i.message}`,
    );
    return refuse(`returned an override rocky would not accept (${problems.join("; ")})`);
  }
  const empty = emptyWorkspaceIdsProblem(
    parsed.data,
    call.allowEmptyWorkspaceIds === true ? true : undefined,
  );
  if (empty !== null) {
    return refuse(
      "returned an empty workspace_ids list, which would revoke every workspace binding on the target catalog; return allow_empty_workspace_ids: true with it if that is intended, or omit workspace_ids",
    );
  }
  return ok(parsed.data);
};

const checkIdempotencyKey: Check = (value) => {
  if (typeof value !== "string")
    return refuse(`must return a string (or null for none); got ${kind(value)}`);
  if (value.length === 0) return refuse("returned an empty string; return null for no key");
  if (value.length > MAX_IDEMPOTENCY_KEY_CHARS)
    return refuse(`returned a key longer than ${MAX_IDEMPOTENCY_KEY_CHARS} characters`);
  if (hasControl(value)) return refuse("returned a key containing a control character");
  if (value.startsWith("-")) return refuse('returned a key starting with "-"');
  return ok(value);
};

const checkTimeoutMs: Check = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 && value <= MAX_TIMEOUT_MS
    ? ok(value)
    : refuse(
        `must return a whole number of milliseconds in [1, ${MAX_TIMEOUT_MS}] (or null for the resource's timeoutMs); got ${typeof value === "number" ? "an out-of-range or fractional number" : kind(value)}`,
      );

const RESOLVERS = [
  {
    option: "governanceOverride",
    hook: "resolveGovernanceOverride",
    check: checkGovernanceOverride,
  },
  { option: "idempotencyKey", hook: "resolveIdempotencyKey", check: checkIdempotencyKey },
  { option: "timeoutMs", hook: "resolveTimeoutMs", check: checkTimeoutMs },
] as const;

/** A value each resolvable option's schema accepts when the verb takes that option at all. */
const SAMPLE: Readonly<Record<string, unknown>> = { governanceOverride: {}, idempotencyKey: "k" };

/**
 * Whether a verb takes `key` (a strict object, possibly refined or piped). A field that
 * refuses every value (resumeRun's idempotencyKey: rocky refuses it with --resume) is
 * not taken, so its hook never fires there.
 */
function accepts(schema: z.ZodType | undefined, key: string): boolean {
  if (schema instanceof z.ZodObject) {
    const field = (schema.shape as Record<string, z.ZodType>)[key];
    return field?.safeParse(SAMPLE[key]).success === true;
  }
  if (schema instanceof z.ZodPipe) return accepts(schema.in as z.ZodType, key);
  return false;
}

/**
 * The call's options with every missing resolvable option filled in by its
 * hook. Throws RockyConfigError naming the hook (`path` is the hook's name)
 * when a hook throws or returns a bad value; nothing is spawned then.
 * `schema` is the verb's options schema (absent for `version`, which takes
 * only the call options). @internal
 */
export function applyResolvers(
  method: string,
  call: Readonly<Record<string, unknown>>,
  schema: z.ZodType | undefined,
  hooks: ResolverHooks,
): Record<string, unknown> {
  const due = RESOLVERS.filter(
    (r) => call[r.option] === undefined && (r.option === "timeoutMs" || accepts(schema, r.option)),
  );
  if (due.length === 0) return call as Record<string, unknown>;
  const out: Record<string, unknown> = { ...call };
  for (const r of due) {
    const ctx: ResolverContext = Object.freeze({
      method,
      ...(typeof call.filter === "string" ? { filter: call.filter } : {}),
      suppliedOptions: Object.freeze({ ...call }),
    });
    let value: unknown;
    try {
      value = hooks[r.hook](ctx);
    } catch (error) {
      // The thrown value is kept as `cause` but never printed: it may quote the secret it failed on.
      throw new RockyConfigError(
        [
          {
            path: r.hook,
            message: `threw ${describeThrown(error)}; nothing was spawned (see the error's cause)`,
          },
        ],
        { command: method, context: `resolver ${r.hook} for rocky ${method}`, cause: error },
      );
    }
    if (value === undefined || value === null) continue;
    let checked: Checked;
    try {
      checked = r.check(value, call);
    } catch {
      checked = refuse("returned an unreadable value (a throwing Proxy or getter)");
    }
    if ("problem" in checked) {
      throw new RockyConfigError(
        [{ path: r.hook, message: `${checked.problem}; nothing was spawned` }],
        { command: method, context: `value from ${r.hook} for rocky ${method}` },
      );
    }
    out[r.option] = checked.value;
  }
  return out;
}

/** The thrown value's class name only (its message may quote a secret). */
function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return `an error of class ${safeString(error.name).slice(0, 60)}`;
  } catch {
    // a hostile Proxy or getter: fall through
  }
  return error !== null && typeof error === "object" ? "an object" : `a ${typeof error}`;
}
