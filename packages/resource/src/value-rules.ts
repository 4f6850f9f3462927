/**
 * The value rules: one rule per kind of value the SDK hands to rocky, each
 * with one message per reason, used by every verb and by the resource
 * options. Every rule runs before anything is spawned and names the field
 * (`what`) and the fix. Every value then travels as `--flag=value` or after a
 * bare `--`, so clap never reads it as a flag; the rules also protect
 * rocky's own use of a value (a SQL identifier, a path segment such as
 * `.rocky/approvals/<branch>/`, a schema such as `branch__<name>`).
 */
import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";

/** True when `v` holds a C0 control character or DEL. @internal */
export function hasControlChar(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const IDENTIFIER = "^[A-Za-z0-9_]+$";

/** What a string rule checks beyond being a string. */
interface StringRule {
  /** Shown in every message: `e.g. "orders"`. */
  readonly example: string;
  /** The empty string is refused (default true). */
  readonly nonEmpty?: boolean;
  /** Control characters are refused (default true). */
  readonly noControl?: boolean;
  /** A leading `-` is refused, for values that are flag-like where they end up. */
  readonly noLeadingDash?: boolean;
  /** The rule's own check, after the general ones, and what it says when it fails. */
  readonly check?: (v: string) => boolean;
  readonly expected?: string;
  /** For editors reading the generated JSON Schema only. */
  readonly pattern?: string;
  /** What to say for null or undefined, where that has a cause of its own. */
  readonly missing?: string;
}

/**
 * A string checked by `rule`, reporting the first reason it fails (one
 * message per problem): not a string, empty, a control character, a leading
 * `-`, then the rule's own check.
 */
function stringRule(what: string, rule: StringRule) {
  const eg = `e.g. ${rule.example}`;
  const notString = `${what} must be a string, ${eg}`;
  const missing = rule.missing;
  const error =
    missing === undefined
      ? notString
      : (issue: { input?: unknown }) => (issue.input == null ? missing : notString);
  const schema = z.string({ error }).superRefine((v, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (v.includes("\u0000")) return fail(`${what} must not contain a NUL character`);
    if (rule.nonEmpty !== false && v.length === 0) return fail(`${what} must not be empty, ${eg}`);
    if (rule.noControl !== false && hasControlChar(v)) {
      return fail(`${what} must not contain control characters (newline, tab...), ${eg}`);
    }
    if (rule.noLeadingDash === true && v.startsWith("-")) {
      return fail(`${what} must not start with "-" (rocky would read it as a flag), ${eg}`);
    }
    if (rule.check !== undefined && !rule.check(v)) {
      return fail(`${what} must be ${rule.expected}, ${eg}`);
    }
  });
  return rule.pattern === undefined ? schema : schema.meta({ pattern: rule.pattern });
}

/** Any string that can travel in argv (no NUL: the OS would truncate it); may be empty. @internal */
export const argString = (what: string) =>
  stringRule(what, { example: '"value"', nonEmpty: false, noControl: false });

/** A non-empty string without control characters (a partition key, a date bound, a check name). @internal */
export const nonEmpty = (what: string, example = '"value"') => stringRule(what, { example });

/**
 * rocky's identifier (`^[A-Za-z0-9_]+$`, core's `isRockyIdentifier`, rocky-sql's
 * `validate_identifier`): suffixes, namespaces, columns, environments, events,
 * products, adapters. @internal
 */
export const identifier = (what: string, example = '"orders"') =>
  stringRule(what, {
    example,
    check: isRockyIdentifier,
    expected: `${IDENTIFIER} (ASCII letters, digits, _)`,
    pattern: IDENTIFIER,
  });

/** A model name: a SQL identifier, as rocky names model tables. @internal */
export const modelName = (what: string) =>
  stringRule(what, {
    example: '"orders"',
    check: isRockyIdentifier,
    expected: `a model name matching ${IDENTIFIER}`,
    pattern: IDENTIFIER,
  });

/**
 * A pipeline name: a key of rocky.toml's `[pipeline.<name>]` table, which
 * rocky does not restrict (any TOML key), sent as `--pipeline=<name>`. @internal
 */
export const pipelineName = (what: string) => nonEmpty(what, '"raw_ingest"');

/** A file or directory path: no leading `-`, which a tool reading it may take for a flag. @internal */
export const path = (what: string, example = '"./out/file.json"') =>
  stringRule(what, { example, noLeadingDash: true });

const MAX_TEXT_BYTES = 4096;

/**
 * One line of free text (a note, an intent), at most 4 KiB. A leading `-` is
 * text like any other: free text always travels as `--flag=text` or after `--`. @internal
 */
export const freeText = (what: string) =>
  stringRule(what, {
    example: '"reviewed by data-eng"',
    check: (v) => Buffer.byteLength(v, "utf8") <= MAX_TEXT_BYTES,
    expected: `at most ${MAX_TEXT_BYTES} bytes (UTF-8)`,
  });

const RUN_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A rocky run id (the engine mints `run-YYYYMMDD-HHMMSS-mmm`). @internal */
export const runId = (what: string) =>
  stringRule(what, {
    example: '"run-20260101-120000-000"',
    noLeadingDash: true,
    check: (v) => RUN_ID.test(v),
    expected: `a run id matching ${RUN_ID.source}`,
  });

const PLAN_ID = /^[0-9a-fA-F]{64}$/;

/**
 * The 64-character hex id `plan()` returned, lower-cased: rocky writes plan
 * files as lower-case hex (plan_store.rs), so an upper-case id would be "not found". @internal
 */
export const planId = (what: string) =>
  stringRule(what, {
    example: "plan.plan_id",
    check: (v) => PLAN_ID.test(v),
    expected: "the 64-character hex id that plan() returned",
    // plan.rs leaves plan_id out when it could not write the plan file (it logs a warning).
    missing: `${what} is missing: rocky did not persist the plan (plan() returns a plan_id only once rocky wrote .rocky/plans/<plan_id>.json; its warning on stderr says why), so there is no plan to name; fix what rocky warned about and call plan() again`,
  }).transform((id) => id.toLowerCase());

/** A whole number >= 1 (a sample size, a window). @internal */
export const positiveInt = (what: string) =>
  z
    .number({ error: `${what} must be a number, e.g. 100` })
    .int({ error: `${what} must be a whole number, e.g. 100` })
    .min(1, { error: `${what} must be >= 1` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${what} must be a safe integer` });

/** A whole number in [min, 2^32), for rocky's u32 flags (`--parallel`, `--lookback`). @internal */
export const u32 = (what: string, min: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(min, { error: `${what} must be >= ${min}` })
    .max(4_294_967_295, { error: `${what} must fit in 32 bits` });

/** A boolean switch. @internal */
export const flag = (what: string) => z.boolean({ error: `${what} must be a boolean` });

const BRANCH_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * A branch (or preview) name, stricter than rocky's `validate_branch_name`
 * (`commands/branch.rs`: `[A-Za-z0-9_.-]{1,64}`): no leading `-` or `.`, and
 * no `..`, because the name becomes a path segment (`.rocky/approvals/<name>/`)
 * and a SQL schema (`branch__<name>`). @internal
 */
export const branchName = (what: string) =>
  z
    .string({ error: `${what} must be a string, such as "fix-price"` })
    .superRefine((v, ctx) => {
      const fail = (why: string) =>
        ctx.addIssue({ code: "custom", message: `${what} ${why}, such as "fix-price"` });
      if (v.length === 0) return fail("must not be empty");
      if (hasControlChar(v)) return fail("must not contain control characters");
      if (v.startsWith("-")) return fail("must not start with '-' (rocky would read it as a flag)");
      if (v.length > 64) return fail(`must be at most 64 characters (got ${v.length})`);
      if (!BRANCH_NAME.test(v)) {
        return fail(
          "must start with a letter, digit or _ and use only letters, digits, _, . and - (rocky's branch names)",
        );
      }
      if (v.includes("..")) return fail("must not contain '..' (the name becomes a path segment)");
    })
    .meta({ pattern: BRANCH_NAME.source });

/** A git ref (`main`, `origin/main`, `v1.2`): no `..`, no leading `-`. @internal */
export const gitRef = (what: string) =>
  stringRule(what, {
    example: '"main"',
    noLeadingDash: true,
    check: (v) => /^[A-Za-z0-9_./-]+$/.test(v) && !v.includes(".."),
    expected: 'a git ref matching ^[A-Za-z0-9_./-]+$ without ".."',
  });

/** A product spec digest such as `sha256:<hex>`. @internal */
export const specDigest = (what: string) =>
  stringRule(what, {
    example: '"sha256:<hex>"',
    noLeadingDash: true,
    check: (v) => /^[A-Za-z0-9_.:+/=-]{1,256}$/.test(v),
    expected: "a spec digest matching ^[A-Za-z0-9_.:+/=-]{1,256}$",
  });

/** A recipe hash (lowercase hex, read from `recipe_identity.recipe_hash`). @internal */
export const recipeHash = (what: string) =>
  stringRule(what, {
    example: '"3f2a9c1e"',
    check: (v) => /^[0-9a-f]{8,128}$/.test(v),
    expected: "a recipe hash: 8-128 lowercase hex characters (recipe_identity.recipe_hash)",
  });

/** An ISO 8601 date or date-time. @internal */
export const isoDate = (what: string) =>
  stringRule(what, {
    example: '"2026-01-31" or "2026-01-31T12:00:00Z"',
    check: (v) => /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v),
    expected: "an ISO 8601 date",
  });

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A calendar month, `YYYY-MM` (rocky's `--month`). @internal */
export const month = (what: string) =>
  stringRule(what, {
    example: '"2026-04"',
    check: (v) => MONTH.test(v),
    expected: "a calendar month YYYY-MM (01-12)",
    pattern: MONTH.source,
  });

const PACKAGE_SPEC = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(@.+)?$/;

/**
 * A dbt Hub package, `<namespace>/<name>[@<version requirement>]` (rocky
 * `package add`, e.g. `fivetran/stripe@>=1.0.0,<2.0.0`). @internal
 */
export const packageSpec = (what: string) =>
  stringRule(what, {
    example: '"fivetran/stripe@>=1.0.0,<2.0.0"',
    noLeadingDash: true,
    check: (v) => PACKAGE_SPEC.test(v),
    expected: "<namespace>/<name> with an optional @<version requirement>",
  });

/**
 * A dbt var name, sent as `--vars=<name>=<value>`: rocky splits the pair on
 * its first `=`, so the name holds none. @internal
 */
export const varName = (what: string) =>
  stringRule(what, {
    example: '"stripe_schema"',
    check: (v) => !v.includes("="),
    expected: 'a name without "=" (rocky splits <name>=<value> on the first "=")',
  });

/** Exactly `parts` identifiers joined by dots (`catalog.schema.table`). @internal */
export const qualifiedName = (what: string, parts: number, example: string) =>
  stringRule(what, {
    example: JSON.stringify(example),
    check: (v) => {
      const split = v.split(".");
      return split.length === parts && split.every(isRockyIdentifier);
    },
    expected: `${parts} identifiers (${IDENTIFIER}) joined by "."`,
  });

/** `model` or `model.column`: identifiers joined by at most `maxDots` dots. @internal */
export const dottedIdentifier = (what: string, maxDots: number, example: string) =>
  stringRule(what, {
    example: JSON.stringify(example),
    check: (v) => {
      const split = v.split(".");
      return split.length <= maxDots + 1 && split.every(isRockyIdentifier);
    },
    expected: `${maxDots === 1 ? "an identifier or two" : `up to ${maxDots + 1} identifiers`} (${IDENTIFIER}) joined by "."`,
  });

const FILTER_REQUIRED =
  'filter is required: pass filter such as "tenant=acme" (run and compare take one, as rocky-sdk\'s run does; rocky without --filter would run every source)';

/**
 * One `key=value` filter, as rocky reads `--filter` (`commands/mod.rs`
 * `parse_filter`: split on the first `=`, one pair; the key an identifier
 * component name, the value matched whole). A value holding `=` or `,`
 * looks like several pairs or values; rocky would read it as one value and
 * silently match nothing, so it is refused. @internal
 */
export const filter = (what = "filter") =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? FILTER_REQUIRED
          : `${what} must be a string: one "key=value" pair, e.g. "tenant=acme"`,
    })
    .superRefine((v, ctx) => {
      const fail = (message: string) => ctx.addIssue({ code: "custom", message });
      if (hasControlChar(v)) return fail(`${what} must not contain control characters`);
      const eq = v.indexOf("=");
      if (eq < 0) return fail(`${what} must be one "key=value" pair, e.g. "tenant=acme"`);
      const key = v.slice(0, eq);
      const value = v.slice(eq + 1);
      if (!isRockyIdentifier(key)) {
        return fail(
          `${what} key ${JSON.stringify(key)} must match ${IDENTIFIER}, e.g. "tenant=acme"`,
        );
      }
      if (value.length === 0) return fail(`${what} value must not be empty, e.g. "tenant=acme"`);
      if (value.includes("=") || value.includes(",")) {
        return fail(
          `${what} takes one "key=value" pair with one value: rocky splits --filter on the first "=" only, so ${JSON.stringify(v)} would filter ${key} by the value ${JSON.stringify(value)} and match nothing; run once per pair or value (e.g. "tenant=acme")`,
        );
      }
    });

/** The registry of secret marks: option schema → the flag that carries its value. */
const secrets = z.registry<{ readonly flag: string }>();

/**
 * Marks an option as secret: its value is never quoted in an error, and
 * `flag` (the argv flag that carries it) is masked in logs. The mark is the
 * one declaration; a verb's `secretFlags` are read from its options. @internal
 */
export function secret<S extends z.ZodType>(schema: S, flag: `--${string}`): S {
  (schema as z.ZodType).register(secrets, { flag });
  return schema;
}

/** Unwraps optional, default, nullable and pipe layers down to the marked schema. */
function markOf(schema: z.ZodType): { readonly flag: string } | undefined {
  let s: z.ZodType | undefined = schema;
  for (let depth = 0; s !== undefined && depth < 8; depth++) {
    const mark = secrets.get(s);
    if (mark !== undefined) return mark;
    if (
      s instanceof z.ZodOptional ||
      s instanceof z.ZodDefault ||
      s instanceof z.ZodNullable ||
      s instanceof z.ZodPrefault
    ) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else {
      s = undefined;
    }
  }
  return undefined;
}

/** The top-level fields of an options object schema, by key (none for other schemas). */
function shapeOf(options: z.ZodType): Readonly<Record<string, z.ZodType>> {
  return options instanceof z.ZodObject ? (options.shape as Record<string, z.ZodType>) : {};
}

/** The flags whose values are secret, from the options' marks. @internal */
export function secretFlagsOf(options: z.ZodType): readonly string[] {
  const flags = Object.values(shapeOf(options)).flatMap((field) => {
    const mark = markOf(field);
    return mark === undefined ? [] : [mark.flag];
  });
  return Object.freeze([...new Set(flags)]);
}

/** The option keys whose values are secret (never quoted in an error). @internal */
export function secretKeysOf(options: z.ZodType): readonly string[] {
  return Object.entries(shapeOf(options))
    .filter(([, field]) => markOf(field) !== undefined)
    .map(([key]) => key);
}
