// The value rules (src/value-rules.ts): one rule per kind of value, each boundary of each rule,
// and the one message each reason gets (naming the field and the fix).
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as rules from "../src/value-rules.js";
import { loadAllVerbs } from "../src/verbs/index.js";

/** The messages of a refusal, or null when the value is accepted. */
const verdict = (schema: z.ZodType, v: unknown): string[] | null => {
  const r = schema.safeParse(v);
  return r.success ? null : r.error.issues.map((i) => i.message);
};
const accepts = (schema: z.ZodType, v: unknown) => verdict(schema, v) === null;

describe("every string rule: the general reasons, one message each, in one order", () => {
  const cases: [string, z.ZodType, string][] = [
    ["identifier", rules.identifier("x"), '"orders"'],
    ["modelName", rules.modelName("x"), '"orders"'],
    ["pipelineName", rules.pipelineName("x"), '"raw_ingest"'],
    ["path", rules.path("x"), '"./out/file.json"'],
    ["freeText", rules.freeText("x"), '"reviewed by data-eng"'],
    ["runId", rules.runId("x"), '"run-20260101-120000-000"'],
    ["gitRef", rules.gitRef("x"), '"main"'],
    ["specDigest", rules.specDigest("x"), '"sha256:<hex>"'],
    ["nonEmpty", rules.nonEmpty("x"), '"value"'],
  ];
  it.each(cases)("%s: not a string, empty, a control character", (_name, schema, eg) => {
    expect(verdict(schema, 5)).toEqual([`x must be a string, e.g. ${eg}`]);
    expect(verdict(schema, "")).toEqual([`x must not be empty, e.g. ${eg}`]);
    expect(verdict(schema, "a\nb")).toEqual([
      `x must not contain control characters (newline, tab...), e.g. ${eg}`,
    ]);
    expect(verdict(schema, "a\u007fb")).toEqual([
      `x must not contain control characters (newline, tab...), e.g. ${eg}`,
    ]);
    expect(verdict(schema, "a\u0000b")).toEqual(["x must not contain a NUL character"]);
  });
  it("a leading - is refused where the value is flag-like (paths, run ids, git refs, digests) and is text elsewhere", () => {
    const flagLike = ["path", "runId", "gitRef", "specDigest"];
    for (const [name, schema, eg] of cases) {
      const v = verdict(schema, "-a");
      if (flagLike.includes(name)) {
        expect(v).toEqual([
          `x must not start with "-" (rocky would read it as a flag), e.g. ${eg}`,
        ]);
      } else if (name === "freeText" || name === "nonEmpty" || name === "pipelineName") {
        expect(v, name).toBeNull();
      } else {
        expect(v, name).not.toBeNull(); // identifiers: "-" is not an identifier character
      }
    }
  });
});

describe("identifier and model name: ^[A-Za-z0-9_]+$", () => {
  it.each([
    ["orders_2", true],
    ["A", true],
    ["_", true],
    ["orders-2", false],
    ["orders.2", false],
    ["ördrs", false],
    ["a b", false],
  ])("%j → %s", (v, ok) => {
    expect(accepts(rules.identifier("x"), v)).toBe(ok);
    expect(accepts(rules.modelName("x"), v)).toBe(ok);
  });
  it("each says what it expects, with an example", () => {
    expect(verdict(rules.identifier("product", '"revenue"'), "a-b")).toEqual([
      'product must be ^[A-Za-z0-9_]+$ (ASCII letters, digits, _), e.g. "revenue"',
    ]);
    expect(verdict(rules.modelName("model"), "a-b")).toEqual([
      'model must be a model name matching ^[A-Za-z0-9_]+$, e.g. "orders"',
    ]);
  });
});

describe("free text: one line, at most 4096 UTF-8 bytes, a leading - allowed", () => {
  it.each([
    ["lgtm", true],
    ["- fixed the typo", true],
    ["é".repeat(2048), true],
    [`${"é".repeat(2048)}a`, false],
    ["a".repeat(4096), true],
    ["a".repeat(4097), false],
  ])("%#", (v, ok) => expect(accepts(rules.freeText("message"), v)).toBe(ok));
  it("the size message", () => {
    expect(verdict(rules.freeText("message"), "a".repeat(4097))).toEqual([
      'message must be at most 4096 bytes (UTF-8), e.g. "reviewed by data-eng"',
    ]);
  });
});

