import { describe, expect, it } from "vitest";
import { compareVersions, MINIMUM_ROCKY_VERSION, parseRockyVersion } from "../src/version.js";

describe("parseRockyVersion: `rocky X.Y.Z`, first line, -pre/+build dropped, padded to three parts", () => {
  it.each([
    ["rocky 1.71.0\n", "1.71.0"],
    ["rocky 1.71.0", "1.71.0"],
    ["rocky 1.71", "1.71.0"],
    ["rocky 2", "2.0.0"],
    ["rocky 1.71.0-beta.2", "1.71.0"],
    ["rocky 1.71.0+build.7", "1.71.0"],
    ["rocky v1.40.1", "1.40.1"],
    ["1.35.0", "1.35.0"],
    ["rocky 1.71.0 (abc123 2026-08-01)\nmore", "1.71.0"],
    ["  rocky   1.34.0  \r\n", "1.34.0"],
  ])("%j -> %s", (out, version) => {
    expect(parseRockyVersion(out).version).toBe(version);
  });
  it.each(["", "rocky", "rocky abc", "something odd", "rocky 1.2.3.4", "rocky -1.0.0"])(
    "%j is unparseable (null), raw kept",
    (out) => {
      const info = parseRockyVersion(out);
      expect(info.version).toBeNull();
      expect(info.raw).toBe(out.split(/\r?\n/)[0]?.trim());
    },
  );
});

describe("compareVersions orders X.Y.Z numerically", () => {
  it.each([
    ["1.34.0", "1.34.0", 0],
    ["1.33.9", "1.34.0", -1],
    ["1.100.0", "1.34.0", 1],
    ["2.0.0", "1.99.99", 1],
  ])("%s vs %s", (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
  it("the minimum is 1.34.0", () => {
    expect(MINIMUM_ROCKY_VERSION).toBe("1.34.0");
  });
});
