// (c) The verb outputs beyond the original nine, on documents built from the engine's JSON Schemas
// themselves (and from rocky-sdk 0.29.0's models for the verbs newer engines added): the smallest document a schema allows (required properties only, nullable ones
// null) and the fullest (every property, every array with one element). Most of these commands
// have no real output in the shared contract, so this is what proves that every required-only
// and every fully-populated output parses, and that the shape-dispatching schemas (`rocky apply`,
// `rocky lineage`, `rocky history`) pick the right shape.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ApplyKindResultSchema,
  HistoryResultSchema,
  LineageResultSchema,
  NEWER_VERB_OUTPUT_SCHEMAS,
  type NewerVerbOutputName,
  VERB_OUTPUT_SCHEMAS,
  type VerbOutputName,
} from "../../src/schemas/index.js";
import {
  describeContract,
  type JsonSchema,
  readEngineSchema,
  readSdkSchema,
  resolveRef,
} from "./contract-dir.js";

type Mode = "minimal" | "full";

/** A document valid against `root`, built by walking it ($ref, allOf, anyOf, oneOf, enum). */
function instance(root: JsonSchema, mode: Mode): unknown {
  const build = (node: JsonSchema, depth: number): unknown => {
    if (node.$ref) {
      const target = resolveRef(root, node.$ref);
      if (!target) throw new Error(`unresolved ${node.$ref}`);
      return build(target, depth);
    }
    if (node.allOf?.[0]) return build(node.allOf[0], depth);
    if (node.properties && node.anyOf) {
      // Untagged variants flattened into an object (CheckResult): the object plus one variant.
      const { anyOf, ...base } = node;
      const variant = anyOf.find((v) => v.properties) ?? {};
      return { ...(build(base, depth) as object), ...(build(variant, depth) as object) };
    }
    if (node.anyOf) {
      const value = node.anyOf.find((v) => v.type !== "null");
      return mode === "minimal" || !value ? null : build(value, depth);
    }
    if (node.enum) return node.enum[0];
    if (node.oneOf?.[0]) return build(node.oneOf[0], depth);
    const types = node.type === undefined ? [] : [node.type].flat();
    if (types.includes("null") && mode === "minimal") return null;
    if (node.properties) {
      const required = new Set(node.required ?? []);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(node.properties)) {
        if (mode === "full" || required.has(key)) out[key] = build(prop, depth + 1);
      }
      return out;
    }
    switch (types.find((t) => t !== "null")) {
      case "string":
        return node.format === "date-time" ? "2026-01-01T00:00:00Z" : "x";
      case "integer":
        return 1;
      case "number":
        return 1.5;
      case "boolean":
        return true;
      case "array": {
        if (Array.isArray(node.items)) return node.items.map((i) => build(i, depth + 1));
        if (mode === "minimal" || !node.items || depth > 8) return [];
        return [build(node.items, depth + 1)];
      }
      case "object": {
        const value = node.additionalProperties;
        if (mode === "minimal" || typeof value !== "object") return {};
        return { k: build(value, depth + 1) };
      }
      default:
        return mode === "minimal" ? null : { any: "value" };
    }
  };
  return build(root, 0);
}

function parses(schema: z.ZodType, doc: unknown): unknown {
  const result = schema.safeParse(doc);
  if (!result.success) expect.fail(result.error.message);
  return result.data;
}

describeContract("every verb output the engine's JSON Schema allows parses", () => {
  for (const name of Object.keys(VERB_OUTPUT_SCHEMAS) as VerbOutputName[]) {
    for (const mode of ["minimal", "full"] as const) {
      it(`${name}: the ${mode} document parses and keeps its values`, () => {
        const doc = instance(readEngineSchema(name), mode) as Record<string, unknown>;
        expect(parses(VERB_OUTPUT_SCHEMAS[name], doc)).toMatchObject(doc);
      });
    }
  }

  it("a required property missing from a verb output is refused", () => {
    const doc = instance(readEngineSchema("branch_promote"), "minimal") as Record<string, unknown>;
    delete doc.targets;
    expect(VERB_OUTPUT_SCHEMAS.branch_promote.safeParse(doc).success).toBe(false);
  });
});

