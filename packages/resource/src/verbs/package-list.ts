/**
 * `rocky package list`: the vendored dbt packages, with locally edited,
 * missing or pending `.incoming` files (rocky >= 1.77.0). Never mutates:
 * allowed anywhere.
 */
import type { PackageListOutput } from "../schemas/package-list.js";
import { PACKAGE_FLOOR } from "./package.js";
import { type CallOptions, CallOptionsSchema } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

/** Options of `packageList()`: the call options. */
export interface PackageListOptions extends CallOptions {}

/** What `packageList()` resolves to. */
export type PackageListResult = PackageListOutput;

/** @internal */
export const packageListVerb = defineVerb({
  name: "packageList",
  command: ["package", "list"],
  options: CallOptionsSchema,
  args: () => ["package", "list"],
  output: schemaOutput<PackageListResult>(() =>
    import("../schemas/package-list.js").then((m) => m.PackageListOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: PACKAGE_FLOOR,
});
