/** Rocky's identifier rule (ASCII letters, digits, underscore; at least one). */
const ROCKY_IDENTIFIER = /^[A-Za-z0-9_]+$/;
const ASCII_POSITIVE_INTEGER = /^[0-9]+$/;

/**
 * True when `value` is a string rocky accepts as an identifier (a shadow
 * suffix, a state namespace): `^[A-Za-z0-9_]+$`, ASCII only.
 */
export function isRockyIdentifier(value: unknown): value is string {
  return typeof value === "string" && ROCKY_IDENTIFIER.test(value);
}

/**
 * True when `value` is made only of ASCII digits and is greater than zero.
 * `\d` and `Number()` are deliberately not used: they admit other scripts'
 * digits, signs, spaces and decimals.
 */
export function isPositiveAsciiInteger(value: string | null | undefined): value is string {
  return typeof value === "string" && ASCII_POSITIVE_INTEGER.test(value) && /[1-9]/.test(value);
}

/**
 * Replaces every Unicode code point outside `[A-Za-z0-9]` by exactly one `_`
 * (per code point, so an astral character such as an emoji becomes one `_`).
 */
export function sanitizeIdentifierPart(value: string): string {
  let out = "";
  for (const ch of value) {
    out += /^[A-Za-z0-9]$/.test(ch) ? ch : "_";
  }
  return out;
}
