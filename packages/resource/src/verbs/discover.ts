/** `rocky discover`: the sources rocky's adapters can see. */
import { z } from "zod";
import { nonEmptyArg } from "../validation.js";
import { opt, sw } from "./flags.js";
import { pathArg } from "./names.js";
import { callShape, flag } from "./shared.js";
import { defineVerb, schemaOutput } from "./types.js";

export const DiscoverOptionsSchema = z.strictObject({
  ...callShape,
  pipeline: nonEmptyArg("pipeline").optional(),
  withSchemas: flag("withSchemas"),
  /**
   * Also write each Fivetran adapter's connector state to this path
   * (`--emit-fivetran-state-to`, rocky >= 1.38.0); a local file, not the warehouse.
   */
  emitFivetranStateTo: pathArg("emitFivetranStateTo").optional(),
});

export const discoverVerb = defineVerb({
  name: "discover",
  options: DiscoverOptionsSchema,
  args: (o) => {
    const args = ["discover"];
    opt(args, "pipeline", o.pipeline);
    sw(args, "with-schemas", o.withSchemas);
    opt(args, "emit-fivetran-state-to", o.emitFivetranStateTo);
    return args;
  },
  output: schemaOutput(() => import("../schemas/discover.js").then((m) => m.DiscoverOutputSchema)),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "emitFivetranStateTo", minVersion: "1.38.0" }],
});
