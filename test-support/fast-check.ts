// One seed for every fast-check property and sample in a test process: fixed under CI so a
// red CI run reproduces exactly, random locally so local runs keep exploring. FC_SEED
// overrides both (paste the seed a failure printed). fast-check prints the seed in every
// failure message ("{ seed: N, path: ... }"), and this file prints it after any failing test.
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { beforeEach } from "vitest";
import { isCI } from "./ci.js";

/** The seed CI uses. Changing it changes which cases CI explores; keep it stable. */
export const CI_PROPERTY_SEED = 20_261_201;

/** The seed for this process: FC_SEED, else CI_PROPERTY_SEED under CI, else random. */
export function chooseSeed(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const given = env.FC_SEED?.trim();
  if (given !== undefined && given !== "") {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed)) {
      throw new Error(
        `FC_SEED must be an integer (got "${given}"): use the seed a failure printed`,
      );
    }
    return seed;
  }
  return isCI(env) ? CI_PROPERTY_SEED : randomInt(-(2 ** 31), 2 ** 31 - 1);
}

/** The seed fast-check was configured with by this setup file. */
export function propertySeed(): number {
  const seed = fc.readConfigureGlobal().seed;
  if (typeof seed !== "number") {
    throw new Error("fast-check has no global seed: add test-support/fast-check.ts to setupFiles");
  }
  return seed;
}

/** Text for assertion messages of tests built on fc.sample (fast-check prints it for fc.assert). */
export function seedNote(): string {
  return `fast-check seed ${propertySeed()} (rerun with FC_SEED=${propertySeed()})`;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: chooseSeed() });

// Tests built on fc.sample fail through plain expects: name the seed for every failing test.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.error(seedNote());
  });
});
