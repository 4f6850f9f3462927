/** `rocky validate-migration`: a dbt project imported and checked against rocky. */
import { z } from "zod";
import type { ValidateMigrationOutput } from "../schemas/validate-migration.js";
import { path, positiveInt } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `validateMigration()`. */
export interface ValidateMigrationOptions extends CallOptions {
  /** The dbt project directory (`--dbt-project`). Required. */
  dbtProject: string;
  /** A rocky project directory, for a side-by-side comparison (`--rocky-project`). */
  rockyProject?: string | undefined;
  /** Rows sampled per table (`--sample-size`, >= 1). */
  sampleSize?: number | undefined;
}

/** What `validateMigration()` resolves to. */
export type ValidateMigrationResult = ValidateMigrationOutput;

/** @internal */
export const ValidateMigrationOptionsSchema = optionsSchema<ValidateMigrationOptions>()(
  z.strictObject({
    ...callShape,
    dbtProject: path("dbtProject", '"./dbt"'),
    rockyProject: path("rockyProject", '"."').optional(),
    sampleSize: positiveInt("sampleSize").optional(),
  }),
);

/** @internal */
export const validateMigrationVerb = defineVerb({
  name: "validateMigration",
  command: ["validate-migration"],
  options: ValidateMigrationOptionsSchema,
  args: (o) => {
    const args = ["validate-migration", `--dbt-project=${o.dbtProject}`];
    opt(args, "rocky-project", o.rockyProject);
    opt(args, "sample-size", o.sampleSize);
    return args;
  },
  output: schemaOutput<ValidateMigrationResult>(() =>
    import("../schemas/validate-migration.js").then((m) => m.ValidateMigrationOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
