// The value rules verbs apply to positionals and flag values (verbs/values.ts, verbs/names.ts):
// each boundary of each rule, and the message that names the field and the fix.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as names from "../src/verbs/names.js";
import * as values from "../src/verbs/values.js";

/** The messages of a refusal, or null when the value is accepted. */
const verdict = (schema: z.ZodType, v: unknown): string[] | null => {
  const r = schema.safeParse(v);
  return r.success ? null : r.error.issues.map((i) => i.message);
};

describe("values.safeArg: non-empty, one line, no leading -", () => {
  const s = values.safeArg("x");
  it.each([
    ["", ["x must not be empty"]],
    ["a\nb", ["x must not contain control characters (newline, tab, NUL...)"]],
    ["a\u007fb", ["x must not contain control characters (newline, tab, NUL...)"]],
    ["-a", ['x must not start with "-" (rocky would read it as a flag)']],
    [5, ["x must be a string"]],
  ])("%j → %j", (v, messages) => expect(verdict(s, v)).toEqual(messages));
  it("a-b and ./p are fine", () => {
    expect(verdict(s, "a-b")).toBeNull();
    expect(verdict(s, "./p")).toBeNull();
  });
});

describe("values.dottedIdentifier and qualifiedName: identifiers joined by dots", () => {
  const one = values.dottedIdentifier("model", 1, "orders.id");
  const two = values.dottedIdentifier("target", 2, "a.b.c");
  const q = values.qualifiedName("table", 3, "cat.sch.tbl");
  it.each([
    [one, "orders", true],
    [one, "orders.id", true],
    [one, "a.b.c", false],
    [one, "orders.", false],
    [one, "ord-ers", false],
    [one, "ok.ba-d", false],
    [two, "a.b.c", true],
    [two, "a.b.c.d", false],
    [q, "cat.sch.tbl", true],
    [q, "cat.sch", false],
    [q, "cat.sch.tbl.x", false],
    [q, "cat.s-h.tbl", false],
  ])("%#: %s", (schema, v, ok) => expect(verdict(schema, v) === null).toBe(ok));
  it("the messages say how many identifiers", () => {
    expect(verdict(one, "a.b.c")).toEqual([
      'model must be an identifier or two identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. "orders.id"',
    ]);
    expect(verdict(two, "a.b.c.d")).toEqual([
      'target must be up to 3 identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. "a.b.c"',
    ]);
    expect(verdict(q, "a.b")).toEqual([
      'table must be 3 identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. "cat.sch.tbl"',
    ]);
  });
});

describe("values: run ids, recipe hashes, dates, text, counts, plan ids", () => {
  it.each([
    [values.runId("target"), "run-20260101-120000-000", true],
    [values.runId("target"), "latest", true],
    [values.runId("target"), "a".repeat(128), true],
    [values.runId("target"), "a".repeat(129), false],
    [values.runId("target"), "run 1", false],
    [values.recipeHash("recipe"), "0123abcd", true],
    [values.recipeHash("recipe"), "0123abc", false],
    [values.recipeHash("recipe"), "a".repeat(128), true],
    [values.recipeHash("recipe"), "a".repeat(129), false],
    [values.recipeHash("recipe"), "0123ABCD", false],
    [values.recipeHash("recipe"), "x0123abcd", false],
    [values.recipeHash("recipe"), "0123abcdx", false],
    [values.isoDate("since"), "2026-01-31", true],
    [values.isoDate("since"), "2026-01-31T12:00:00Z", true],
    [values.isoDate("since"), "2026-01-31T12:00:00+02:00", true],
    [values.isoDate("since"), "2026-01-31T12:00:00-0230", true],
    [values.isoDate("since"), "2026-01-31T12:00:00.5", true],
    [values.isoDate("since"), "2026-01-31T", false],
    [values.isoDate("since"), "2026-01-31TZ", false],
    [values.isoDate("since"), "x2026-01-31", false],
    [values.isoDate("since"), "2026-01-31x", false],
    [values.isoDate("since"), "2026-01-31T12:00:00+2:00", false],
    [values.isoDate("since"), "2026-01-31T12:00:00*02:00", false],
    [values.isoDate("since"), "2026-1-31", false],
    [values.freeText("message"), "é".repeat(2048), true],
    [values.freeText("message"), `${"é".repeat(2048)}a`, false],
    [values.positiveInt("limit"), 1, true],
    [values.positiveInt("limit"), 0, false],
    [values.positiveInt("limit"), 1.5, false],
    [values.positiveInt("limit"), Number.MAX_SAFE_INTEGER, true],
    [values.positiveInt("limit"), Number.MAX_SAFE_INTEGER + 2, false],
    [values.planId("planId"), "a".repeat(64), true],
    [values.planId("planId"), "A".repeat(64), false],
    [values.planId("planId"), "a".repeat(63), false],
    [values.planId("planId"), "a".repeat(65), false],
  ])("%#: %j", (schema, v, ok) => expect(verdict(schema as z.ZodType, v) === null).toBe(ok));
  it("each names the field and the expected form", () => {
    expect(verdict(values.runId("target"), "run 1")).toEqual([
      'target must be "latest" or a run id such as "run-20260101-120000-000" (1-128 of A-Z a-z 0-9 _ . : -)',
    ]);
    expect(verdict(values.recipeHash("recipe"), "XYZ12345")).toEqual([
      "recipe must be a recipe hash: 8-128 lowercase hex characters (read it from recipe_identity.recipe_hash)",
    ]);
    expect(verdict(values.isoDate("since"), "yesterday")).toEqual([
      'since must be an ISO 8601 date such as "2026-01-31" or "2026-01-31T12:00:00Z"',
    ]);
    expect(verdict(values.freeText("message"), "a".repeat(4097))).toEqual([
      "message must be at most 4096 bytes",
    ]);
    expect(verdict(values.positiveInt("limit"), "1")).toEqual(["limit must be a number"]);
    expect(verdict(values.positiveInt("limit"), 1.5)).toEqual(["limit must be a whole number"]);
    expect(verdict(values.positiveInt("limit"), 0)).toEqual(["limit must be >= 1"]);
    expect(verdict(values.planId("planId"), "x")).toEqual([
      "planId must be the 64-character lowercase hex id that plan() returned",
    ]);
  });
});

