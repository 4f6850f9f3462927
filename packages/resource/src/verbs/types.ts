/**
 * The contract every verb module fulfils. A verb is one file in this folder
 * exporting one `defineVerb(...)` value, one line in ./index.ts's `VERBS`
 * table and one method on `RockyResource`; nothing else knows its name.
 * Everything the resource does per verb reads the declaration: the argv
 * check (its command words), log masking (its secret flags, marked on its
 * options schema), the shadow policy and the config guard, the exit codes,
 * the version floors, and the `rocky serve` route.
 */
import type { z } from "zod";
import type { StdoutSource } from "../output.js";
import { secretFlagsOf } from "../value-rules.js";

/**
 * How a verb relates to shadow tables (enforced in ../shadow/policy.ts):
 * - `none`: never writes tables; no check.
 * - `shadowed_write`: writes tables; takes a suffix, which is required where
 *   shadowing is required, and its final argv is re-checked.
 * - `guarded_apply`: replays a persisted plan, which must be proven shadowed
 *   where shadowing is required.
 * - `needs_suffix`: reads shadow tables; a suffix (or shadow schema) must be
 *   in force wherever it runs.
 * - `refused_when_shadowed`: refused outright where shadowing is required
 *   (promotions and other writes to production).
 */
export type ShadowPolicy =
  | "none"
  | "shadowed_write"
  | "guarded_apply"
  | "needs_suffix"
  | "refused_when_shadowed";

/**
 * Which rocky.toml selection the quality-pipeline guard checks for a
 * shadowed write (../shadow/pipeline-guard.ts): `argv` reads `--pipeline`
 * from the final argv (a verb that runs a pipeline); `plan` reads the
 * persisted plan's pipeline (apply); `none`: the verb selects no pipeline.
 */
export type ConfigGuard = "argv" | "plan" | "none";

/** The config guard a shadow policy allows. */
export type ConfigGuardFor<P extends ShadowPolicy> = P extends "shadowed_write"
  ? "argv" | "none"
  : P extends "guarded_apply"
    ? "plan" | "none"
    : "none";

