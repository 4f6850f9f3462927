import { describe, expect, it } from "vitest";
import * as dist from "../dist/index.js";
import * as root from "../src/index.js";

const makers: [string, () => root.RockyError, string][] = [
  [
    "RockyConfigError",
    () => new root.RockyConfigError([{ path: "x", message: "bad" }]),
    "INVALID_OPTIONS",
  ],
  ["RockyShadowError", () => new root.RockyShadowError("suffix_required", "no"), "SUFFIX_REQUIRED"],
  [
    "RockyBinaryNotFoundError",
    () => new root.RockyBinaryNotFoundError("/x", { code: "EACCES" }),
    "EACCES",
  ],
  [
    "RockyVersionError",
    () => new root.RockyVersionError("1.0.0", "1.34.0", "rocky"),
    "VERSION_TOO_OLD",
  ],
  [
    "RockyTimeoutError",
    () =>
      new root.RockyTimeoutError({
        command: "run",
        timeoutMs: 1,
        durationMs: 1,
        pid: 1,
        stderrTail: "",
      }),
    "TIMEOUT",
  ],
  [
    "RockyAbortError",
    () => new root.RockyAbortError({ command: "run", reason: "stop", spawned: false }),
    "ABORTED",
  ],
  [
    "RockyCommandError",
    () =>
      new root.RockyCommandError({
        command: "run",
        exitCode: 1,
        signal: null,
        durationMs: 1,
        stderrTail: "",
      }),
    "COMMAND_FAILED",
  ],
  [
    "RockyPartialFailureError",
    () =>
      new root.RockyPartialFailureError({
        command: "run",
        exitCode: 2,
        durationMs: 1,
        stderrTail: "",
        result: {},
      }),
    "PARTIAL_FAILURE",
  ],
  [
    "RockyOutputParseError",
    () => new root.RockyOutputParseError({ command: "run", kind: "json", detail: "d", stdout: "" }),
    "OUTPUT_NOT_JSON",
  ],
];

describe("every error has a stable name ending in Error and a string code", () => {
  it.each(makers)("%s", (name, make, code) => {
    const e = make();
    expect(e.name).toBe(name);
    expect(e.name.endsWith("Error")).toBe(true);
    expect(e.code).toBe(code);
    expect(e).toBeInstanceOf(root.RockyError);
  });

  it("the deprecated fields keep their old values", () => {
    const shadow = new root.RockyShadowError("plan_not_shadowed", "no");
    expect(shadow.reason).toBe("plan_not_shadowed");
    expect(shadow.code).toBe("PLAN_NOT_SHADOWED");
    const parse = new root.RockyOutputParseError({
      command: "run",
      kind: "too_large",
      detail: "d",
      stdout: "",
    });
    expect([parse.kind, parse.code]).toEqual(["too_large", "OUTPUT_TOO_LARGE"]);
    const spawn = new root.RockyBinaryNotFoundError("/x");
    expect([spawn.code, spawn.osCode]).toEqual(["SPAWN_FAILED", null]);
  });

  it("RockyPartialFailure is a deprecated alias of the same class", () => {
    expect(root.RockyPartialFailure).toBe(root.RockyPartialFailureError);
  });
});

