// The version gate: one probe per binary file (re-probed when the file changes), and semver
// precedence for every floor (a pre-release is below its release).
import { readFileSync } from "node:fs";
import { chmod, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RockyBinaryNotFoundError, RockyShadowError, RockyVersionError } from "../src/index.js";
import { silentLogger } from "../src/logger.js";
import type { VerbSpec } from "../src/verbs/types.js";
import {
  compareVersions,
  fullVersion,
  MINIMUM_ROCKY_VERSION,
  parseRockyVersion,
  SHADOW_MIN_ROCKY_VERSION,
} from "../src/version.js";
import { VersionGate } from "../src/version-gate.js";
import { resourceFor, sim, tempDir } from "./helpers.js";

describe("compareVersions: semver precedence, a pre-release below its release", () => {
  it.each([
    ["1.70.0-rc.1", "1.70.0", -1],
    ["1.70.0", "1.70.0-rc.1", 1],
    ["1.70.0-rc.1", "1.69.9", 1],
    ["1.70.0-alpha", "1.70.0-alpha.1", -1],
    ["1.70.0-alpha.1", "1.70.0-alpha.beta", -1],
    ["1.70.0-alpha.beta", "1.70.0-beta", -1],
    ["1.70.0-beta.2", "1.70.0-beta.11", -1],
    ["1.70.0-beta.11", "1.70.0-rc.1", -1],
    ["1.70.0-rc.1", "1.70.0-rc.1", 0],
    ["1.70.0+build.5", "1.70.0", 0],
    ["1.70.0-rc.1+build.5", "1.70.0", -1],
    ["1.34.0", "1.34.0", 0],
    ["1.33.9", "1.34.0", -1],
    ["1.100.0", "1.34.0", 1],
  ])("%s vs %s", (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe("parseRockyVersion keeps the pre-release apart", () => {
  it.each([
    ["rocky 1.70.0-rc.1", "1.70.0", "rc.1", "1.70.0-rc.1"],
    ["rocky v1.70.0-beta.2+build.9", "1.70.0", "beta.2", "1.70.0-beta.2"],
    ["rocky 1.70.0+build.9", "1.70.0", null, "1.70.0"],
    ["rocky 1.71", "1.71.0", null, "1.71.0"],
    ["rocky 1.71-", "1.71.0", "", "1.71.0-"],
  ])("%j -> %s, pre-release %j", (out, version, prerelease, full) => {
    const info = parseRockyVersion(out);
    expect([info.version, info.prerelease]).toEqual([version, prerelease]);
    expect(fullVersion(info)).toBe(full);
  });
});

const spec = (over: Partial<VerbSpec> = {}) =>
  ({ name: "run", command: "run", featureFloors: [], ...over }) as unknown as VerbSpec;

describe("every floor refuses the pre-release of its own version", () => {
  const gateFor = (raw: string) =>
    new VersionGate(async () => parseRockyVersion(raw), silentLogger, "/bin/rocky-test");
  it("the shadow floor: 1.70.0-rc.1 is below 1.70.0", async () => {
    const gate = gateFor("rocky 1.70.0-rc.1");
    const version = await gate.ensure("run", undefined);
    expect(version).toBe("1.70.0-rc.1");
    expect(() => gate.checkShadow(version, "run")).toThrow(RockyVersionError);
    expect(() => gate.checkShadow(version, "run")).toThrow(
      expect.objectContaining({
        detectedVersion: "1.70.0-rc.1",
        minimumVersion: SHADOW_MIN_ROCKY_VERSION,
      }),
    );
    expect(() => gate.checkShadow("1.70.0", "run")).not.toThrow();
  });
  it("a verb's floor and a feature floor", () => {
    const gate = gateFor("unused");
    expect(() => gate.checkVerb("1.69.0-rc.9", spec({ minVersion: "1.69.0" }), {})).toThrow(
      RockyVersionError,
    );
    expect(() => gate.checkVerb("1.69.0", spec({ minVersion: "1.69.0" }), {})).not.toThrow();
    const floors = spec({ featureFloors: [{ option: "resume", minVersion: "1.69.0" }] });
    expect(() => gate.checkVerb("1.69.0-rc.1", floors, { resume: true })).toThrow(
      RockyVersionError,
    );
    expect(() => gate.checkVerb("1.69.0-rc.1", floors, {})).not.toThrow();
  });
  it("the general minimum", async () => {
    const err = await gateFor(`rocky ${MINIMUM_ROCKY_VERSION}-rc.1`)
      .ensure("run", undefined)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).detectedVersion).toBe(`${MINIMUM_ROCKY_VERSION}-rc.1`);
  });
  it("an unparseable version still refuses a shadowed call (cannot tell)", () => {
    expect(() => gateFor("x").checkShadow(null, "run")).toThrow(RockyShadowError);
  });
});

/**
 * A rocky stand-in: answers `--version` itself (and counts the probes), and hands every
 * other call to the simulator.
 */
function standIn(version: string, simBinary: string, probes: string): string {
  return [
    "#!/bin/sh",
    'if [ "$1" = "--version" ]; then',
    `  echo probe >> '${probes}'`,
    `  echo "rocky ${version}"`,
    "  exit 0",
    "fi",
    `exec '${simBinary}' "$@"`,
    "",
  ].join("\n");
}

const probeCount = (file: string) => {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};

describe("the gate probes again when the binary file changes", () => {
  it("replaced in place (same inode) by an older rocky: re-probed and refused", async () => {
    const s = await sim();
    const dir = await tempDir();
    const bin = join(dir, "rocky");
    const probes = join(dir, "probes");
    await writeFile(bin, standIn("1.71.0", s.binaryPath, probes));
    await chmod(bin, 0o755);
    const r = resourceFor(s, { binaryPath: bin });
    await r.state();
    await r.state();
    expect(probeCount(probes)).toBe(1); // unchanged file: probed once
    await writeFile(bin, standIn("1.33.0", s.binaryPath, probes)); // truncated and rewritten in place
    const err = await r.state().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).detectedVersion).toBe("1.33.0");
    expect(probeCount(probes)).toBe(2);
  });

  it("replaced by a rename with a pre-release of the shadow floor: a shadowed run is refused", async () => {
    const s = await sim();
    const dir = await tempDir();
    const bin = join(dir, "rocky");
    const probes = join(dir, "probes");
    await writeFile(bin, standIn("1.71.0", s.binaryPath, probes));
    await chmod(bin, 0o755);
    const r = resourceFor(s, { binaryPath: bin, shadowMode: "always" });
    expect((await r.run({ filter: "a=b" })).command).toBe("run");
    const next = join(dir, "rocky.new");
    await writeFile(next, standIn("1.70.0-rc.1", s.binaryPath, probes), { mode: 0o755 });
    await rename(next, bin);
    const err = await r.run({ filter: "a=b" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect([
      (err as RockyVersionError).detectedVersion,
      (err as RockyVersionError).minimumVersion,
    ]).toEqual(["1.70.0-rc.1", SHADOW_MIN_ROCKY_VERSION]);
    expect((await s.invocations()).filter((i) => i.verb === "run")).toHaveLength(1);
  });

  it("a removed binary is not probed again (the call's own spawn names the call); one put back is", async () => {
    const s = await sim();
    const dir = await tempDir();
    const bin = join(dir, "rocky");
    const probes = join(dir, "probes");
    await writeFile(bin, standIn("1.71.0", s.binaryPath, probes), { mode: 0o755 });
    const r = resourceFor(s, { binaryPath: bin });
    await r.state();
    await rm(bin);
    const err = await r.state().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyBinaryNotFoundError);
    expect((err as RockyBinaryNotFoundError).command).toBe("state");
    expect(probeCount(probes)).toBe(1);
    await writeFile(bin, standIn("1.33.0", s.binaryPath, probes), { mode: 0o755 });
    expect(await r.state().catch((e: unknown) => e)).toBeInstanceOf(RockyVersionError);
    expect(probeCount(probes)).toBe(2);
  });

  it("a bare name is found on the resource env's PATH, and its replacement is noticed", async () => {
    const s = await sim();
    const dir = await tempDir();
    const bin = join(dir, "rocky-stand-in");
    const probes = join(dir, "probes");
    await writeFile(bin, standIn("1.71.0", s.binaryPath, probes));
    await chmod(bin, 0o755);
    const r = resourceFor(s, {
      binaryPath: "rocky-stand-in",
      env: { PATH: `/nonexistent:${dir}` },
    });
    await r.state();
    await r.state();
    expect(probeCount(probes)).toBe(1);
    await writeFile(bin, standIn("1.20.0", s.binaryPath, probes));
    expect(await r.state().catch((e: unknown) => e)).toBeInstanceOf(RockyVersionError);
    expect(probeCount(probes)).toBe(2);
  });
});
