/** Printing untrusted values into messages without ever throwing. */

/** JSON.stringify that cannot throw (a BigInt or a cycle would). @internal */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? safeString(value);
  } catch {
    return safeString(value);
  }
}

/** String(value) that cannot throw: a null-prototype object or a throwing toString would, untyped. @internal */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "[unprintable value]";
  }
}
