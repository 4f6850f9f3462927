/** compare() refuses to guess which shadow tables to read. */
import { RockyShadowError } from "../errors.js";

/**
 * Throws when no suffix is in force: comparing rocky's default
 * `_rocky_shadow` tables by accident would report on the wrong tables.
 * @internal
 */
export function assertCompareSuffix(verb: string, suffix: string | null): asserts suffix is string {
  if (suffix === null) {
    throw new RockyShadowError(
      "suffix_required",
      `${verb}() needs a shadow suffix in force and none is (production, or shadowMode "off"). Pass shadowSuffix or shadowSchema, or call it where runs are shadowed; nothing was spawned`,
      { command: verb },
    );
  }
}
