/** `rocky doctor`: health checks; a critical finding (exit 3 with a report) is a result. */
import { z } from "zod";
import { nonEmptyArg } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const DoctorOptionsSchema = z.strictObject({
  ...callShape,
  check: nonEmptyArg("check").optional(),
  verbose: flag("verbose"),
});

export const doctorVerb = defineVerb({
  name: "doctor",
  options: DoctorOptionsSchema,
  args: (o) => {
    const args = ["doctor"];
    opt(args, "check", o.check);
    sw(args, "verbose", o.verbose);
    return args;
  },
  output: schemaOutput(() => import("../schemas/doctor.js").then((m) => m.DoctorOutputSchema)),
  shadow: "none",
  resultExitCodes: [3],
});