describe("names: governance verbs' values", () => {
  it.each([
    [names.nameArg("product"), "orders_2", true],
    [names.nameArg("product"), "orders-2", false],
    [names.nameArg("product"), "", false],
    [names.runIdArg("runId"), "run-20260101-120000-000", true],
    [names.runIdArg("runId"), "a".repeat(129), false],
    [names.runIdArg("runId"), "x y", false],
    [names.specDigestArg("expectSpecDigest"), "sha256:ab+/=", true],
    [names.specDigestArg("expectSpecDigest"), "a".repeat(257), false],
    [names.specDigestArg("expectSpecDigest"), "sha256 ab", false],
    [names.gitRefArg("base"), "origin/main", true],
    [names.gitRefArg("base"), "v1.2", true],
    [names.gitRefArg("base"), "a..b", false],
    [names.gitRefArg("base"), "a b", false],
    [names.freeTextArg("message"), "lgtm", true],
    [names.freeTextArg("message"), "a\nb", false],
    [names.freeTextArg("message"), "a".repeat(4097), false],
    [names.pathArg("out"), "./out/x.json", true],
    [names.positiveIntArg("n"), 3, true],
    [names.positiveIntArg("n"), 0, false],
  ])("%#: %j", (schema, v, ok) => expect(verdict(schema as z.ZodType, v) === null).toBe(ok));
  it("each message names the field, the rule and an example", () => {
    expect(verdict(names.nameArg("product"), "a-b")).toEqual([
      'product must match ^[A-Za-z0-9_]+$ (ASCII letters, digits, _), e.g. "orders"',
    ]);
    expect(verdict(names.nameArg("product"), 1)).toEqual([
      'product must be a string, e.g. "orders"',
    ]);
    expect(verdict(names.runIdArg("runId"), "x y")).toEqual([
      'runId must match ^[A-Za-z0-9_.:-]{1,128}$, e.g. "run-20260101-120000-000"',
    ]);
    expect(verdict(names.runIdArg("runId"), "")).toEqual([
      'runId must not be empty, e.g. "run-20260101-120000-000"',
    ]);
    expect(verdict(names.runIdArg("runId"), "-x")).toEqual([
      'runId must not start with "-" (it could be read as a flag), e.g. "run-20260101-120000-000"',
    ]);
    expect(verdict(names.runIdArg("runId"), "a\tb")).toEqual([
      "runId must not contain control characters",
    ]);
    expect(verdict(names.specDigestArg("d"), "a b")).toEqual([
      'd must match ^[A-Za-z0-9_.:+/=-]{1,256}$, e.g. "sha256:<hex>"',
    ]);
    expect(verdict(names.gitRefArg("base"), "a..b")).toEqual([
      'base must be a git ref matching ^[A-Za-z0-9_./-]+$ without "..", e.g. "main"',
    ]);
    expect(verdict(names.freeTextArg("message"), "")).toEqual(["message must not be empty"]);
    expect(verdict(names.freeTextArg("message"), "a\nb")).toEqual([
      "message must be one line without control characters",
    ]);
    expect(verdict(names.freeTextArg("message"), "a".repeat(4097))).toEqual([
      "message must be at most 4 KiB",
    ]);
    expect(verdict(names.pathArg("out"), 1)).toEqual([
      'out must be a string, e.g. "./out/file.json"',
    ]);
  });
});
