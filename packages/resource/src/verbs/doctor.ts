/** `rocky doctor`: health checks; a critical finding (exit 3 with a report) is a result. */
import { z } from "zod";
import type { DoctorOutput } from "../schemas/doctor.js";
import { flag, nonEmpty } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `doctor()`. */
export interface DoctorOptions extends CallOptions {
  /** Run one check only (`--check`, e.g. `"state_rw"`; the names are `DOCTOR_CHECKS`). */
  check?: string | undefined;
  /** Verbose findings (`--verbose`). */
  verbose?: boolean | undefined;
}

/** What `doctor()` resolves to. */
export type DoctorResult = DoctorOutput;

/** @internal */
export const DoctorOptionsSchema = optionsSchema<DoctorOptions>()(
  z.strictObject({
    ...callShape,
    check: nonEmpty("check", '"state_rw"').optional(),
    verbose: flag("verbose").optional(),
  }),
);

/** @internal */
export const doctorVerb = defineVerb({
  name: "doctor",
  command: ["doctor"],
  options: DoctorOptionsSchema,
  args: (o) => {
    const args = ["doctor"];
    opt(args, "check", o.check);
    sw(args, "verbose", o.verbose);
    return args;
  },
  output: schemaOutput<DoctorResult>(() =>
    import("../schemas/doctor.js").then((m) => m.DoctorOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [3],
});
