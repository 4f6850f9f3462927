/** `rocky validate-migration`: a dbt project imported and checked against rocky. */
import { z } from "zod";
import { opt } from "./flags.js";
import { callShape } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";
import { pathArg, positiveInt } from "./values.js";

export const ValidateMigrationOptionsSchema = z.strictObject({
  ...callShape,
  /** The dbt project directory. */
  dbtProject: pathArg("dbtProject"),
  /** A rocky project directory, for a side-by-side comparison. */
  rockyProject: pathArg("rockyProject").optional(),
  /** Rows sampled per table. */
  sampleSize: positiveInt("sampleSize").optional(),
});

export const validateMigrationVerb = defineVerb({
  name: "validate-migration",
  options: ValidateMigrationOptionsSchema,
  args: (o) => {
    const args = ["validate-migration", `--dbt-project=${o.dbtProject}`];
    opt(args, "rocky-project", o.rockyProject);
    opt(args, "sample-size", o.sampleSize);
    return args;
  },
  output: schemaOutput(() =>
    import("../schemas/validate-migration.js").then((m) => m.ValidateMigrationOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
});
