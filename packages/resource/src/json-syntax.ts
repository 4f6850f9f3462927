/**
 * Where a JSON text first breaks RFC 8259, and what was expected there, in
 * words of our own. V8's JSON.parse message quotes the source around the
 * mistake (`Unexpected token 'd', ..."{"token": dapi-abc12"...`), and a
 * config file's source may hold a secret, so it is never used. Iterative (an
 * explicit stack), so no nesting depth can overflow the call stack.
 */

/** The first syntax error: a UTF-16 offset and what was expected there. @internal */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

type Expect = "value" | "value-or-]" | "key" | "key-or-}" | "after";

const EXPECTED: Record<Exclude<Expect, "after">, string> = {
  value:
    "expected a value (an object, a list, a string in double quotes, a number, true, false or null)",
  "value-or-]": "expected a value or ]",
  key: "expected a property name in double quotes",
  "key-or-}": "expected a property name in double quotes, or }",
};

/** The end of the string opening at `start`, or the error inside it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) {
      return {
        offset: i,
        message: "a raw control character (a tab or line break) inside a string; escape it",
      };
    }
    if (c === 0x5c) {
      const next = text[i + 1] ?? "";
      if (next === "u") {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text))
          return { offset: i, message: "\\u must be followed by four hex digits" };
        i += 6;
        continue;
      }
      if (!ESCAPES.has(next)) {
        return { offset: i, message: 'an invalid escape sequence (a backslash is written "\\\\")' };
      }
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, message: "a string opened here is never closed" };
}

/** The end of the scalar (string, number, literal) at `i`, or the error there. */
function scanScalar(text: string, i: number, expected: string): number | JsonSyntaxError {
  const c = text[i] as string;
  if (c === '"') return scanString(text, i);
  for (const literal of ["true", "false", "null"]) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  if (c === "-" || (c >= "0" && c <= "9")) {
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return NUMBER.lastIndex;
    return { offset: i, message: "an invalid number" };
  }
  return { offset: i, message: expected };
}

/** The first syntax error in `text`, or null when it is valid JSON. @internal */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: ("{" | "[")[] = [];
  let expect: Expect = "value";
  let i = 0;
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
    if (i >= text.length) {
      if (expect === "after" && stack.length === 0) return null;
      return { offset: text.length, message: "the JSON ends too early (a missing } or ]?)" };
    }
    const c = text[i] as string;
    if (expect === "after") {
      const top = stack.at(-1);
      if (top === undefined)
        return { offset: i, message: "unexpected content after the JSON value" };
      if (c === ",") expect = top === "{" ? "key" : "value";
      else if (c === (top === "{" ? "}" : "]")) stack.pop();
      else {
        const message =
          top === "{"
            ? 'expected "," or "}" after a property value'
            : 'expected "," or "]" after a list item';
        return { offset: i, message };
      }
      i++;
      continue;
    }
    if ((expect === "key-or-}" && c === "}") || (expect === "value-or-]" && c === "]")) {
      stack.pop();
      expect = "after";
      i++;
      continue;
    }
    if (expect === "key" || expect === "key-or-}") {
      if (c !== '"') return { offset: i, message: EXPECTED[expect] };
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = end;
      while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
      if (text[i] !== ":") return { offset: i, message: 'expected ":" after the property name' };
      expect = "value";
      i++;
      continue;
    }
    if (c === "{" || c === "[") {
      stack.push(c);
      expect = c === "{" ? "key-or-}" : "value-or-]";
      i++;
      continue;
    }
    const end = scanScalar(text, i, EXPECTED[expect]);
    if (typeof end !== "number") return end;
    i = end;
    expect = "after";
  }
}