describe("RockyErrorCode: every code is one closed union", () => {
  // Listed once here: the compiler fails when a code is added to or removed from the union.
  const EVERY_CODE: Record<root.RockyErrorCode, true> = {
    ROCKY_ERROR: true,
    INVALID_OPTIONS: true,
    INVALID_SUFFIX: true,
    SUFFIX_REQUIRED: true,
    HOOK_FAILED: true,
    ARGS_NOT_SHADOWED: true,
    PLAN_NOT_SHADOWED: true,
    REFUSED_WHEN_SHADOWED: true,
    PIPELINE_NOT_SHADOWABLE: true,
    PIPELINE_UNKNOWN: true,
    ENGINE_VERSION_UNKNOWN: true,
    DEPLOYMENT_UNKNOWN: true,
    DEPLOYMENT_AMBIGUOUS: true,
    STATE_NOT_ISOLATED: true,
    CONFIG_CHANGED: true,
    ENOENT: true,
    EACCES: true,
    EISDIR: true,
    ENOTDIR: true,
    ENOEXEC: true,
    EPERM: true,
    ELOOP: true,
    ENAMETOOLONG: true,
    ETXTBSY: true,
    SPAWN_FAILED: true,
    VERSION_TOO_OLD: true,
    TIMEOUT: true,
    ABORTED: true,
    COMMAND_FAILED: true,
    PARTIAL_FAILURE: true,
    OUTPUT_NOT_JSON: true,
    OUTPUT_INVALID: true,
    OUTPUT_TOO_LARGE: true,
    DOCTOR_CRITICAL: true,
    DOCTOR_UNAVAILABLE: true,
    SERVER_UNREACHABLE: true,
    SERVER_ERROR: true,
    BAD_REQUEST: true,
    CONFIG_INVALID: true,
    ENGINE_BUSY: true,
    ENGINE_NOT_READY: true,
    INTERNAL_ERROR: true,
    INVALID_SIGNATURE: true,
    JOB_NOT_FOUND: true,
    METHOD_NOT_ALLOWED: true,
    MODEL_NOT_FOUND: true,
    MUTATION_IN_PROGRESS: true,
    PIPELINE_NOT_FOUND: true,
    RATE_LIMITED: true,
    ROUTE_NOT_FOUND: true,
    UNAUTHORIZED: true,
    WEBHOOK_DISABLED: true,
  };
  it.each(makers)("%s's code is in the union", (_name, make) => {
    expect(Object.hasOwn(EVERY_CODE, make().code)).toBe(true);
  });
  it("an OS code outside the known ones is SPAWN_FAILED (the raw one in osCode)", () => {
    const e = new root.RockyBinaryNotFoundError("/x", { code: "EWEIRD" });
    expect([e.code, e.osCode]).toEqual(["SPAWN_FAILED", "EWEIRD"]);
    expect(new root.RockyBinaryNotFoundError("/x", { code: "ENOENT" }).code).toBe("ENOENT");
  });
  it("an envelope code rocky serve does not have is SERVER_ERROR (the raw one in serverCode)", () => {
    const known = new root.RockyServerError({
      command: "metrics",
      path: "/api/v1/x",
      status: 404,
      serverCode: "model_not_found",
    });
    const unknown = new root.RockyServerError({
      command: "metrics",
      path: "/api/v1/x",
      status: 418,
      serverCode: "teapot",
    });
    expect([known.code, unknown.code, unknown.serverCode]).toEqual([
      "MODEL_NOT_FOUND",
      "SERVER_ERROR",
      "teapot",
    ]);
  });
});

describe("isRockyError recognises SDK errors across package copies, and only them", () => {
  it.each(makers)("%s from this copy", (_name, make) => {
    expect(root.isRockyError(make())).toBe(true);
  });

  it("an error made by another copy of the package (the built dist) is recognised both ways", () => {
    const other = new dist.RockyCommandError({
      command: "run",
      exitCode: 1,
      signal: null,
      durationMs: 1,
      stderrTail: "",
    });
    expect(other).not.toBeInstanceOf(root.RockyError); // two copies: instanceof fails...
    expect(root.isRockyError(other)).toBe(true); // ...the brand does not
    expect(dist.isRockyError(new root.RockyConfigError([]))).toBe(true);
  });

  it("look-alikes and non-errors are not", () => {
    const lookAlike = Object.assign(new Error("x"), {
      name: "RockyCommandError",
      code: "COMMAND_FAILED",
      command: "run",
    });
    const plain = { name: "RockyError", code: "ROCKY_ERROR", message: "x" };
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    for (const v of [
      lookAlike,
      plain,
      hostile,
      null,
      undefined,
      "RockyError",
      1,
      new TypeError("x"),
    ]) {
      expect(root.isRockyError(v)).toBe(false);
    }
  });

  it("a user subclass of RockyError is recognised", () => {
    class MyError extends root.RockyError {}
    expect(root.isRockyError(new MyError("x"))).toBe(true);
  });
});
