// Config errors as a user reads them: each names the field, what was given and the fix.

import { PREVIEW_PLATFORMS } from "@dagster-rocky/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RockyConfigError, RockyResource, type RockyResourceOptions } from "../src/index.js";
import { prepareInvocation } from "../src/resource.js";

class Probe extends RockyResource {
  get opts() {
    return this.options;
  }
}

function configError(fn: () => unknown): RockyConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RockyConfigError);
    return error as RockyConfigError;
  }
  throw new Error("expected a RockyConfigError");
}

const issuesOf = (options: unknown) =>
  configError(() => new RockyResource(options as RockyResourceOptions)).issues;

describe("env accepts process.env and any object of string (or undefined) values", () => {
  /** The environment a call's child would get (the option is kept private, not in `options`). */
  const childEnvOf = async (env: unknown) =>
    (await prepareInvocation(new Probe({ env } as RockyResourceOptions), "state", {})).env;
  it("process.env itself (not a plain object) is accepted and copied", async () => {
    const env = await childEnvOf(process.env);
    expect(env).toEqual({
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([k, v]) => v !== undefined && !k.startsWith("DAGSTER_PIPES_"),
        ),
      ),
      ROCKY_SUPPRESS_DEPRECATION: process.env.ROCKY_SUPPRESS_DEPRECATION ?? "1",
    });
    expect(env).not.toBe(process.env);
    expect(new Probe({ env: process.env }).opts).not.toHaveProperty("env");
  });
  it("an object with a null prototype, or a class instance, is accepted", async () => {
    const bare = Object.assign(Object.create(null) as Record<string, string>, { A: "1" });
    class EnvBag {
      B = "2";
    }
    expect(await childEnvOf(bare)).toEqual({ A: "1", ROCKY_SUPPRESS_DEPRECATION: "1" });
    expect(await childEnvOf(new EnvBag())).toEqual({ B: "2", ROCKY_SUPPRESS_DEPRECATION: "1" });
  });
  it("undefined values are dropped", async () => {
    expect(await childEnvOf({ A: "1", B: undefined })).toEqual({
      A: "1",
      ROCKY_SUPPRESS_DEPRECATION: "1",
    });
  });
  it.each([
    ["a number", 5, "a number"],
    ["null", null, "null"],
    ["an object", { nested: true }, "an object"],
    ["a boolean", true, "a boolean"],
  ])(
    "a non-string value (%s) is refused naming the variable, never quoting it",
    (_, value, got) => {
      const issues = issuesOf({ env: { PATH: "/bin", SECRET_TOKEN: value } });
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toBe("env.SECRET_TOKEN");
      expect(issues[0]?.message).toContain("must be a string");
      expect(issues[0]?.message).toContain(`got ${got}`);
    },
  );
  it("a string value with a NUL is refused by type only: the value may be a secret", () => {
    const issues = issuesOf({ env: { TOKEN: "hunter2\u0000x" } });
    expect(issues[0]?.path).toBe("env.TOKEN");
    expect(JSON.stringify(issues)).not.toContain("hunter2");
  });
  it.each([[5], ["PATH=/bin"], ["TOKEN=hunter2"], [[["A", "1"]]]])(
    "env %j itself is refused with the fix",
    (env) => {
      const issues = issuesOf({ env });
      expect(issues[0]?.path).toBe("env");
      expect(issues[0]?.message).toMatch(
        /env must be an object of string values, such as process\.env; got /,
      );
      // Described by type only: a mistaken env may still hold secrets.
      if (typeof env === "string") expect(issues[0]?.message).not.toContain(env);
    },
  );
});

describe("previewDetectors: the union's own message survives, listing the valid platforms", () => {
  const platforms = PREVIEW_PLATFORMS.join(", ");
  it.each([
    [["github"], "previewDetectors[0]", 'the string "github"'],
    [[42], "previewDetectors[0]", "42"],
    [[{ name: "x" }], "previewDetectors[0]", "an object"],
    [["dagster_plus", null], "previewDetectors[1]", "null"],
    [["dagster_plus", "gitlab", "GitLab"], "previewDetectors[2]", 'the string "GitLab"'],
    [[{ detect: () => null }], "previewDetectors[0]", "an object"],
  ])("%j", (previewDetectors, path, got) => {
    const issues = issuesOf({ shadowMode: "preview", previewDetectors });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(`must be one of ${platforms}`);
    expect(issues[0]?.message).toContain("{ name, detect(env) }");
    expect(issues[0]?.message).toContain(`got ${got}`);
    expect(issues[0]?.message).not.toMatch(/Invalid input/);
  });
});

