// nearestName: the one "did you mean" rule (CLI usage errors, the resource's config errors).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nearestName } from "../src/nearest.js";

/** Levenshtein distance, the textbook recursion with a memo: the reference for the property. */
function levenshtein(a: string, b: string): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const d = Math.min(
      go(i - 1, j) + 1,
      go(i, j - 1) + 1,
      go(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
    );
    memo.set(key, d);
    return d;
  };
  return go(a.length, b.length);
}

const limit = (given: string) => Math.max(2, Math.floor(given.length / 3));

describe("nearestName: a candidate within max(2, a third of the given length) edits", () => {
  it("accepts exactly the candidates within the limit (property against a reference Levenshtein)", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "_"), maxLength: 12 });
    fc.assert(
      fc.property(word, word, (given, candidate) => {
        const d = levenshtein(given.toLowerCase(), candidate.toLowerCase());
        expect(nearestName(given, [candidate])).toBe(d <= limit(given) ? candidate : null);
      }),
      { numRuns: 2_000 },
    );
  });
  it("the limit grows with the given word: 2 up to 8 characters, then a third", () => {
    // The limit follows the given word: 8 characters allow 2 edits, 7 too, 9 allow 3.
    expect(nearestName("bnryPath", ["binaryPath"])).toBe("binaryPath");
    expect(nearestName("bnryPth", ["binaryPath"])).toBeNull();
    expect(nearestName("abcdefghi", ["abcdefxyz"])).toBe("abcdefxyz");
    expect(nearestName("abcdefghi", ["abcdewxyz"])).toBeNull();
    // Short words: 2 edits.
    expect(nearestName("ab", ["xy"])).toBe("xy");
    expect(nearestName("abc", ["xyz"])).toBeNull();
    expect(nearestName("", ["xy"])).toBe("xy");
    expect(nearestName("", ["xyz"])).toBeNull();
  });
  it("insertions, deletions and substitutions each count one", () => {
    expect(nearestName("abcdefghijkl", ["abcdefghijklmno"])).toBe("abcdefghijklmno");
    expect(nearestName("abcdefghijkl", ["abcdefghijklmnop"])).toBe("abcdefghijklmnop");
    expect(nearestName("abcdefghijkl", ["abcdefghijklmnopq"])).toBeNull();
    expect(nearestName("abcdefghijkl", ["abcdefgh"])).toBe("abcdefgh");
    expect(nearestName("abcdefghijkl", ["abcdefg"])).toBeNull();
    expect(nearestName("abcdefghijkl", ["xbcdxfghxjkx"])).toBe("xbcdxfghxjkx");
    expect(nearestName("abcdefghijkl", ["xbcxefxhixkx"])).toBeNull();
  });
  it("compares case-insensitively and returns the candidate as spelled", () => {
    expect(nearestName("BINARYPATH", ["binaryPath"])).toBe("binaryPath");
    expect(nearestName("shadowmode", ["modelsDir", "shadowMode"])).toBe("shadowMode");
  });
  it("picks the closest candidate, the first of equals", () => {
    expect(nearestName("timeoutM", ["timeoutMs", "timeouts"])).toBe("timeoutMs");
    expect(nearestName("timeoutM", ["timeouts", "timeoutMs"])).toBe("timeouts");
    expect(nearestName("timeoutMz", ["timeouts", "timeoutMs"])).toBe("timeoutMs");
    expect(nearestName("abcd", ["abcx", "abcy"])).toBe("abcx");
    expect(nearestName("abcd", ["abxy", "abcx"])).toBe("abcx");
  });
  it("no candidates: null", () => {
    expect(nearestName("anything", [])).toBeNull();
  });
});
