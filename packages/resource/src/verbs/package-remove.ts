/**
 * `rocky package remove <name>`: deletes the package's vendored files and its
 * lock entry (rocky >= 1.77.0); rocky refuses (E055, a RockyCommandError)
 * when a vendored file was edited, unless `force`. Refused where shadowing is
 * required (see PACKAGE_WRITE_POLICY).
 */
import { z } from "zod";
import type { PackageRemoveOutput } from "../schemas/package-remove.js";
import { flag, identifier } from "../value-rules.js";
import { sw } from "./flags.js";
import { PACKAGE_FLOOR, PACKAGE_WRITE_POLICY } from "./package.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `packageRemove()` (the package name is its first argument). */
export interface PackageRemoveOptions extends CallOptions {
  /** Remove even when a vendored file was edited (`--force`): the edits are lost. */
  force?: boolean | undefined;
}

/** What `packageRemove()` resolves to. */
export type PackageRemoveResult = PackageRemoveOutput;

/** @internal */
export const PackageRemoveOptionsSchema = optionsSchema<PackageRemoveOptions & { name: string }>()(
  z.strictObject({
    ...callShape,
    name: identifier("name", '"stripe"'),
    force: flag("force").optional(),
  }),
);

/** @internal */
export const packageRemoveVerb = defineVerb({
  name: "packageRemove",
  command: ["package", "remove"],
  options: PackageRemoveOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["package", "remove"];
    sw(args, "force", o.force);
    args.push("--", o.name);
    return args;
  },
  output: schemaOutput<PackageRemoveResult>(() =>
    import("../schemas/package-remove.js").then((m) => m.PackageRemoveOutputSchema),
  ),
  shadow: PACKAGE_WRITE_POLICY,
  resultExitCodes: [],
  minVersion: PACKAGE_FLOOR,
});
