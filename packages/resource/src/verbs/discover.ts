/** `rocky discover`: the sources rocky's adapters can see. */
import { z } from "zod";
import { nonEmptyArg } from "../validation.js";
import { opt, sw } from "./flags.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const DiscoverOptionsSchema = z.strictObject({
  ...callShape,
  pipeline: nonEmptyArg("pipeline").optional(),
  withSchemas: flag("withSchemas"),
});

export const discoverVerb = defineVerb({
  name: "discover",
  options: DiscoverOptionsSchema,
  args: (o) => {
    const args = ["discover"];
    opt(args, "pipeline", o.pipeline);
    sw(args, "with-schemas", o.withSchemas);
    return args;
  },
  output: schemaOutput(() => import("../schemas/discover.js").then((m) => m.DiscoverOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
});
