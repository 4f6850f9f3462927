// RockyCommandError keeps the real engine's `Error:` line and `Caused by:` chain, with
// RUST_BACKTRACE=1 (stack frames after them fill any bounded stderr tail) and =0.
// Opt in like engine.test.ts: ROCKY_BIN names the engine; without it this file fails.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { RockyCommandError, RockyResource, STDERR_TAIL_LINES } from "@dagster-rocky/resource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROCKY_BIN = process.env.ROCKY_BIN;
if (ROCKY_BIN === undefined || ROCKY_BIN === "") {
  throw new Error(
    "the engine tests need ROCKY_BIN=/path/to/rocky (a real rocky engine; see docs/real-engine.md)",
  );
}
// Absolute: rocky runs in the temp projects below, and a relative path would be read from there.
const BIN = resolve(ROCKY_BIN);

/** The process environment without Dagster+ variables (production), RUST_BACKTRACE as given. */
function env(backtrace: "0" | "1"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("DAGSTER_CLOUD_")) out[k] = v;
  }
  return { ...out, RUST_BACKTRACE: backtrace };
}

let root = "";
let empty = "";
let broken = "";
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "rocky-engine-errors-"));
  empty = mkdtempSync(join(root, "empty-"));
  broken = mkdtempSync(join(root, "broken-"));
  writeFileSync(join(broken, "rocky.toml"), '[pipeline.x\ntype = "replication"\n');
});
afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

async function runError(cwd: string, backtrace: "0" | "1"): Promise<RockyCommandError> {
  const r = new RockyResource({ binaryPath: BIN, cwd, env: env(backtrace) });
  const err = await r.run({ filter: "tenant=acme" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RockyCommandError);
  return err as RockyCommandError;
}

describe("the engine's Error: line and cause chain survive RUST_BACKTRACE", () => {
  it.each(["1", "0"] as const)("no rocky.toml, RUST_BACKTRACE=%s", async (backtrace) => {
    const err = await runError(empty, backtrace);
    expect(err.exitCode).toBe(1);
    expect(err.rockyMessage).toBe("failed to load config from rocky.toml");
    expect(err.rockyCauses).toEqual(["No rocky.toml found at 'rocky.toml'"]);
    expect(err.message).toBe(
      "rocky run exited with code 1: failed to load config from rocky.toml\n  caused by: No rocky.toml found at 'rocky.toml'",
    );
    const tail = err.stderrTail.split("\n");
    expect(tail.length).toBeLessThanOrEqual(STDERR_TAIL_LINES);
    if (backtrace === "1") {
      // The premise: the bounded tail is all stack frames, rocky's message is not in it.
      expect(err.stderrTail).not.toContain("failed to load config");
      expect(tail.at(-1)).toMatch(/^\s+(\d+: |at )/);
    } else {
      expect(tail[0]).toBe("Error: failed to load config from rocky.toml");
    }
  });

  it.each(["1", "0"] as const)(
    "a rocky.toml that is not TOML, RUST_BACKTRACE=%s: numbered causes, each with its lines",
    async (backtrace) => {
      const err = await runError(broken, backtrace);
      expect(err.rockyMessage).toBe("failed to load config from rocky.toml");
      expect(err.rockyCauses).toHaveLength(2);
      expect(err.rockyCauses[0]).toMatch(/^failed to parse TOML: TOML parse error at line 1/);
      expect(err.rockyCauses[1]).toMatch(/^TOML parse error at line 1/);
      expect(err.rockyCauses[1]).toContain("unclosed table");
      expect(err.message).not.toMatch(/Stack backtrace|<unknown>/);
    },
  );
});