describe("every newer verb output rocky-sdk 0.29.0's model allows parses", () => {
  for (const name of Object.keys(NEWER_VERB_OUTPUT_SCHEMAS) as NewerVerbOutputName[]) {
    for (const mode of ["minimal", "full"] as const) {
      it(`${name}: the ${mode} document parses and keeps its values`, () => {
        const doc = instance(readSdkSchema(name), mode) as Record<string, unknown>;
        expect(parses(NEWER_VERB_OUTPUT_SCHEMAS[name], doc)).toMatchObject(doc);
      });
    }
  }

  it("a field the model defaults to null is null once parsed, as rocky-sdk gives it", () => {
    const doc = instance(readSdkSchema("freshness"), "full") as { sources: object[] };
    const source = { ...doc.sources[0] } as Record<string, unknown>;
    delete source.message;
    const parsed = NEWER_VERB_OUTPUT_SCHEMAS.freshness.parse({ ...doc, sources: [source] });
    expect(parsed.sources[0]?.message).toBeNull();
  });
});

describeContract("rocky apply: each plan kind's output is told apart", () => {
  const cases: [string, string, string][] = [
    ["run", "run", "run"],
    ["compact_apply", "compact apply", "compact"],
    ["archive_apply", "archive apply", "archive"],
    ["branch_promote", "branch promote", "branch_promote"],
    ["restore_apply", "apply", "restore"],
    ["gc_apply", "apply", "gc"],
  ];
  for (const [schema, command, kind] of cases) {
    for (const mode of ["minimal", "full"] as const) {
      it(`command ${JSON.stringify(command)} (${schema}, ${mode}) parses as kind ${kind}`, () => {
        const doc = { ...(instance(readEngineSchema(schema), mode) as object), command };
        const parsed = parses(ApplyKindResultSchema, doc) as { kind: string };
        expect(parsed.kind).toBe(kind);
        expect(parsed).toMatchObject(doc);
      });
    }
  }

  it("the declared envelope, which the engine never prints, is refused naming the command", () => {
    const doc = instance(readEngineSchema("apply"), "full");
    const result = ApplyKindResultSchema.safeParse(doc);
    expect(result.success).toBe(false);
    expect(result.error?.message).toContain("unrecognised `rocky apply` output");
  });

  it("an unknown command is refused, naming it", () => {
    const result = ApplyKindResultSchema.safeParse({ command: "shred apply", plan_id: "p" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('(command "shred apply")');
  });

  it("a known kind with a bad shape reports the field of that shape", () => {
    const doc = {
      ...(instance(readEngineSchema("gc_apply"), "minimal") as object),
      command: "apply",
    };
    const result = ApplyKindResultSchema.safeParse({ ...doc, evicted_count: "many" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["evicted_count"]);
  });
});

describeContract("rocky lineage and rocky history: the shape is tagged by kind", () => {
  it("column lineage parses as kind column, model lineage as kind model", () => {
    const column = instance(readEngineSchema("column_lineage"), "full");
    const model = instance(readEngineSchema("lineage"), "full");
    expect((parses(LineageResultSchema, column) as { kind: string }).kind).toBe("column");
    expect((parses(LineageResultSchema, model) as { kind: string }).kind).toBe("model");
  });

  it("run list, model and recipe history parse as kinds runs, model, recipe", () => {
    const kinds = ["history", "model_history", "recipe_history"].map((name) => {
      const doc = instance(readEngineSchema(name), "full");
      return (parses(HistoryResultSchema, doc) as { kind: string }).kind;
    });
    expect(kinds).toEqual(["runs", "model", "recipe"]);
  });

  it("a value that is not an object is refused", () => {
    expect(LineageResultSchema.safeParse([]).success).toBe(false);
    expect(HistoryResultSchema.safeParse("history").success).toBe(false);
  });
});
