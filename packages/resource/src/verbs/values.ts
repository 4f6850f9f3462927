/**
 * Value rules for the report and inspection verbs' positionals and flag
 * values. Each refuses, before anything is spawned, what clap could read as a
 * flag (a leading `-`) and what the engine would misuse (control characters,
 * a path segment that is not an identifier); the argv form (`--flag=value`,
 * positionals after `--`) then keeps clap from re-reading them.
 */
import { isRockyIdentifier } from "@dagster-rocky/core";
import { z } from "zod";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A string with no control characters and no leading `-`, non-empty. @internal */
export const safeArg = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .refine((v) => v.length > 0, { error: `${what} must not be empty` })
    .refine((v) => !CONTROL.test(v), {
      error: `${what} must not contain control characters (newline, tab, NUL...)`,
    })
    .refine((v) => !v.startsWith("-"), {
      error: `${what} must not start with "-" (rocky would read it as a flag)`,
    });

/** `model` or `model.column`: identifiers joined by at most `maxDots` dots. @internal */
export const dottedIdentifier = (what: string, maxDots: number, example: string) =>
  safeArg(what).refine(
    (v) => {
      const parts = v.split(".");
      return parts.length <= maxDots + 1 && parts.every(isRockyIdentifier);
    },
    {
      error: `${what} must be ${maxDots === 1 ? "an identifier or two" : `up to ${maxDots + 1}`} identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. ${JSON.stringify(example)}`,
    },
  );

/** Exactly `parts` identifiers joined by dots (`catalog.schema.table`). @internal */
export const qualifiedName = (what: string, parts: number, example: string) =>
  safeArg(what).refine(
    (v) => {
      const split = v.split(".");
      return split.length === parts && split.every(isRockyIdentifier);
    },
    {
      error: `${what} must be ${parts} identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. ${JSON.stringify(example)}`,
    },
  );

/** A rocky run id (the engine mints `run-YYYYMMDD-HHMMSS-mmm`). @internal */
export const runId = (what: string) =>
  safeArg(what).refine((v) => /^[A-Za-z0-9_.:-]{1,128}$/.test(v), {
    error: `${what} must be "latest" or a run id such as "run-20260101-120000-000" (1-128 of A-Z a-z 0-9 _ . : -)`,
  });

/** A recipe hash (lowercase hex). @internal */
export const recipeHash = (what: string) =>
  safeArg(what).refine((v) => /^[0-9a-f]{8,128}$/.test(v), {
    error: `${what} must be a recipe hash: 8-128 lowercase hex characters (read it from recipe_identity.recipe_hash)`,
  });

/** An ISO 8601 date or date-time. @internal */
export const isoDate = (what: string) =>
  safeArg(what).refine((v) => /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v), {
    error: `${what} must be an ISO 8601 date such as "2026-01-31" or "2026-01-31T12:00:00Z"`,
  });

/** A path: non-empty, no control characters, no leading `-`. @internal */
export const pathArg = (what: string) => safeArg(what);

const MAX_TEXT = 4096;

/** One line of free text, at most 4 KiB. @internal */
export const freeText = (what: string) =>
  safeArg(what).refine((v) => Buffer.byteLength(v, "utf8") <= MAX_TEXT, {
    error: `${what} must be at most ${MAX_TEXT} bytes`,
  });

/** A whole number >= 1. @internal */
export const positiveInt = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be >= 1` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${what} must be a safe integer` });

/** The 64-character hex id `plan()` returned. @internal */
export const planId = (what: string) =>
  z.string({ error: `${what} must be a string` }).regex(/^[0-9a-f]{64}$/, {
    error: `${what} must be the 64-character lowercase hex id that plan() returned`,
  });
