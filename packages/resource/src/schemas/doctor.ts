// Generated from the rocky engine's `doctor.schema.json`, then reviewed by hand.
// Every object is loose and every enum open: see ./shared.ts.
import { z } from "zod";
import { openEnum } from "./shared.js";

/** Health check status. */
export const DoctorCheckStatusSchema = openEnum(["healthy", "warning", "critical"]);
/** The parsed form of {@link DoctorCheckStatusSchema}. */
export type DoctorCheckStatus = z.infer<typeof DoctorCheckStatusSchema>;

/** A single health check result. */
export const DoctorCheckSchema = z.looseObject({
  details: z.array(z.tuple([z.string(), z.string()])).optional(),
  duration_ms: z.number().int(),
  message: z.string(),
  name: z.string(),
  status: DoctorCheckStatusSchema,
});
/** The parsed form of {@link DoctorCheckSchema}. */
export type DoctorCheck = z.infer<typeof DoctorCheckSchema>;

/** Doctor output structure. */
export const DoctorOutputSchema = z.looseObject({
  checks: z.array(DoctorCheckSchema),
  command: z.string(),
  overall: DoctorCheckStatusSchema,
  suggestions: z.array(z.string()),
});
/** The parsed form of {@link DoctorOutputSchema}. */
export type DoctorOutput = z.infer<typeof DoctorOutputSchema>;
