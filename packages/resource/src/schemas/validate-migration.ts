// Generated from the rocky engine's `validate_migration.schema.json` (engine 1.71.0, rocky-data/rocky 98e7d385).
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";

/** Validates the `ModelValidationOutput` object of the engine's `validate_migration.schema.json`. */
export const ModelValidationOutputSchema = z.looseObject({
  compile_ok: z.boolean(),
  contracts_generated: z.number().int(),
  dbt_description: z.string().nullish(),
  model: z.string(),
  present_in_dbt: z.boolean(),
  present_in_rocky: z.boolean(),
  rocky_intent: z.string().nullish(),
  test_count: z.number().int(),
  warnings: z.array(z.string()),
});
/** The parsed form of {@link ModelValidationOutputSchema}. */
export type ModelValidationOutput = z.infer<typeof ModelValidationOutputSchema>;

/** JSON output for `rocky validate-migration`. */
export const ValidateMigrationOutputSchema = z.looseObject({
  command: z.string(),
  dbt_version: z.string().nullish(),
  models_failed: z.number().int(),
  models_imported: z.number().int(),
  project_name: z.string().nullish(),
  total_contracts: z.number().int(),
  total_tests: z.number().int(),
  total_warnings: z.number().int(),
  validations: z.array(ModelValidationOutputSchema),
  version: z.string(),
});
/** The parsed form of {@link ValidateMigrationOutputSchema}. */
export type ValidateMigrationOutput = z.infer<typeof ValidateMigrationOutputSchema>;
