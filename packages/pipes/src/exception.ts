import type { PipesException } from "./protocol.js";

const MAX_DEPTH = 8;

/**
 * Serialize a thrown value as the protocol's PipesException:
 * - `name`: the error's name (class), null for non-Error values;
 * - `message`: `"Name: message"` (like Python's `format_exception_only`, which prefixes the type);
 * - `stack`: one string per stack frame, each ending with a newline (the Python side joins them);
 * - `cause`: the serialized `error.cause` (Python's `__cause__`), recursively;
 * - `context`: always null (JS has no implicit exception context).
 */
export function serializeError(error: unknown): PipesException {
  return serialize(error, 0, new Set());
}

function serialize(error: unknown, depth: number, seen: Set<unknown>): PipesException {
  seen.add(error);
  if (!isErrorLike(error)) {
    return { message: safeString(error), stack: [], name: null, cause: null, context: null };
  }
  const name = typeof error.name === "string" && error.name !== "" ? error.name : "Error";
  const message = typeof error.message === "string" ? error.message : safeString(error.message);
  const rawCause = (error as { cause?: unknown }).cause;
  const hasCause = rawCause !== undefined && depth < MAX_DEPTH && !seen.has(rawCause);
  return {
    message: message === "" ? name : `${name}: ${message}`,
    stack: stackFrames(error.stack),
    name,
    cause: hasCause ? serialize(rawCause, depth + 1, seen) : null,
    context: null,
  };
}

function isErrorLike(
  value: unknown,
): value is { name?: unknown; message?: unknown; stack?: unknown } {
  return (
    value instanceof Error ||
    (typeof value === "object" && value !== null && "message" in value && "name" in value)
  );
}

function stackFrames(stack: unknown): string[] {
  if (typeof stack !== "string") return [];
  const lines = stack.split("\n");
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  if (firstFrame === -1) return [];
  return lines
    .slice(firstFrame)
    .filter((line) => line.trim() !== "")
    .map((line) => `${line}\n`);
}

function safeString(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // fall through
  }
  return String(value);
}
