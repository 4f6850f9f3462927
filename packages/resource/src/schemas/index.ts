// PLACEHOLDER: replaced by the full output contract (issue 4).
import { z } from "zod";

export const RunOutputSchema = z.looseObject({
  version: z.string(),
  command: z.string(),
  filter: z.string(),
  duration_ms: z.number(),
  tables_copied: z.number(),
  tables_failed: z.number(),
  materializations: z.array(
    z.looseObject({
      asset_key: z.array(z.string()),
      rows_copied: z.number().nullable().optional(),
      duration_ms: z.number(),
      metadata: z.looseObject({ strategy: z.string(), target_table_full_name: z.string().nullable().optional() }),
    }),
  ),
  shadow: z.boolean().optional(),
});
export type RunOutput = z.infer<typeof RunOutputSchema>;
export const PlanOutputSchema = z.looseObject({ version: z.string(), command: z.string(), plan_id: z.string().optional() });
export type PlanOutput = z.infer<typeof PlanOutputSchema>;
const any = z.looseObject({ version: z.string(), command: z.string() });
export const DiscoverOutputSchema = any;
export type DiscoverOutput = z.infer<typeof DiscoverOutputSchema>;
export const StateOutputSchema = any;
export type StateOutput = z.infer<typeof StateOutputSchema>;
export const DoctorOutputSchema = z.looseObject({ command: z.string(), overall: z.string() });
export type DoctorOutput = z.infer<typeof DoctorOutputSchema>;
export const CompileOutputSchema = any;
export type CompileOutput = z.infer<typeof CompileOutputSchema>;
export const TestOutputSchema = any;
export type TestOutput = z.infer<typeof TestOutputSchema>;
export const CompareOutputSchema = any;
export type CompareOutput = z.infer<typeof CompareOutputSchema>;
export const ApplyEnvelopeSchema = z.looseObject({
  command: z.literal("apply"),
  plan_id: z.string(),
  plan_kind: z.string(),
  result: z.unknown(),
  success: z.boolean(),
  version: z.string(),
});
export type ApplyEnvelope = z.infer<typeof ApplyEnvelopeSchema>;
