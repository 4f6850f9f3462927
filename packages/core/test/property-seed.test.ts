import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCI } from "../../../test-support/ci.js";
import { CI_PROPERTY_SEED, chooseSeed, propertySeed } from "../../../test-support/fast-check.js";

describe("rule: CI is on for any value but empty, 0 or false", () => {
  it.each([undefined, "", " ", "0", "false", "FALSE", " False "])("CI=%j is not CI", (v) => {
    expect(isCI({ CI: v })).toBe(false);
  });
  it.each(["true", "1", "yes", "TRUE", "on"])("CI=%j is CI", (v) => {
    expect(isCI({ CI: v })).toBe(true);
  });
});

describe("rule: one fast-check seed per test process, fixed under CI, random locally", () => {
  it("CI uses the fixed seed; CI=0 and CI=false do not", () => {
    expect(chooseSeed({ CI: "true" })).toBe(CI_PROPERTY_SEED);
    const local = new Set(Array.from({ length: 20 }, () => chooseSeed({ CI: "false" })));
    expect(local.size).toBeGreaterThan(1);
    expect(new Set(Array.from({ length: 20 }, () => chooseSeed({ CI: "0" }))).size).toBeGreaterThan(
      1,
    );
  });
  it("FC_SEED reproduces a printed seed, also under CI; a non-integer is refused", () => {
    expect(chooseSeed({ CI: "true", FC_SEED: "-123" })).toBe(-123);
    expect(chooseSeed({ FC_SEED: " 77 " })).toBe(77);
    expect(() => chooseSeed({ FC_SEED: "abc" })).toThrow(/FC_SEED must be an integer/);
    expect(() => chooseSeed({ FC_SEED: "1.5" })).toThrow(/FC_SEED/);
  });
  it("the setup file configured fast-check with this process's seed", () => {
    const seed = propertySeed();
    expect(fc.readConfigureGlobal().seed).toBe(seed);
    if (isCI())
      expect(seed).toBe(process.env.FC_SEED ? Number(process.env.FC_SEED) : CI_PROPERTY_SEED);
  });
  it("a failing property prints the seed that reproduces it", () => {
    let message = "";
    try {
      fc.assert(fc.property(fc.integer(), (n) => n < 0));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`seed: ${propertySeed()}`);
  });
});