describe("run id, plan id, recipe hash, ISO date, git ref, spec digest", () => {
  it.each([
    [rules.runId("t"), "run-20260101-120000-000", true],
    [rules.runId("t"), "latest", true],
    [rules.runId("t"), "a".repeat(128), true],
    [rules.runId("t"), "a".repeat(129), false],
    [rules.runId("t"), "run 1", false],
    [rules.planId("p"), "a".repeat(64), true],
    [rules.planId("p"), "A".repeat(64), true],
    [rules.planId("p"), "a".repeat(63), false],
    [rules.planId("p"), "a".repeat(65), false],
    [rules.planId("p"), `${"a".repeat(63)}g`, false],
    [rules.recipeHash("r"), "0123abcd", true],
    [rules.recipeHash("r"), "0123abc", false],
    [rules.recipeHash("r"), "a".repeat(128), true],
    [rules.recipeHash("r"), "a".repeat(129), false],
    [rules.recipeHash("r"), "0123ABCD", false],
    [rules.isoDate("s"), "2026-01-31", true],
    [rules.isoDate("s"), "2026-01-31T12:00:00Z", true],
    [rules.isoDate("s"), "2026-01-31T12:00:00+02:00", true],
    [rules.isoDate("s"), "2026-01-31T12:00:00-0230", true],
    [rules.isoDate("s"), "2026-01-31T", false],
    [rules.isoDate("s"), "2026-1-31", false],
    [rules.isoDate("s"), "2026-01-31x", false],
    [rules.gitRef("b"), "origin/main", true],
    [rules.gitRef("b"), "v1.2", true],
    [rules.gitRef("b"), "a..b", false],
    [rules.gitRef("b"), "a b", false],
    [rules.specDigest("d"), "sha256:ab+/=", true],
    [rules.specDigest("d"), "a".repeat(257), false],
    [rules.specDigest("d"), "sha256 ab", false],
  ])("%#: %j", (schema, v, ok) => expect(accepts(schema as z.ZodType, v)).toBe(ok));
  it("a plan id is lower-cased (rocky's plan files are lower-case hex)", () => {
    expect(rules.planId("planId").parse("AB".repeat(32))).toBe("ab".repeat(32));
  });
  it("each names the field and the expected form", () => {
    expect(verdict(rules.runId("runId"), "x y")).toEqual([
      'runId must be a run id matching ^[A-Za-z0-9_.:-]{1,128}$, e.g. "run-20260101-120000-000"',
    ]);
    expect(verdict(rules.planId("planId"), "x")).toEqual([
      "planId must be the 64-character hex id that plan() returned, e.g. plan.plan_id",
    ]);
    expect(verdict(rules.recipeHash("recipe"), "XYZ12345")).toEqual([
      'recipe must be a recipe hash: 8-128 lowercase hex characters (recipe_identity.recipe_hash), e.g. "3f2a9c1e"',
    ]);
    expect(verdict(rules.isoDate("since"), "yesterday")).toEqual([
      'since must be an ISO 8601 date, e.g. "2026-01-31" or "2026-01-31T12:00:00Z"',
    ]);
    expect(verdict(rules.gitRef("base"), "a..b")).toEqual([
      'base must be a git ref matching ^[A-Za-z0-9_./-]+$ without "..", e.g. "main"',
    ]);
  });
});

describe("dotted identifiers and qualified names", () => {
  const one = rules.dottedIdentifier("model", 1, "orders.id");
  const q = rules.qualifiedName("table", 3, "cat.sch.tbl");
  it.each([
    [one, "orders", true],
    [one, "orders.id", true],
    [one, "a.b.c", false],
    [one, "orders.", false],
    [one, "ok.ba-d", false],
    [q, "cat.sch.tbl", true],
    [q, "cat.sch", false],
    [q, "cat.sch.tbl.x", false],
  ])("%#: %s", (schema, v, ok) => expect(accepts(schema, v)).toBe(ok));
  it("the messages say how many identifiers", () => {
    expect(verdict(one, "a.b.c")).toEqual([
      'model must be an identifier or two (^[A-Za-z0-9_]+$) joined by ".", e.g. "orders.id"',
    ]);
    expect(verdict(q, "a.b")).toEqual([
      'table must be 3 identifiers (^[A-Za-z0-9_]+$) joined by ".", e.g. "cat.sch.tbl"',
    ]);
  });
});

