/**
 * `rocky package add <namespace>/<name>[@<version>]`: vendors a dbt Hub
 * package as rocky models under `models/packages/<package>/` and records it
 * in `rocky-packages.lock` (rocky >= 1.77.0). Refused where shadowing is
 * required (see PACKAGE_WRITE_POLICY). A refusal by rocky (E055) is a
 * RockyCommandError; findings to review come back in `diagnostics`.
 */
import { z } from "zod";
import type { PackageAddOutput } from "../schemas/package-add.js";
import { identifier, packageSpec } from "../value-rules.js";
import {
  PACKAGE_FLOOR,
  PACKAGE_WRITE_POLICY,
  type PackageBuildOptions,
  packageBuildShape,
  pushPackageBuildArgs,
} from "./package.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `packageAdd()` (the package spec is its first argument). */
export interface PackageAddOptions extends CallOptions, PackageBuildOptions {
  /** The schema the vendored models target (`--target-schema`; an identifier). */
  targetSchema?: string | undefined;
}

/** What `packageAdd()` resolves to. */
export type PackageAddResult = PackageAddOutput;

/** @internal */
export const PackageAddOptionsSchema = optionsSchema<PackageAddOptions & { spec: string }>()(
  z.strictObject({
    ...callShape,
    ...packageBuildShape,
    spec: packageSpec("spec"),
    targetSchema: identifier("targetSchema", '"stripe"').optional(),
  }),
);

/** @internal */
export const packageAddVerb = defineVerb({
  name: "packageAdd",
  command: ["package", "add"],
  options: PackageAddOptionsSchema,
  positionals: ["spec"],
  args: (o) => {
    const args = ["package", "add"];
    pushPackageBuildArgs(args, o);
    args.push("--", o.spec);
    return args;
  },
  output: schemaOutput<PackageAddResult>(() =>
    import("../schemas/package-add.js").then((m) => m.PackageAddOutputSchema),
  ),
  shadow: PACKAGE_WRITE_POLICY,
  resultExitCodes: [],
  minVersion: PACKAGE_FLOOR,
});