/** A problem with one option, as the HTTP route reports it. */
export interface RouteIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * How a verb is served by `rocky serve` when `serverUrl` is set (a GET whose
 * body is the document the CLI prints, validated by the verb's own output).
 */
export interface HttpRoute {
  /** Option keys (beyond signal, timeoutMs, onLog) the route reads. */
  readonly reads: readonly string[];
  /** Options the API cannot honour, with why; refused when set (not undefined or false). */
  readonly unsupported: Readonly<Record<string, string>>;
  /** The request path (`/api/v1/...`), or issues naming the bad options. */
  readonly path: (options: Readonly<Record<string, unknown>>) => string | RouteIssue[];
}

/** Resource-level paths the verb arguments need. */
export interface ArgsContext {
  /** Sent as `--models`. */
  readonly modelsDir: string;
  /** Sent as `--contracts`, when set. */
  readonly contractsDir?: string | undefined;
}

/**
 * A verb's output schema, loaded on first use (`() => import("../schemas/x.js")`):
 * building every output schema at import cost ~35-45 ms of the package's
 * cold start. The types stay static (inferred from the dynamic import).
 */
export type LazySchema<T> = () => Promise<z.ZodType<T>>;

/**
 * How stdout becomes a result:
 * - `schema`: JSON validated by a zod schema (a non-zero result exit that does
 *   not parse is a command error); the schema itself may be loaded lazily.
 * - `json`: JSON handed to `finish` (a verb whose output has several shapes).
 * - `text`: the raw text handed to `parse`, for verbs that print text.
 */
export type VerbOutput<T> =
  | {
      readonly kind: "schema";
      readonly schema: z.ZodType<T> | LazySchema<T>;
      /** The part of stdout that is the JSON document (for verbs that print text around it). */
      readonly select?: (stdout: string) => string;
    }
  | {
      readonly kind: "json";
      readonly finish: (json: unknown, stdout: StdoutSource) => T | Promise<T>;
    }
  | { readonly kind: "text"; readonly parse: (stdout: string) => T };

/** A verb output whose schema is loaded, ready for a synchronous interpretation. @internal */
export type LoadedVerbOutput<T> =
  | {
      readonly kind: "schema";
      readonly schema: z.ZodType<T>;
      readonly select?: (stdout: string) => string;
    }
  | Exclude<VerbOutput<T>, { readonly kind: "schema" }>;

/**
 * A flag that needs a newer engine than the verb itself.
 */
export interface FeatureFloor {
  /** The option (camelCase) whose use needs the newer engine. */
  readonly option: string;
  /** Oldest rocky that accepts it (`X.Y.Z`). */
  readonly minVersion: string;
  /** `set` (default): the floor applies when the option is given; `absent`: when it is not. */
  readonly when?: "set" | "absent";
}

/**
 * One rocky verb: everything the resource needs to validate, build, spawn,
 * interpret and type a call.
 */
export interface VerbSpec<S extends z.ZodType = z.ZodType, T = unknown> {
  /** The method's name: the table key (checked at compile time in ./index.ts). */
  readonly name: string;
  /**
   * rocky's command words, in full (`["branch", "promote"]`); the built argv
   * must start with every one of them. Several methods may drive one command
   * (`resumeRun` and `runModel` are `["run"]`).
   */
  readonly command: readonly string[];
  /** Strict options schema; the method's option type is checked against its input. */
  readonly options: S;
  /**
   * The flags whose values are secret (masked in logs), read from the
   * options schema's `secret(...)` marks: declared once, on the option.
   */
  readonly secretFlags: readonly string[];
  /** Option fields passed as positional arguments (after the verb), in order. */
  readonly positionals: readonly string[];
  /**
   * Flags every argv of this verb carries that select it among the modes of
   * a command rocky shares with other modes (`review --status`, beside
   * `review --approve`): `runCli` attributes an argv to this verb only when
   * the argv carries each of them.
   */
  readonly modeFlags: readonly string[];
  /** The verb and its flags (global flags come before them). */
  readonly args: (options: z.output<S>, ctx: ArgsContext) => string[];
  /** How stdout becomes the typed result. */
  readonly output: VerbOutput<T>;
  /** How the verb relates to shadow tables. */
  readonly shadow: ShadowPolicy;
  /** What the quality-pipeline guard reads for a shadowed write of this verb. */
  readonly configGuard: ConfigGuard;
  /**
   * For a `refused_when_shadowed` verb with a mode that writes nothing (a dry
   * run): true when these validated options select it, and the call is then
   * allowed where shadowing is required.
   */
  readOnlyWhen?(options: z.output<S>): boolean;
  /** Non-zero exits that still carry a JSON report and are results, not errors. */
  readonly resultExitCodes: readonly number[];
  /** Oldest rocky with this verb, when newer than the SDK's general minimum. */
  readonly minVersion?: string;
  /** Options that need a newer rocky than the verb. */
  readonly featureFloors: readonly FeatureFloor[];
  /** The `rocky serve` route, for a verb served over HTTP when `serverUrl` is set. */
  readonly http?: HttpRoute | undefined;
}

/** The keys of `T` that may be left out. */
type OptionalKeys<T> = {
  [K in keyof T]-?: NonNullable<unknown> extends Pick<T, K> ? K : never;
}[keyof T];

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The keys on which `A` and `B` differ: present in one only, optional in one
 * only, or with types that are not assignable both ways. `never` when they agree.
 */
export type Mismatch<A, B> =
  | Exclude<keyof A, keyof B>
  | Exclude<keyof B, keyof A>
  | Exclude<OptionalKeys<A>, OptionalKeys<B>>
  | Exclude<OptionalKeys<B>, OptionalKeys<A>>
  | { [K in keyof A & keyof B]: Mutual<A[K], B[K]> extends true ? never : K }[keyof A & keyof B];

declare const documented: unique symbol;

/** An options schema tied to the documented interface `I` its input equals. @internal */
export type OptionsSchema<S extends z.ZodType = z.ZodType, I = z.input<S>> = S & {
  readonly [documented]?: I;
};

/** The documented options type of an options schema (`never` when none is tied). */
export type DocumentedInput<S> = S extends { readonly [documented]?: infer I } ? I : never;

/**
 * Ties an options schema to the interface that documents it: the interface
 * (with a JSDoc line per field) is what the API reference, hovers and method
 * signatures show, and this fails to compile unless the schema's input has
 * exactly its fields, each optional where the interface says so and of the
 * same type, so the two cannot drift. Usage:
 * `optionsSchema<RunOptions>()(z.strictObject({...}))`. @internal
 */
export function optionsSchema<I>() {
  return <S extends z.ZodType>(
    schema: S &
      ([Mismatch<z.input<S>, I>] extends [never]
        ? unknown
        : { readonly "options schema and interface differ at": Mismatch<z.input<S>, I> }),
  ): OptionsSchema<S, I> => schema as OptionsSchema<S, I>;
}

/**
 * Declares a verb module; the literal types (name, shadow policy) are kept
 * so that the resource's types can be derived from the table.
 * @internal
 */
export function defineVerb<
  const N extends string,
  S extends z.ZodType,
  T,
  const P extends ShadowPolicy,
>(
  spec: Omit<
    VerbSpec<S, T>,
    | "name"
    | "command"
    | "shadow"
    | "positionals"
    | "featureFloors"
    | "secretFlags"
    | "configGuard"
    | "http"
    | "readOnlyWhen"
    | "modeFlags"
  > & {
    readonly name: N;
    readonly command: readonly [string, ...string[]];
    readonly shadow: P;
    readonly configGuard?: ConfigGuardFor<P>;
    readonly readOnlyWhen?: P extends "refused_when_shadowed"
      ? (options: z.output<S>) => boolean
      : never;
    readonly positionals?: readonly string[];
    readonly modeFlags?: readonly string[];
    readonly featureFloors?: readonly FeatureFloor[];
    readonly http?: HttpRoute;
  },
): VerbSpec<S, T> & { readonly name: N; readonly shadow: P } {
  return Object.freeze({
    positionals: [],
    modeFlags: [],
    featureFloors: [],
    configGuard: "none",
    ...spec,
    command: Object.freeze([...spec.command]),
    secretFlags: secretFlagsOf(spec.options),
  });
}

/**
 * A JSON output validated by `schema`: the schema, or (keeps it out of the
 * import graph) a loader such as `() => import("../schemas/run.js").then((m) => m.RunOutputSchema)`,
 * called once, on the verb's first call. @internal
 */
export function schemaOutput<T>(schema: z.ZodType<T>): {
  readonly kind: "schema";
  readonly schema: z.ZodType<T>;
};
/**
 * A JSON output validated by the schema `load` resolves to, loaded on first
 * use; `select` picks the JSON document out of stdout when rocky prints text
 * around it. @internal
 */
export function schemaOutput<T>(
  load: LazySchema<T>,
  select?: (stdout: string) => string,
): VerbOutput<T>;
export function schemaOutput<T>(
  schema: z.ZodType<T> | LazySchema<T>,
  select?: (stdout: string) => string,
): VerbOutput<T> {
  if (typeof schema !== "function") return { kind: "schema", schema };
  let pending: Promise<z.ZodType<T>> | undefined;
  const load: LazySchema<T> = () => {
    pending ??= schema();
    // A failed load is retried on the next call rather than cached.
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
  return select === undefined
    ? { kind: "schema", schema: load }
    : { kind: "schema", schema: load, select };
}

const loaded = new WeakMap<object, LoadedVerbOutput<unknown>>();

/**
 * The output with its schema loaded. Synchronous (no event-loop turn) once the
 * schema is in memory. @internal
 */
export function loadOutput<T>(
  output: VerbOutput<T>,
): LoadedVerbOutput<T> | Promise<LoadedVerbOutput<T>> {
  if (output.kind !== "schema" || typeof output.schema !== "function") {
    return output as LoadedVerbOutput<T>;
  }
  const ready = loaded.get(output) as LoadedVerbOutput<T> | undefined;
  if (ready !== undefined) return ready;
  return output.schema().then((schema) => {
    const { select } = output;
    const done: LoadedVerbOutput<T> =
      select === undefined ? { kind: "schema", schema } : { kind: "schema", schema, select };
    loaded.set(output, done as LoadedVerbOutput<unknown>);
    return done;
  });
}
