// (b) Our zod schemas against the engine's JSON Schemas: for every wrapped command, at the top
// level and in every definition the command's schema uses, the zod object knows every property
// the JSON Schema lists and requires exactly the properties it requires. The walk follows the
// JSON Schema ($ref, allOf, anyOf, oneOf, items, additionalProperties) and our zod schema side by
// side, so each definition is checked where it is used, against the zod schema that parses it.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ApplyEnvelopeSchema,
  NEWER_VERB_OUTPUT_SCHEMAS,
  type NewerVerbOutputName,
  OUTPUT_SCHEMAS,
  VERB_OUTPUT_SCHEMAS,
  type VerbOutputName,
} from "../../src/schemas/index.js";
import {
  CONTRACT_DIR,
  describeContract,
  type JsonSchema,
  listJsonFiles,
  readEngineSchema,
  readSdkSchema,
  resolveRef,
  SDK_CONTRACT_DIR,
} from "./contract-dir.js";

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
type Schema = z.core.$ZodType;

const defOf = (s: Schema): Def => s._zod.def as Def;
/** Whether an object key may be absent in the input (`.optional()`, `.nullish()`, `.default()`). */
const keyOptional = (s: Schema): boolean =>
  s._zod.optin === "optional" || (s._zod.optin as string | undefined) === "defaulted";
const accepts = (s: Schema, value: unknown): boolean =>
  (s as unknown as z.ZodType).safeParse(value).success;

/** Strips optional/default/nullable wrappers, reporting which were present. */
function peel(s: Schema): { inner: Schema; nullable: boolean; defaulted: boolean } {
  let inner = s;
  let nullable = false;
  let defaulted = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type === "optional" || def.type === "nullable" || def.type === "default") {
      if (def.type === "nullable") nullable = true;
      if (def.type === "default") defaulted = true;
      inner = def.innerType as Schema;
    } else {
      return { inner, nullable, defaulted };
    }
  }
}

/** The object options of a zod union, flattening nested unions (discriminated or not). */
function unionObjects(s: Schema): Schema[] {
  const def = defOf(s);
  if (def.type === "union") return (def.options as Schema[]).flatMap(unionObjects);
  return def.type === "object" ? [s] : [];
}

const isNullSchema = (j: JsonSchema) => j.type === "null";
const typesOf = (j: JsonSchema): string[] =>
  j.type === undefined ? [] : Array.isArray(j.type) ? j.type : [j.type];

function enumValues(j: JsonSchema): unknown[] | undefined {
  if (j.enum) return j.enum;
  if (j.oneOf?.every((o) => o.enum !== undefined)) return j.oneOf.flatMap((o) => o.enum ?? []);
  return undefined;
}

class Walker {
  readonly problems: string[] = [];
  readonly visited = new Set<string>();
  private readonly compared = new Set<string>();

  constructor(private readonly root: JsonSchema) {}

  private fail(path: string, message: string) {
    this.problems.push(`${path}: ${message}`);
  }

