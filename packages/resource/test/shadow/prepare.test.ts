// #prepare, the step that applies the shadow policy to one call: what it decides from the
// final argv (after any buildArgs override) and what it refuses before any spawn.
import { describe, expect, it } from "vitest";
import {
  RockyCommandError,
  RockyConfigError,
  RockyResource,
  type RockyVerb,
  RockyVersionError,
  type VerbArgsOptions,
} from "../../src/index.js";
import { sim, tempDir } from "../helpers.js";

/** A subclass whose buildArgs appends flags to one verb's argv. */
function appending(verb: RockyVerb, extra: string[]) {
  return class extends RockyResource {
    protected override buildArgs<V extends RockyVerb>(v: V, options: VerbArgsOptions[V]): string[] {
      const args = super.buildArgs(v, options);
      return v === verb ? [...args, ...extra] : args;
    }
  };
}

describe("a buildArgs override that shadows a write in production relies on the engine's shadow mode", () => {
  it("run with --shadow added by the override is refused below 1.70.0, after the probe only", async () => {
    const s = await sim({ version: "1.69.0" });
    const Shadowing = appending("run", ["--shadow", "--shadow-suffix", "_mine"]);
    const r = new Shadowing({ binaryPath: s.binaryPath, cwd: await tempDir(), env: {} });
    const err = await r.run({ filter: "a=b" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyVersionError);
    expect((err as RockyVersionError).minimumVersion).toBe("1.70.0");
    expect((await s.invocations()).filter((i) => i.verb !== null)).toEqual([]);
  });
  it("the same run without the override runs on 1.69.0 (production needs no shadow floor)", async () => {
    const s = await sim({ version: "1.69.0" });
    const r = new RockyResource({ binaryPath: s.binaryPath, cwd: await tempDir(), env: {} });
    expect((await r.run({ filter: "a=b" })).command).toBe("run");
  });
  it("--shadow on a verb that writes nothing is not a shadowed write: no floor (rocky judges the flag)", async () => {
    const s = await sim({ version: "1.69.0" });
    const Odd = appending("state", ["--shadow"]);
    const r = new Odd({ binaryPath: s.binaryPath, cwd: await tempDir(), env: {} });
    const err = await r.state().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyCommandError);
    expect(err).not.toBeInstanceOf(RockyVersionError);
  });
});

describe("a per-call stateNamespace on a resource with statePath is refused before spawning", () => {
  it("names the field, the reason and the fix, and the method", async () => {
    const s = await sim();
    const r = new RockyResource({
      binaryPath: s.binaryPath,
      cwd: await tempDir(),
      env: {},
      statePath: "state.redb",
    });
    const err = await r.run({ filter: "a=b", stateNamespace: "tenant_a" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RockyConfigError);
    const c = err as RockyConfigError;
    expect(c.command).toBe("run");
    expect(c.issues).toEqual([
      {
        path: "stateNamespace",
        message:
          "a per-call stateNamespace cannot be used on a resource with statePath (rocky ignores the namespace when a path is given); remove statePath from the resource or the namespace from the call",
      },
    ]);
    expect(await s.invocations()).toEqual([]);
  });
});
