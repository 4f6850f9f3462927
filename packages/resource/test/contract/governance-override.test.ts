// The governance override's pieces against the engine's own JSON Schema of a project
// (rocky_project.schema.json: WorkspaceBindingConfig, GrantConfig, BindingType, the structs
// GovernanceOverride is made of in rocky-core config.rs): the same properties, the same
// required ones, no unknown field, the same binding types.
import { expect, it } from "vitest";
import type { z } from "zod";
import {
  CatalogGrantSchema,
  SchemaGrantSchema,
  WorkspaceBindingSchema,
} from "../../src/verbs/governance-override.js";
import { describeContract, type JsonSchema, readEngineSchema } from "./contract-dir.js";

function definition(name: string): JsonSchema {
  const def = readEngineSchema("rocky_project").definitions?.[name];
  if (def === undefined) throw new Error(`rocky_project.schema.json has no definition ${name}`);
  return def;
}

/** The keys a strict zod object requires and allows. */
function keysOf(schema: z.ZodObject) {
  const shape = schema.shape as Record<string, z.ZodType>;
  const all = Object.keys(shape).sort();
  const required = all.filter((k) => !(shape[k] as z.ZodType).safeParse(undefined).success);
  return { all, required };
}

describeContract("the governance override follows rocky-core's structs", () => {
  it("WorkspaceBindingConfig: { id (integer >= 0), binding_type? }, no other field", () => {
    const def = definition("WorkspaceBindingConfig");
    const { all, required } = keysOf(WorkspaceBindingSchema);
    expect(all).toEqual(Object.keys(def.properties ?? {}).sort());
    expect(required).toEqual([...(def.required ?? [])].sort());
    expect(def.additionalProperties).toBe(false);
    expect(WorkspaceBindingSchema.safeParse({ id: 1, extra: 1 }).success).toBe(false);
    expect(def.properties?.id?.type).toBe("integer");
    expect(WorkspaceBindingSchema.safeParse({ id: -1 }).success).toBe(false);
  });

  it("BindingType: exactly the engine's values", () => {
    const values = (definition("BindingType").enum ?? []) as string[];
    for (const v of values)
      expect(WorkspaceBindingSchema.safeParse({ id: 1, binding_type: v }).success).toBe(true);
    expect(WorkspaceBindingSchema.safeParse({ id: 1, binding_type: "READ" }).success).toBe(false);
    expect(values.sort()).toEqual(["READ_ONLY", "READ_WRITE"]);
  });

  it("GrantConfig: { principal, permissions }, both required, no other field", () => {
    const def = definition("GrantConfig");
    for (const schema of [CatalogGrantSchema, SchemaGrantSchema]) {
      const { all, required } = keysOf(schema);
      expect(all).toEqual(Object.keys(def.properties ?? {}).sort());
      expect(required).toEqual([...(def.required ?? [])].sort());
    }
    expect(def.additionalProperties).toBe(false);
  });
});