  private deref(j: JsonSchema): JsonSchema {
    let node = j;
    for (;;) {
      if (node.$ref) {
        const name = node.$ref.replace(/^#\/(definitions|\$defs)\//, "");
        this.visited.add(name);
        const target = resolveRef(this.root, node.$ref);
        if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
        node = target;
      } else if (node.allOf?.length === 1 && node.allOf[0]) {
        node = node.allOf[0];
      } else {
        return node;
      }
    }
  }

  /** Compares a JSON Schema node with the zod schema that parses the same value. */
  walk(json: JsonSchema, zod: Schema, path: string): void {
    const { inner, nullable } = peel(zod);
    let j = this.deref(json);

    // `anyOf: [X, null]` and `type: [x, "null"]` are nullable X.
    const nullVariant = j.anyOf?.find(isNullSchema);
    if (nullVariant && j.anyOf?.length === 2) {
      if (!nullable) this.fail(path, "nullable in the JSON Schema, not in zod");
      j = this.deref(j.anyOf.find((x) => !isNullSchema(x)) as JsonSchema);
    } else if (typesOf(j).includes("null") && !nullable) {
      this.fail(path, "nullable in the JSON Schema, not in zod");
    }

    const values = enumValues(j);
    if (values) {
      this.enum(values, inner, path);
      return;
    }
    if (j.oneOf) {
      this.taggedUnion(j, inner, path);
      return;
    }
    if (j.properties) {
      this.object(j, inner, path);
      return;
    }

    const type = typesOf(j).find((t) => t !== "null");
    const kind = defOf(inner).type;
    switch (type) {
      case undefined:
        // Any JSON value.
        if (!(accepts(inner, {}) && accepts(inner, 1) && accepts(inner, null)))
          this.fail(path, `untyped in the JSON Schema, zod ${kind} is narrower`);
        return;
      case "array": {
        if (Array.isArray(j.items)) {
          if (kind !== "tuple") {
            this.fail(path, `tuple expected, zod has ${kind}`);
            return;
          }
          const items = defOf(inner).items as Schema[];
          if (items.length !== j.items.length) this.fail(path, "tuple length differs");
          j.items.forEach((item, i) => {
            const z = items[i];
            if (z) this.walk(item, z, `${path}[${i}]`);
          });
          return;
        }
        if (kind !== "array") {
          this.fail(path, `array expected, zod has ${kind}`);
          return;
        }
        if (j.items) this.walk(j.items, defOf(inner).element as Schema, `${path}[]`);
        return;
      }
      case "object": {
        if (kind !== "record") {
          this.fail(path, `map expected, zod has ${kind}`);
          return;
        }
        const value = defOf(inner).valueType as Schema;
        if (typeof j.additionalProperties === "object") {
          this.walk(j.additionalProperties, value, `${path}{}`);
        } else if (!(accepts(value, {}) && accepts(value, "x"))) {
          this.fail(path, "map of any JSON expected");
        }
        return;
      }
      case "string": {
        const sample = kind === "literal" ? (defOf(inner).values as unknown[])[0] : "any string";
        if (!accepts(inner, sample)) this.fail(path, `string expected, zod has ${kind}`);
        return;
      }
      case "integer":
        if (!accepts(inner, 3) || accepts(inner, "3")) this.fail(path, "integer expected");
        if (accepts(inner, 1.5)) this.fail(path, "integer in the JSON Schema, zod takes 1.5");
        return;
      case "number":
        if (!accepts(inner, 1.5) || accepts(inner, "1.5")) this.fail(path, "number expected");
        return;
      case "boolean":
        if (!accepts(inner, true) || accepts(inner, "true")) this.fail(path, "boolean expected");
        return;
      default:
        this.fail(path, `unhandled JSON Schema type ${type}`);
    }
  }

  /** Enums are open: every known value is listed, and an unknown string still parses. */
  private enum(values: unknown[], zod: Schema, path: string) {
    const def = defOf(zod);
    const options = def.type === "union" ? (def.options as Schema[]) : [];
    const zodEnum = def.type === "enum" ? zod : options.find((o) => defOf(o).type === "enum");
    const known = zodEnum ? Object.values(defOf(zodEnum).entries as Record<string, string>) : [];
    if (known.slice().sort().join() !== values.map(String).sort().join())
      this.fail(
        path,
        `enum values differ: JSON ${JSON.stringify(values)}, zod ${JSON.stringify(known)}`,
      );
    if (!accepts(zod, "a-value-from-a-newer-engine")) this.fail(path, "enum is not open");
  }

  /**
   * An object: same property names, same required set. When the JSON object also has untagged
   * `anyOf` object variants flattened into it (CheckResult), their properties are optional
   * members of the zod object.
   */
  private object(j: JsonSchema, zod: Schema, path: string, tag?: string) {
    if (defOf(zod).type !== "object") return this.fail(path, "object expected");
    const key = `${path}|${JSON.stringify(j).length}`;
    if (this.compared.has(key)) return;
    this.compared.add(key);

    const shape = defOf(zod).shape as Record<string, Schema>;
    if (
      defOf(zod).catchall === undefined ||
      defOf(defOf(zod).catchall as Schema).type !== "unknown"
    )
      this.fail(path, "object is not loose (z.looseObject)");
    const props = j.properties ?? {};
    const required = new Set(j.required ?? []);
    const flattened = (j.anyOf ?? []).filter((v) => v.properties);
    // Variant property -> its schema in each variant that has it (`threshold` is a ratio in one
    // variant and a count in another: the zod member must fit at least one).
    const variantProps = new Map<string, JsonSchema[]>();
    for (const v of flattened)
      for (const [k, p] of Object.entries(v.properties ?? {}))
        variantProps.set(k, [...(variantProps.get(k) ?? []), p]);

    for (const [name, prop] of Object.entries(props)) {
      const z = shape[name];
      if (!z) {
        this.fail(path, `property "${name}" is missing from the zod schema`);
        continue;
      }
      const zodRequired = !keyOptional(z);
      if (zodRequired !== required.has(name))
        this.fail(
          `${path}.${name}`,
          required.has(name)
            ? "required in the JSON Schema, optional in zod"
            : "optional in the JSON Schema, required in zod",
        );
      if ("default" in prop && prop.default !== undefined && !peel(z).defaulted)
        this.fail(`${path}.${name}`, `engine default ${JSON.stringify(prop.default)} not applied`);
      if (name === tag) continue;
      this.walk(prop, z, `${path}.${name}`);
    }
    for (const [name, prop] of variantProps) {
      const z = shape[name];
      if (!z) {
        this.fail(path, `variant property "${name}" is missing from the zod schema`);
        continue;
      }
      if (!keyOptional(z)) this.fail(`${path}.${name}`, "variant property must be optional");
      const attempts = prop.map((p) => {
        const sub = new Walker(this.root);
        sub.walk(p, z, `${path}.${name}`);
        for (const d of sub.visited) this.visited.add(d);
        return sub.problems;
      });
      if (!attempts.some((a) => a.length === 0)) this.problems.push(...(attempts[0] ?? []));
    }
    for (const name of Object.keys(shape)) {
      if (!(name in props) && !variantProps.has(name))
        this.fail(`${path}.${name}`, "property unknown to the JSON Schema");
    }
  }

  /** `oneOf` object variants tagged by a single-valued enum property (`kind`, `type`). */
  private taggedUnion(j: JsonSchema, zod: Schema, path: string) {
    const options = unionObjects(zod);
    if (options.length === 0) return this.fail(path, "tagged union expected");
    let tagName: string | undefined;
    for (const variant of j.oneOf ?? []) {
      const tag = Object.entries(variant.properties ?? {}).find(([, p]) => p.enum?.length === 1);
      if (!tag) {
        this.fail(path, "oneOf variant without a tag");
        continue;
      }
      const [name, prop] = tag;
      tagName = name;
      const value = prop.enum?.[0];
      const option = options.find((o) => {
        const t = (defOf(o).shape as Record<string, Schema>)[name];
        return t && defOf(t).type === "literal" && (defOf(t).values as unknown[]).includes(value);
      });
      if (!option) {
        this.fail(path, `no zod variant for ${name}=${JSON.stringify(value)}`);
        continue;
      }
      this.object(variant, option, `${path}<${name}=${String(value)}>`, name);
    }
    if (tagName && !accepts(zod, { [tagName]: "a_variant_from_a_newer_engine" }))
      this.fail(path, "tagged union is not open to new tags");
  }
}

const COMMANDS = Object.keys(OUTPUT_SCHEMAS) as (keyof typeof OUTPUT_SCHEMAS)[];
const VERB_OUTPUTS = Object.keys(VERB_OUTPUT_SCHEMAS) as VerbOutputName[];

describe("parity walker", () => {
  const json: JsonSchema = {
    type: "object",
    properties: {
      a: { type: "string" },
      b: { type: "integer" },
      c: { type: "boolean" },
      e: { enum: ["x", "y"], type: "string" },
      n: { type: ["string", "null"] },
      i: { type: "integer" },
    },
    required: ["a", "b", "e", "n", "i"],
  };

  it("reports missing, unknown, wrongly required, non-nullable, closed and non-integer members", () => {
    const walker = new Walker(json);
    const zod = z.looseObject({
      a: z.string(),
      b: z.number().int().optional(),
      e: z.enum(["x", "y"]),
      n: z.string(),
      i: z.number(),
      x: z.string(),
    });
    walker.walk(json, zod, "$");
    expect(walker.problems).toEqual([
      "$.b: required in the JSON Schema, optional in zod",
      '$: property "c" is missing from the zod schema',
      "$.e: enum is not open",
      "$.n: nullable in the JSON Schema, not in zod",
      "$.i: integer in the JSON Schema, zod takes 1.5",
      "$.x: property unknown to the JSON Schema",
    ]);
  });

  it("reports an object that is not loose", () => {
    const walker = new Walker({ type: "object", properties: {}, required: [] });
    walker.walk({ type: "object", properties: {}, required: [] }, z.object({}), "$");
    expect(walker.problems).toEqual(["$: object is not loose (z.looseObject)"]);
  });
});

describeContract("zod schemas match the engine's JSON Schemas", () => {
  for (const command of COMMANDS) {
    it(`${command}: every property known, exactly the required ones required`, () => {
      const json = readEngineSchema(command);
      const walker = new Walker(json);
      walker.walk(json, OUTPUT_SCHEMAS[command], command);
      expect(walker.problems).toEqual([]);
      // Every definition of the command's schema was reached and compared.
      expect([...walker.visited].sort()).toEqual(Object.keys(json.definitions ?? {}).sort());
    });
  }

  // The verbs beyond the original nine, keyed by the engine schema they mirror.
  for (const name of VERB_OUTPUTS) {
    it(`${name}: every property known, exactly the required ones required`, () => {
      const json = readEngineSchema(name);
      const walker = new Walker(json);
      walker.walk(json, VERB_OUTPUT_SCHEMAS[name], name);
      expect(walker.problems).toEqual([]);
      expect([...walker.visited].sort()).toEqual(Object.keys(json.definitions ?? {}).sort());
    });
  }

  it("apply: the envelope matches apply.schema.json", () => {
    const json = readEngineSchema("apply");
    const walker = new Walker(json);
    walker.walk(json, ApplyEnvelopeSchema, "apply");
    expect(walker.problems).toEqual([]);
  });
});

const NEWER_OUTPUTS = Object.keys(NEWER_VERB_OUTPUT_SCHEMAS) as NewerVerbOutputName[];

describe("zod schemas match rocky-sdk 0.29.0's models of the newer verbs' outputs", () => {
  for (const name of NEWER_OUTPUTS) {
    it(`${name}: every property known, exactly the required ones required`, () => {
      const json = readSdkSchema(name);
      const walker = new Walker(json);
      walker.walk(json, NEWER_VERB_OUTPUT_SCHEMAS[name], name);
      expect(walker.problems).toEqual([]);
      expect([...walker.visited].sort()).toEqual(Object.keys(json.$defs ?? {}).sort());
    });
  }

  it("every model checked into contract/rocky-sdk-0.29.0 has a zod schema", () => {
    const files = listJsonFiles(SDK_CONTRACT_DIR).map((f) => f.replace(/\.schema\.json$/, ""));
    expect(files.sort()).toEqual([...NEWER_OUTPUTS].sort());
  });
});

const NOT_WRAPPED_BY_EITHER =
  "a verb wrapped neither by dagster-rocky's RockyResource nor by rocky-sdk's RockyClient";

/**
 * Engine JSON Schemas with no zod schema here, with the reason. A schema that is neither wrapped
 * nor listed fails the test below, so a schema added by a newer engine gets a decision.
 */
const UNWRAPPED_ENGINE_SCHEMAS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      "archive",
      "audit",
      "audit_for",
      "audit_scorecard",
      "backfill",
      "branch_delete",
      "brief",
      "ci_diff",
      "compact",
      "compact_dedup",
      "dag_run",
      "estimate",
      "fulfill",
      "gc",
      "gc_plan",
      "import_dbt",
      "lineage_diff",
      "policy_check",
      "policy_freeze",
      "policy_test",
      "preview_rows",
      "profile_storage",
      "replay",
      "replay_check",
      "replay_execute",
      "restore_plan",
      "review",
      "review_queue",
      "schedule_status",
      "seed",
      "state_clear_schema_cache",
      "state_retention_sweep",
      "state_schedule_hold",
      "tick",
      "trace",
      "validate",
    ].map((name) => [name, NOT_WRAPPED_BY_EITHER]),
  ),
  adapter_config: "a config file schema (adapter block of rocky.toml), not a command output",
  rocky_project: "the rocky.toml schema, not a command output",
  rocky_product: "the products/<name>.toml schema, not a command output",
  rocky_fivetran_state: "the file `discover --emit-fivetran-state-to` writes, not stdout",
  meta: "`GET /api/v1/meta` of rocky serve, not used by the SDK",
  job_status: "`GET /api/v1/jobs/{id}` of rocky serve, not used by the SDK",
  profile:
    "generated from rocky-sdk 0.29.0's newer model instead (NEWER_VERB_OUTPUT_SCHEMAS.profile, which adds sample_values)",
};

describeContract("every engine JSON Schema is wrapped or deliberately not", () => {
  const names = listJsonFiles(join(CONTRACT_DIR, "schemas"))
    .filter((f) => f.endsWith(".schema.json"))
    .map((f) => f.replace(/\.schema\.json$/, ""));
  const wrapped = new Set<string>([...COMMANDS, "apply", ...VERB_OUTPUTS]);

  it("lists a reason for each schema without a zod schema", () => {
    const undecided = names.filter((n) => !wrapped.has(n) && !(n in UNWRAPPED_ENGINE_SCHEMAS));
    expect(undecided).toEqual([]);
  });

  it("lists no schema that is wrapped or that the engine no longer exports", () => {
    const stale = Object.keys(UNWRAPPED_ENGINE_SCHEMAS).filter(
      (n) => wrapped.has(n) || !names.includes(n),
    );
    expect(stale).toEqual([]);
  });
});
