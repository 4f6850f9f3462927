/**
 * `rocky package update [<name>]`: recompiles vendored packages (every one
 * without a name) in the lockfile's recorded mode, which `buildEmpty`
 * overrides (rocky >= 1.77.0). Edited files are never overwritten (the new
 * version lands beside them as `<file>.incoming`). Refused where shadowing is
 * required (see PACKAGE_WRITE_POLICY).
 */
import { z } from "zod";
import type { PackageUpdateOutput } from "../schemas/package-update.js";
import { identifier } from "../value-rules.js";
import {
  PACKAGE_FLOOR,
  PACKAGE_WRITE_POLICY,
  type PackageBuildOptions,
  packageBuildShape,
  pushPackageBuildArgs,
} from "./package.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `packageUpdate()` (the package name, when one, is its first argument). */
export interface PackageUpdateOptions extends CallOptions, PackageBuildOptions {}

/** What `packageUpdate()` resolves to. */
export type PackageUpdateResult = PackageUpdateOutput;

/** @internal */
export const PackageUpdateOptionsSchema = optionsSchema<
  PackageUpdateOptions & { name?: string | undefined }
>()(
  z.strictObject({
    ...callShape,
    ...packageBuildShape,
    name: identifier("name", '"stripe"').optional(),
  }),
);

/** @internal */
export const packageUpdateVerb = defineVerb({
  name: "packageUpdate",
  command: ["package", "update"],
  options: PackageUpdateOptionsSchema,
  positionals: ["name"],
  args: (o) => {
    const args = ["package", "update"];
    pushPackageBuildArgs(args, o);
    if (o.name !== undefined) args.push("--", o.name);
    return args;
  },
  output: schemaOutput<PackageUpdateResult>(() =>
    import("../schemas/package-update.js").then((m) => m.PackageUpdateOutputSchema),
  ),
  shadow: PACKAGE_WRITE_POLICY,
  resultExitCodes: [],
  minVersion: PACKAGE_FLOOR,
});
