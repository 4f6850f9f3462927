import { deflateSync, inflateSync } from "node:zlib";
import { DagsterPipesError } from "./errors.js";

/**
 * Encode a bootstrap param the way `dagster_pipes.encode_param` (alias `encode_env_var`) does:
 * `base64(zlib(json(value)))`. Useful to emulate the orchestration side in tests.
 */
export function encodePipesParam(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new DagsterPipesError(
      "INVALID_PARAM",
      "encodePipesParam: value is not JSON-serializable.",
    );
  }
  return deflateSync(Buffer.from(json, "utf8")).toString("base64");
}

/**
 * Decode a bootstrap param. Accepts `base64(zlib(json))` (what Dagster writes), plain
 * `base64(json)` and raw JSON text. Throws `DagsterPipesError("INVALID_BOOTSTRAP")` otherwise.
 */
export function decodePipesParam(value: string, name = "param"): unknown {
  const trimmed = value.trim();
  if (trimmed === "") {
    throw new DagsterPipesError("INVALID_BOOTSTRAP", `${name} is empty.`);
  }
  if (trimmed.startsWith("{")) {
    return parseJson(trimmed, name, "raw JSON");
  }
  if (!/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) {
    throw new DagsterPipesError(
      "INVALID_BOOTSTRAP",
      `${name} is neither base64 nor JSON (expected base64 of zlib-compressed JSON).`,
    );
  }
  const bytes = Buffer.from(trimmed, "base64");
  let text: string;
  try {
    text = inflateSync(bytes).toString("utf8");
  } catch {
    // Not zlib: accept plain base64-encoded JSON too.
    text = bytes.toString("utf8");
  }
  return parseJson(text, name, "base64");
}

function parseJson(text: string, name: string, form: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DagsterPipesError(
      "INVALID_BOOTSTRAP",
      `${name} (${form}) does not decode to JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** Decode a bootstrap param that must be a JSON object. */
export function decodePipesParams(value: string, name: string): Record<string, unknown> {
  const decoded = decodePipesParam(value, name);
  if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
    throw new DagsterPipesError(
      "INVALID_BOOTSTRAP",
      `${name} must decode to a JSON object, got ${describe(decoded)}.`,
    );
  }
  return decoded as Record<string, unknown>;
}

/**
 * Asset key parts to Dagster's user-string wire format: parts joined with "/", a "/" inside a
 * part escaped as "\/" (Dagster's `AssetKey.to_escaped_user_string`; keys without "/" in a part
 * are identical to `to_user_string`).
 */
export function toAssetKeyString(parts: readonly string[]): string {
  if (parts.length === 0) {
    throw new DagsterPipesError("INVALID_PARAM", "An asset key needs at least one part.");
  }
  return parts.map((part) => part.replaceAll("/", "\\/")).join("/");
}

/** Dagster user string to asset key parts (`"a/b\\/c"` → `["a", "b/c"]`). */
export function toAssetKeyPath(key: string): string[] {
  const parts: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of key) {
    if (escaped) {
      current += char;
      escaped = false;
    } else if (char === "\\") {
      escaped = true;
    } else if (char === "/") {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "Date";
  return typeof value;
}
