/**
 * Validators for the values the governance verbs pass to rocky (branch,
 * product and model names, run ids, spec digests, git refs, free text,
 * paths). Every value travels as `--flag=value` or after `--`, so clap never
 * reads it as a flag; these rules also protect rocky's own use of the value
 * (`products/<name>.toml`, `.rocky/approvals/<branch>/`, `branch__<name>`).
 * Each check names the field and the fix, and runs before anything is spawned.
 */
import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** String, non-empty, no control characters, no leading `-`. */
function argValue(what: string, example: string) {
  return z.string({ error: `${what} must be a string, e.g. ${example}` }).superRefine((v, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (v.length === 0) return fail(`${what} must not be empty, e.g. ${example}`);
    if (CONTROL.test(v)) return fail(`${what} must not contain control characters`);
    if (v.startsWith("-")) {
      return fail(`${what} must not start with "-" (it could be read as a flag), e.g. ${example}`);
    }
  });
}

/** argValue already refused it, with its own message: one message per problem. */
const reportedByArgValue = (v: string) => v === "" || v.startsWith("-") || CONTROL.test(v);

/** A rocky identifier (`^[A-Za-z0-9_]+$`): model, product, pipeline and env names. @internal */
export const nameArg = (what: string) =>
  z.string({ error: `${what} must be a string, e.g. "orders"` }).refine(isRockyIdentifier, {
    error: `${what} must match ^[A-Za-z0-9_]+$ (ASCII letters, digits, _), e.g. "orders"`,
  });

// Branch and preview names have one rule, with one message per reason: ./branch-name.ts.
export { branchName } from "./branch-name.js";

/** A run id as rocky mints it (`run-YYYYMMDD-HHMMSS-mmm`). @internal */
export const runIdArg = (what: string) =>
  argValue(what, '"run-20260101-120000-000"').refine(
    (v) => reportedByArgValue(v) || /^[A-Za-z0-9_.:-]{1,128}$/.test(v),
    { error: `${what} must match ^[A-Za-z0-9_.:-]{1,128}$, e.g. "run-20260101-120000-000"` },
  );

/** A product spec digest such as `sha256:<hex>`. @internal */
export const specDigestArg = (what: string) =>
  argValue(what, '"sha256:<hex>"').refine(
    (v) => reportedByArgValue(v) || /^[A-Za-z0-9_.:+/=-]{1,256}$/.test(v),
    { error: `${what} must match ^[A-Za-z0-9_.:+/=-]{1,256}$, e.g. "sha256:<hex>"` },
  );

/** A git ref (`main`, `origin/main`, `v1.2`): no `..`, no leading `-`. @internal */
export const gitRefArg = (what: string) =>
  argValue(what, '"main"').refine(
    (v) => reportedByArgValue(v) || (/^[A-Za-z0-9_./-]+$/.test(v) && !v.includes("..")),
    { error: `${what} must be a git ref matching ^[A-Za-z0-9_./-]+$ without "..", e.g. "main"` },
  );

/** One line of free text, at most 4 KiB. @internal */
export const freeTextArg = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((v) => v.length > 0, { error: `${what} must not be empty` })
    .refine((v) => !CONTROL.test(v), {
      error: `${what} must be one line without control characters`,
    })
    .refine((v) => Buffer.byteLength(v, "utf8") <= 4096, {
      error: `${what} must be at most 4 KiB`,
    });

/** A file path argument: non-empty, no control characters, no leading `-`. @internal */
export const pathArg = (what: string) => argValue(what, '"./out/file.json"');

/** A whole number >= 1. @internal */
export const positiveIntArg = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be >= 1` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${what} is too large` });
