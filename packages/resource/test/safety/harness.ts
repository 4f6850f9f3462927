// What the fail-closed suites share: the seed, and a call's outcome (the argv it would spawn,
// or the error it threw) checked against the model.
import { computePlanId } from "@dagster-rocky/testing";
import fc from "fast-check";
import { expect } from "vitest";
import {
  RockyConfigError,
  RockyError,
  type RockyResource,
  type RockyShadowError,
} from "../../src/index.js";
import { prepareInvocation } from "../../src/resource.js";
import { type Case, type Expected, isBranchEnv, isShadowedArgv, shadowRequired } from "./model.js";

// Seeded: every run draws the same cases, so a failure reproduces (fast-check prints the path).
export const SEED = 17_017;
fc.configureGlobal({ seed: SEED });

export type Outcome = { argv: string[] } | { error: unknown };

export async function outcome(
  make: () => RockyResource,
  verb: Parameters<typeof prepareInvocation>[1],
  call: unknown,
): Promise<Outcome> {
  try {
    return { argv: (await prepareInvocation(make(), verb, call)).argv };
  } catch (error) {
    return { error };
  }
}

export function checkAgainstModel(c: Case, got: Outcome, want: Expected): void {
  if ("argv" in want) {
    if (!("argv" in got))
      throw new Error(
        `expected argv ${JSON.stringify(want.argv)}, got ${String((got.error as Error)?.stack ?? got.error)}`,
      );
    expect(got.argv).toEqual(want.argv);
  } else {
    if (!("error" in got))
      throw new Error(`expected ${JSON.stringify(want)}, got argv ${JSON.stringify(got.argv)}`);
    expect(got.error).toBeInstanceOf(RockyError);
    expect((got.error as Error).name).toBe(want.error);
    if (want.error === "RockyShadowError")
      expect((got.error as RockyShadowError).reason).toBe(want.reason);
    if (want.error === "RockyConfigError") expect(got.error).toBeInstanceOf(RockyConfigError);
  }
  // The headline guarantee, independent of the exact model: a shadowed deployment never spawns unshadowed.
  if (shadowRequired(c) && "argv" in got) expect(isShadowedArgv(got.argv)).toBe(true);
  if (isBranchEnv(c.env) && c.mode === "branch_deploy" && "argv" in got) {
    expect(got.argv).toContain("--shadow");
    expect(
      got.argv.some((t) => /^--shadow-suffix=[A-Za-z0-9_]+$/.test(t) || t === "--shadow-suffix"),
    ).toBe(true);
  }
}

/** The id rocky gives a persisted plan of `kind` with `payload` (rocky-sim's computation). */
export const simPlanId = (kind: string, payload: unknown): Promise<string> =>
  computePlanId(kind, payload as Parameters<typeof computePlanId>[1]);
