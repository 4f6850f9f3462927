/**
 * `rocky profile <model>`: a per-column profile of the model's target table
 * (DuckDB only; rocky >= 1.46.0, engine CHANGELOG). `sample` > 0 needs rocky
 * >= 1.77.0 (rocky-sdk 0.29.0's table of engine floors). Read-only: allowed
 * anywhere.
 */
import { z } from "zod";
import type { ProfileOutput } from "../schemas/profile.js";
import { identifier, modelName, u32 } from "../value-rules.js";
import { opt } from "./flags.js";
import { type CallOptions, callShape } from "./shared.js";
import { defineVerb, optionsSchema, schemaOutput } from "./types.js";

/** Options of `profile()` (the model is its first argument). */
export interface ProfileOptions extends CallOptions {
  /** Profile only this column (`--column`; an identifier). */
  column?: string | undefined;
  /**
   * Up to this many random distinct non-null values per column in
   * `sample_values` (`--sample`, rocky >= 1.77.0); 0, like unset, sends nothing.
   */
  sample?: number | undefined;
}

/** What `profile()` resolves to. */
export type ProfileResult = ProfileOutput;

/** @internal */
export const ProfileOptionsSchema = optionsSchema<ProfileOptions & { model: string }>()(
  z.strictObject({
    ...callShape,
    model: modelName("model"),
    column: identifier("column", '"amount"').optional(),
    // 0 is rocky-sdk's default: no flag, and no engine floor.
    sample: u32("sample", 0)
      .optional()
      .transform((n) => (n === 0 ? undefined : n)),
  }),
);

/** @internal */
export const profileVerb = defineVerb({
  name: "profile",
  command: ["profile"],
  options: ProfileOptionsSchema,
  positionals: ["model"],
  args: (o, ctx) => {
    const args = ["profile", `--models=${ctx.modelsDir}`];
    opt(args, "column", o.column);
    opt(args, "sample", o.sample);
    args.push("--", o.model);
    return args;
  },
  output: schemaOutput<ProfileResult>(() =>
    import("../schemas/profile.js").then((m) => m.ProfileOutputSchema),
  ),
  shadow: "none",
  resultExitCodes: [],
  minVersion: "1.46.0",
  featureFloors: [{ option: "sample", minVersion: "1.77.0" }],
});
