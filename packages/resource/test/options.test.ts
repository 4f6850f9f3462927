import { describe, expect, it } from "vitest";
import { RockyConfigError, RockyResource } from "../src/index.js";

function configError(fn: () => unknown): RockyConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RockyConfigError);
    return error as RockyConfigError;
  }
  throw new Error("expected a RockyConfigError");
}

describe("options are validated at construction", () => {
  it("applies the documented defaults", () => {
    class Probe extends RockyResource {
      get opts() {
        return this.options;
      }
    }
    const o = new Probe().opts;
    expect(o).toMatchObject({
      binaryPath: "rocky",
      configPath: "rocky.toml",
      modelsDir: "models",
      timeoutMs: 3_600_000,
      killGraceMs: 5_000,
      shadowMode: "branch_deploy",
    });
    expect(o.statePath).toBeUndefined();
    expect(Object.isFrozen(o)).toBe(true);
  });

  it("names every bad field at once, and why", () => {
    const err = configError(
      () =>
        new RockyResource({
          binaryPath: "",
          timeoutMs: -1,
          killGraceMs: 1.5,
          shadowMode: "sometimes" as never,
          stateNamespace: "bad-ns",
        }),
    );
    const paths = err.issues.map((i) => i.path).sort();
    expect(paths).toEqual([
      "binaryPath",
      "killGraceMs",
      "shadowMode",
      "stateNamespace",
      "timeoutMs",
    ]);
    expect(err.name).toBe("RockyConfigError");
    expect(err.message).toMatch(/timeoutMs: timeoutMs must be > 0/);
    expect(err.message).toMatch(/stateNamespace.*\^\[A-Za-z0-9_\]\+\$/);
  });

  it("refuses statePath with stateNamespace", () => {
    const err = configError(
      () => new RockyResource({ statePath: "/tmp/s.redb", stateNamespace: "acme" }),
    );
    expect(err.issues[0]?.path).toBe("stateNamespace");
    expect(err.issues[0]?.message).toMatch(/mutually exclusive/);
  });

  it("refuses unknown options (typos are not silently ignored)", () => {
    const err = configError(() => new RockyResource({ shadowmode: "always" } as never));
    expect(err.message).toMatch(/shadowmode/);
  });

  it("refuses a bad shadowSuffix, and a suffix outside shadowMode always", () => {
    expect(
      configError(() => new RockyResource({ shadowMode: "always", shadowSuffix: "_x-y" })).issues[0]
        ?.path,
    ).toBe("shadowSuffix");
    expect(
      configError(() => new RockyResource({ shadowMode: "branch_deploy", shadowSuffix: "_x" }))
        .issues[0]?.path,
    ).toBe("shadowSuffix");
  });

  it("refuses a logger that is not a pino logger", () => {
    expect(configError(() => new RockyResource({ logger: {} as never })).issues[0]?.path).toBe(
      "logger",
    );
  });

  it("refuses NUL in paths and unknown preview detectors", () => {
    expect(configError(() => new RockyResource({ configPath: "a\u0000b" })).issues[0]?.path).toBe(
      "configPath",
    );
    expect(
      configError(
        () => new RockyResource({ shadowMode: "preview", previewDetectors: ["circleci" as never] }),
      ).issues[0]?.path,
    ).toMatch(/^previewDetectors/);
  });

  it("refuses a non-object", () => {
    expect(configError(() => new RockyResource(42 as never)).issues[0]?.message).toMatch(/object/);
  });
});

describe("the constructor calls no overridable method", () => {
  it("does not call resolveShadowSuffix or buildArgs", () => {
    const called: string[] = [];
    class Spy extends RockyResource {
      protected override resolveShadowSuffix(): string | null {
        called.push("resolveShadowSuffix");
        return null;
      }
      protected override buildArgs(): string[] {
        called.push("buildArgs");
        return [];
      }
    }
    new Spy({ shadowMode: "branch_deploy" });
    expect(called).toEqual([]);
  });
});