describe("unknown keys: one issue at the key's own path, with the nearest known key", () => {
  it.each([
    ["binaryPth", "binaryPath"],
    ["shadowmode", "shadowMode"],
    ["timeout_ms", "timeoutMs"],
    ["statepath", "statePath"],
    ["previewDetector", "previewDetectors"],
    ["enV", "env"],
  ])("%s -> did you mean %s", (key, near) => {
    const issues = issuesOf({ [key]: "x" });
    expect(issues).toEqual([
      { path: key, message: expect.stringContaining(`did you mean ${near}?`) },
    ]);
    expect(issues[0]?.message).toContain(`unknown option "${key}"`);
  });
  it("a key close to nothing lists the known options instead", () => {
    const [issue] = issuesOf({ frobnicate: 1 });
    expect(issue?.path).toBe("frobnicate");
    expect(issue?.message).toMatch(/remove it \(known options: .*binaryPath.*timeoutMs/);
    expect(issue?.message).not.toContain("did you mean");
  });
  it("several unknown keys give one issue each", () => {
    expect(
      issuesOf({ envv: {}, binaryPth: "x" })
        .map((i) => i.path)
        .sort(),
    ).toEqual(["binaryPth", "envv"]);
  });
  it("unknown keys in a call's options are found by path too", async () => {
    const rocky = new RockyResource({ env: {} });
    const error = await rocky
      .compare({ filter: "a=b", thresholds: { row_count_diff_pct_wran: 0.1 } } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RockyConfigError);
    const issue = (error as RockyConfigError).issues.find((i) =>
      i.path.endsWith("row_count_diff_pct_wran"),
    );
    expect(issue?.path).toBe("thresholds.row_count_diff_pct_wran");
    expect(issue?.message).toMatch(/did you mean row_count_diff_pct_warn\?/);
  });
});

describe("every message names the field, what was given and the fix", () => {
  it.each([
    [
      "timeoutMs",
      "600000",
      /timeoutMs must be a number \(write 600000 without quotes\); got the string "600000"/,
    ],
    ["timeoutMs", null, /timeoutMs must be a number; got null/],
    ["timeoutMs", -1, /timeoutMs must be > 0; got -1/],
    ["killGraceMs", 1.5, /whole number of milliseconds; got 1\.5/],
    ["cwd", 42, /cwd must be a string, e\.g\. "\.\/project"; got 42/],
    [
      "binaryPath",
      "",
      /binaryPath must not be empty, e\.g\. "\/usr\/local\/bin\/rocky"; got the string ""/,
    ],
    ["shadowMode", "branch", /shadowMode must be one of .*; got the string "branch"/],
    [
      "shadowMode",
      "branchdeploy",
      /\(did you mean "branch_deploy"\?\); got the string "branchdeploy"/,
    ],
    ["previewDetectors", "github", /previewDetectors must be an array; got the string "github"/],
    ["stateNamespace", "a-b", /\^\[A-Za-z0-9_\]\+\$.*; got the string "a-b"/],
  ])("%s: %j", (field, value, message) => {
    const issues = issuesOf({ [field]: value });
    expect(issues[0]?.path).toBe(field);
    expect(issues[0]?.message).toMatch(message);
  });
  it("options that are not an object say what they were", () => {
    for (const [options, got] of [
      [[], "an array"],
      ["x", "string"],
      [null, "null"],
    ] as const) {
      expect(issuesOf(options)[0]?.message).toMatch(
        new RegExp(`options must be an object.*; got ${got}$`),
      );
    }
  });
  it("a bad logger says what it was", () => {
    expect(issuesOf({ logger: "console" })).toEqual([
      { path: "logger", message: expect.stringMatching(/pino Logger.*; got string$/) },
    ]);
  });

  const field = fc.constantFrom(
    "binaryPath",
    "configPath",
    "statePath",
    "stateNamespace",
    "modelsDir",
    "contractsDir",
    "cwd",
    "env",
    "timeoutMs",
    "killGraceMs",
    "shadowMode",
    "shadowSuffix",
    "previewDetectors",
  );
  const junk = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
  );
  it("property: any bad value of any field gives a message with its path, never zod's generic text", () => {
    fc.assert(
      fc.property(field, junk, fc.constantFrom("off", "always", "preview"), (key, value, mode) => {
        let error: unknown = null;
        try {
          new RockyResource({ shadowMode: mode, [key]: value } as RockyResourceOptions);
        } catch (e) {
          error = e;
        }
        if (error === null) return;
        expect(error).toBeInstanceOf(RockyConfigError);
        for (const issue of (error as RockyConfigError).issues) {
          expect(issue.path).not.toBe("");
          expect(issue.message).not.toMatch(/received\s*$/);
          expect(issue.message).not.toMatch(/^Invalid input|Unrecognized key/);
          expect(issue.message).toMatch(/; got |\(got /);
        }
      }),
      { numRuns: 1500 },
    );
  }, 60_000);
});
