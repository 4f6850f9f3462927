/**
 * `--governance-override` as main.rs `parse_governance_override` reads it: inline JSON or
 * `@file.json`, deserialized by serde into rocky-core config.rs `GovernanceOverride`:
 * `workspace_ids: Option<Vec<WorkspaceBindingConfig>>` (each `{ id: u64, binding_type?:
 * "READ_WRITE" | "READ_ONLY" }`, unknown fields refused), `allow_empty_workspace_ids: bool`,
 * `grants` / `schema_grants: Vec<GrantConfig>` (each `{ principal: String, permissions:
 * Vec<String> }`, unknown fields refused). Unknown top-level keys are ignored (the struct does not
 * deny them). A JSON array is read as the struct's fields in order, as serde does.
 */
import { readFileSync } from "node:fs";
import { RuntimeFailure } from "../context.js";
import type { Json } from "../json.js";

const FIELDS = ["workspace_ids", "allow_empty_workspace_ids", "grants", "schema_grants"] as const;
// Exclusive: a JSON number this large is a float to serde_json (and beyond a double's precision here).
const U64_LIMIT = 2 ** 64;

const typeName = (v: unknown): string => {
  if (v === null) return "null";
  if (Array.isArray(v)) return "sequence";
  if (typeof v === "object") return "map";
  if (typeof v === "number")
    return Number.isInteger(v) ? `integer \`${v}\`` : `floating point \`${v}\``;
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  return `boolean \`${String(v)}\``;
};

/** serde's error text for a value of the wrong type. */
const invalid = (v: unknown, expected: string): string =>
  `invalid type: ${typeName(v)}, expected ${expected}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A `#[serde(deny_unknown_fields)]` struct: every key known, required ones present. */
function struct(
  v: unknown,
  name: string,
  fields: Readonly<Record<string, (x: unknown) => string | null>>,
  required: readonly string[],
): string | null {
  if (!isObject(v)) return invalid(v, `struct ${name}`);
  for (const key of Object.keys(v)) {
    if (!Object.hasOwn(fields, key)) {
      return `unknown field \`${key}\`, expected one of ${Object.keys(fields)
        .map((k) => `\`${k}\``)
        .join(", ")}`;
    }
  }
  for (const key of required) if (!(key in v)) return `missing field \`${key}\``;
  for (const [key, check] of Object.entries(fields)) {
    if (key in v) {
      const err = check(v[key]);
      if (err !== null) return err;
    }
  }
  return null;
}

const seq =
  (item: (x: unknown) => string | null) =>
  (v: unknown): string | null => {
    if (!Array.isArray(v)) return invalid(v, "a sequence");
    for (const x of v) {
      const err = item(x);
      if (err !== null) return err;
    }
    return null;
  };

const u64 = (v: unknown): string | null =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v < U64_LIMIT
    ? null
    : invalid(v, "u64");
const string = (v: unknown): string | null =>
  typeof v === "string" ? null : invalid(v, "a string");
const boolean = (v: unknown): string | null =>
  typeof v === "boolean" ? null : invalid(v, "a boolean");
const bindingType = (v: unknown): string | null =>
  v === "READ_WRITE" || v === "READ_ONLY"
    ? null
    : typeof v === "string"
      ? `unknown variant \`${v}\`, expected \`READ_WRITE\` or \`READ_ONLY\``
      : invalid(v, "enum BindingType");

const workspaceBinding = (v: unknown): string | null =>
  struct(v, "WorkspaceBindingConfig", { id: u64, binding_type: bindingType }, ["id"]);
const grant = (v: unknown): string | null =>
  struct(v, "GrantConfig", { principal: string, permissions: seq(string) }, [
    "principal",
    "permissions",
  ]);

const CHECKS: Readonly<Record<(typeof FIELDS)[number], (x: unknown) => string | null>> = {
  // Option<Vec<…>>: null is None.
  workspace_ids: (v) => (v === null ? null : seq(workspaceBinding)(v)),
  allow_empty_workspace_ids: boolean,
  grants: seq(grant),
  schema_grants: seq(grant),
};

/** The serde error of `value` as a `GovernanceOverride`, or null when it deserializes. */
export function governanceOverrideError(value: unknown): string | null {
  if (Array.isArray(value)) {
    if (value.length > FIELDS.length) {
      return `invalid length ${value.length}, expected struct GovernanceOverride with ${FIELDS.length} elements`;
    }
    for (let i = 0; i < value.length; i++) {
      const err = CHECKS[FIELDS[i] as (typeof FIELDS)[number]](value[i]);
      if (err !== null) return err;
    }
    return null;
  }
  if (!isObject(value)) return invalid(value, "struct GovernanceOverride");
  for (const field of FIELDS) {
    if (field in value) {
      const err = CHECKS[field](value[field]);
      if (err !== null) return err;
    }
  }
  return null;
}

function parse(text: string, context: string): Json {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (err) {
    throw new RuntimeFailure(context, [(err as Error).message]);
  }
  const err = governanceOverrideError(value);
  if (err !== null) throw new RuntimeFailure(context, [err]);
  return value;
}

/** main.rs `parse_governance_override`: the override, or null when the flag is absent. */
export function parseGovernanceOverride(raw: string | null): Json | null {
  if (raw === null) return null;
  if (!raw.startsWith("@")) return parse(raw, "failed to parse governance override JSON");
  const path = raw.slice(1);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new RuntimeFailure(`failed to read governance override file: ${path}`, [
      (err as Error).message,
    ]);
  }
  return parse(text, `failed to parse governance override from ${path}`);
}
