// A document valid for a JSON Schema (pydantic's `model_json_schema()` shape: `$defs`, `$ref`,
// `anyOf` with null): every property set, arrays of one element, the first enum value, the first
// non-null branch. The newer verbs' output tests feed it to our zod schemas and to rocky-sdk's
// pydantic models alike.

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** A document with every property of `schema` set (arrays of one), valid for it. */
export function sample(schema: JsonSchema, root: JsonSchema, depth = 0): unknown {
  if (depth > 12) return null;
  const ref = schema.$ref as string | undefined;
  if (ref !== undefined) {
    const name = ref.replace("#/$defs/", "");
    return sample((root.$defs as Record<string, JsonSchema>)[name] as JsonSchema, root, depth + 1);
  }
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const options = schema[key] as JsonSchema[] | undefined;
    if (options !== undefined) {
      const pick = options.find((o) => o.type !== "null") ?? (options[0] as JsonSchema);
      return sample(pick, root, depth + 1);
    }
  }
  switch (schema.type) {
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) out[k] = sample(v, root, depth + 1);
      const extra = schema.additionalProperties;
      if (typeof extra === "object" && extra !== null && Object.keys(props).length === 0) {
        out.key = sample(extra as JsonSchema, root, depth + 1);
      }
      return out;
    }
    case "array":
      return [sample((schema.items ?? {}) as JsonSchema, root, depth + 1)];
    case "string":
      return schema.format === "date-time"
        ? "2026-04-01T00:00:00Z"
        : schema.format === "date"
          ? "2026-04-01"
          : "x";
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum + 1 : 1;
    case "number":
      return 1.5;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "x";
  }
}
