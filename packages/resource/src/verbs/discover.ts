/** `rocky discover`: the sources rocky's adapters can see. */
import { z } from "zod";
import type { DiscoverOutput } from "../schemas/discover.js";
import { flag, path, pipelineName } from "../value-rules.js";
import { opt, sw } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `discover()`. */
export interface DiscoverOptions extends CallOptions {
  /** The pipeline whose sources are listed (`--pipeline`; default: rocky's). */
  pipeline?: string | undefined;
  /** Also list each source's table schemas (`--with-schemas`). */
  withSchemas?: boolean | undefined;
  /**
   * Also write each Fivetran adapter's connector state to this path
   * (`--emit-fivetran-state-to`, rocky >= 1.38.0); a local file, not the warehouse.
   */
  emitFivetranStateTo?: string | undefined;
}

/** What `discover()` resolves to. */
export type DiscoverResult = DiscoverOutput;

/** @internal */
export const DiscoverOptionsSchema = optionsSchema<DiscoverOptions>()(
  z.strictObject({
    ...callShape,
    pipeline: pipelineName("pipeline").optional(),
    withSchemas: flag("withSchemas").optional(),
    emitFivetranStateTo: path("emitFivetranStateTo", '"./fivetran-state.json"').optional(),
  }),
);

/** @internal */
export const discoverVerb = defineVerb({
  name: "discover",
  command: ["discover"],
  options: DiscoverOptionsSchema,
  args: (o) => {
    const args = ["discover"];
    opt(args, "pipeline", o.pipeline);
    sw(args, "with-schemas", o.withSchemas);
    opt(args, "emit-fivetran-state-to", o.emitFivetranStateTo);
    return args;
  },
  output: schemaOutput<DiscoverResult>(() =>
    import("../schemas/discover.js").then((m) => m.DiscoverOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  featureFloors: [{ option: "emitFivetranStateTo", minVersion: "1.38.0" }],
});