describe("branch names: rocky's [A-Za-z0-9_.-]{1,64}, no leading - or ., no ..", () => {
  it.each([
    ["fix-price", true],
    ["a", true],
    ["v1.2", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    [".hidden", false],
    ["a..b", false],
    ["a/b", false],
  ])("%j → %s", (v, ok) => expect(accepts(rules.branchName("name"), v)).toBe(ok));
  it("one message per reason", () => {
    const b = rules.branchName("name");
    expect(verdict(b, "")).toEqual(['name must not be empty, such as "fix-price"']);
    expect(verdict(b, "-x")).toEqual([
      `name must not start with '-' (rocky would read it as a flag), such as "fix-price"`,
    ]);
    expect(verdict(b, "a..b")).toEqual([
      `name must not contain '..' (the name becomes a path segment), such as "fix-price"`,
    ]);
  });
});

describe("numbers: positive integers and u32 counts", () => {
  it.each([
    [rules.positiveInt("n"), 1, true],
    [rules.positiveInt("n"), 0, false],
    [rules.positiveInt("n"), 1.5, false],
    [rules.positiveInt("n"), Number.MAX_SAFE_INTEGER, true],
    [rules.positiveInt("n"), Number.MAX_SAFE_INTEGER + 2, false],
    [rules.u32("parallel", 1), 1, true],
    [rules.u32("parallel", 1), 0, false],
    [rules.u32("lookback", 0), 0, true],
    [rules.u32("lookback", 0), 4_294_967_295, true],
    [rules.u32("lookback", 0), 4_294_967_296, false],
  ])("%#: %j", (schema, v, ok) => expect(accepts(schema as z.ZodType, v)).toBe(ok));
  it("messages", () => {
    expect(verdict(rules.positiveInt("n"), "1")).toEqual(["n must be a number, e.g. 100"]);
    expect(verdict(rules.positiveInt("n"), 0)).toEqual(["n must be >= 1"]);
    expect(verdict(rules.u32("parallel", 1), 0)).toEqual(["parallel must be >= 1"]);
  });
});

describe("filter: one key=value pair, as rocky's parse_filter reads it", () => {
  const f = rules.filter();
  it.each([
    ["tenant=acme", true],
    ["id=abc_123", true],
    ["table=orders", true],
    ["tenant=acme-eu", true],
    ["tenant=", false],
    ["=acme", false],
    ["tenant", false],
    ["ten ant=acme", false],
    ["tenant=acme,region=eu", false],
    ["tenant=acme,globex", false],
    ["tenant=a=b", false],
  ])("%j → %s", (v, ok) => expect(accepts(f, v)).toBe(ok));
  it("several pairs are refused with what rocky would have done", () => {
    expect(verdict(f, "tenant=acme,region=eu")).toEqual([
      'filter takes one "key=value" pair with one value: rocky splits --filter on the first "=" only, so "tenant=acme,region=eu" would filter tenant by the value "acme,region=eu" and match nothing; run once per pair or value (e.g. "tenant=acme")',
    ]);
  });
  it("missing, or not a pair", () => {
    expect(verdict(f, undefined)?.[0]).toMatch(/^filter is required/);
    expect(verdict(f, "tenant")).toEqual([
      'filter must be one "key=value" pair, e.g. "tenant=acme"',
    ]);
    expect(verdict(f, "a-b=c")).toEqual([
      'filter key "a-b" must match ^[A-Za-z0-9_]+$, e.g. "tenant=acme"',
    ]);
  });
});

describe("secret marks: declared once, on the option", () => {
  it("a marked option is listed by secretFlagsOf and secretKeysOf, through .optional()", async () => {
    const verbs = await loadAllVerbs();
    expect([...rules.secretKeysOf(verbs.run.options)].sort()).toEqual([
      "governanceOverride",
      "idempotencyKey",
    ]);
    expect(rules.secretKeysOf(verbs.testAdapter.options)).toEqual(["adapterConfig"]);
    expect(rules.secretKeysOf(verbs.doctor.options)).toEqual([]);
  });
});
