// Lists the keys of a parsed result that its zod schema does not name. Output schemas are
// loose (rocky may add fields), so unknown keys survive parsing; this reports them so the
// schemas can follow the engine.
import { z } from "zod";

export function unknownKeys(schema: z.ZodType, value: unknown, path = "$"): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject && isPlainObject(value)) {
    const shape = s.shape as Record<string, z.ZodType>;
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const child = shape[k];
      if (child === undefined) out.push(`${path}.${k}`);
      else out.push(...unknownKeys(child, v, `${path}.${k}`));
    }
    return out;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) {
    // One report per distinct key path, not per element.
    return [...new Set(value.flatMap((v) => unknownKeys(s.element as z.ZodType, v, `${path}[]`)))];
  }
  if (s instanceof z.ZodRecord && isPlainObject(value)) {
    return [
      ...new Set(
        Object.values(value).flatMap((v) => unknownKeys(s.valueType as z.ZodType, v, `${path}.*`)),
      ),
    ];
  }
  if (s instanceof z.ZodUnion) {
    const options = s.options as z.ZodType[];
    const match = options.find((o) => o.safeParse(value).success);
    return match === undefined ? [] : unknownKeys(match, value, path);
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else if (s instanceof z.ZodLazy) {
      s = s.unwrap() as z.ZodType;
    } else return s;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
